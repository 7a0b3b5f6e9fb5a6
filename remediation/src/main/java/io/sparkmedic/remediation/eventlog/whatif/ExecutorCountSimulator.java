package io.sparkmedic.remediation.eventlog.whatif;

import io.sparkmedic.remediation.eventlog.model.ApplicationModel;
import io.sparkmedic.remediation.eventlog.model.ApplicationModel.JobSpan;
import io.sparkmedic.remediation.eventlog.model.StageSummary;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Predicts an application's wall time at other executor counts from its recorded tasks, in the
 * manner of Sparklens: the time in which no job ran stays as it was; each job's time is simulated,
 * stage by stage, by scheduling its recorded task durations onto the given slots ({@link
 * io.sparkmedic.remediation.eventlog.model.StageMakespan}).
 *
 * <p>A job's simulated time is the longer of its critical path through the stage graph (stages wait
 * for their parents) and its total task time spread over all slots (independent stages share the
 * slots). What the simulation does not see — scheduler delay, stage submission, locality waits — is
 * the difference between the job's actual and simulated time at the observed count; it is carried
 * over unchanged to every count, so the prediction at the observed count is the actual time.
 */
public final class ExecutorCountSimulator {

  private ExecutorCountSimulator() {}

  /** Predictions at ¼, ½, 1, 2 and 4 × the peak executor count. */
  public static WhatIfReport predict(ApplicationModel model) {
    int peak = Math.max(1, model.cluster().peakExecutors());
    TreeSet<Integer> counts = new TreeSet<>();
    for (double f : new double[] {0.25, 0.5, 1, 2, 4}) {
      counts.add(Math.max(1, (int) Math.round(peak * f)));
    }
    return predict(model, List.copyOf(counts));
  }

  public static WhatIfReport predict(ApplicationModel model, List<Integer> executorCounts) {
    long start = model.application().startTime();
    long end = model.application().endTime();
    if (start < 0 || end < start || model.jobs().isEmpty()) {
      return WhatIfReport.NONE;
    }
    long actual = end - start;
    int slotsPerExecutor = model.cluster().slotsPerExecutor();
    int peak = Math.max(1, model.cluster().peakExecutors());
    int observedSlots = peak * slotsPerExecutor;

    Map<Integer, List<StageSummary>> attemptsByStage = new HashMap<>();
    for (StageSummary s : model.stages()) {
      attemptsByStage.computeIfAbsent(s.stageId(), k -> new ArrayList<>()).add(s);
    }
    List<long[]> windows = new ArrayList<>();
    long jobsActual = 0;
    long jobsAtObserved = 0;
    long jobsMinimum = 0;
    for (JobSpan job : model.jobs()) {
      long jobEnd = job.endTime() >= 0 ? job.endTime() : end;
      if (job.startTime() < 0 || jobEnd < job.startTime()) {
        continue;
      }
      windows.add(new long[] {job.startTime(), jobEnd});
      long jobActual = jobEnd - job.startTime();
      long simulated = jobTime(job, attemptsByStage, observedSlots);
      jobsActual += jobActual;
      jobsAtObserved += simulated;
      jobsMinimum += Math.max(0, jobActual - simulated) + criticalPath(job, attemptsByStage, 1e12);
    }
    long inJobs = unionLength(windows);
    long driver = Math.max(0, actual - inJobs);
    long overhead = Math.max(0, jobsActual - jobsAtObserved);

    List<WhatIf> points = new ArrayList<>();
    for (int executors : executorCounts) {
      int slots = executors * slotsPerExecutor;
      long predicted;
      if (slots == observedSlots) {
        predicted = actual;
      } else {
        long jobs = 0;
        for (JobSpan job : model.jobs()) {
          jobs += jobTime(job, attemptsByStage, slots);
        }
        predicted = driver + scale(inJobs, jobs + overhead, jobsActual);
      }
      points.add(new WhatIf(executors, slots, predicted, executors == peak));
    }
    long minimum = driver + scale(inJobs, jobsMinimum, jobsActual);
    return new WhatIfReport(actual, peak, slotsPerExecutor, driver, minimum, points);
  }

  /** Concurrent jobs overlap: their summed times are mapped back onto the time jobs ran. */
  private static long scale(long inJobs, long jobs, long jobsActual) {
    return jobsActual == 0 ? jobs : Math.round((double) inJobs * jobs / jobsActual);
  }

  private static long jobTime(JobSpan job, Map<Integer, List<StageSummary>> stages, double slots) {
    long work = 0;
    for (int id : job.stageIds()) {
      for (StageSummary s : stages.getOrDefault(id, List.of())) {
        if (s.makespan() != null) {
          work += s.makespan().totalTaskMs();
        }
      }
    }
    return Math.max(criticalPath(job, stages, slots), (long) (work / slots));
  }

  private static long criticalPath(
      JobSpan job, Map<Integer, List<StageSummary>> stages, double slots) {
    Map<Integer, Long> finish = new HashMap<>();
    long longest = 0;
    for (int id : job.stageIds().stream().sorted().toList()) {
      longest = Math.max(longest, finish(id, job, stages, slots, finish));
    }
    return longest;
  }

  private static long finish(
      int id,
      JobSpan job,
      Map<Integer, List<StageSummary>> stages,
      double slots,
      Map<Integer, Long> memo) {
    Long known = memo.get(id);
    if (known != null) {
      return known;
    }
    memo.put(id, 0L); // a cycle cannot happen in a DAG; this guards malformed logs
    List<StageSummary> attempts = stages.getOrDefault(id, List.of());
    long own = 0;
    long ready = 0;
    for (StageSummary s : attempts) {
      if (s.makespan() != null) {
        own += s.makespan().at(slots);
      }
      for (int parent : s.parentIds()) {
        if (job.stageIds().contains(parent)) {
          ready = Math.max(ready, finish(parent, job, stages, slots, memo));
        }
      }
    }
    long f = ready + own;
    memo.put(id, f);
    return f;
  }

  private static long unionLength(List<long[]> windows) {
    windows.sort((a, b) -> Long.compare(a[0], b[0]));
    long total = 0;
    long curStart = -1;
    long curEnd = -1;
    for (long[] w : windows) {
      if (w[0] > curEnd) {
        total += curEnd - curStart;
        curStart = w[0];
        curEnd = w[1];
      } else {
        curEnd = Math.max(curEnd, w[1]);
      }
    }
    return total + (curEnd - curStart);
  }
}
