package io.sparkmedic.remediation.eventlog.finding;

import static io.sparkmedic.remediation.eventlog.finding.Units.millis;
import static io.sparkmedic.remediation.eventlog.finding.Units.percent;

import io.sparkmedic.remediation.eventlog.model.ApplicationModel;
import io.sparkmedic.remediation.eventlog.model.ApplicationModel.JobSpan;
import io.sparkmedic.remediation.eventlog.model.ExecutorSpan;
import io.sparkmedic.remediation.eventlog.whatif.WhatIf;
import io.sparkmedic.remediation.eventlog.whatif.WhatIfReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Over-provisioning: executors that ran no task at all, or task slots mostly idle while jobs ran
 * and the what-if says half the executors would have finished about as fast.
 */
final class IdleExecutorCheck {

  private final ApplicationModel model;
  private final FindingThresholds t;

  IdleExecutorCheck(ApplicationModel model, FindingThresholds thresholds) {
    this.model = model;
    this.t = thresholds;
  }

  Optional<Finding> find(WhatIfReport whatIf) {
    long end = model.application().endTime();
    List<String> evidence = new ArrayList<>();
    List<ExecutorSpan> unused =
        model.executors().stream().filter(e -> e.tasks() == 0 && !"driver".equals(e.id())).toList();
    if (!unused.isEmpty()) {
      long idle = unused.stream().mapToLong(e -> e.aliveMs(end) * Math.max(1, e.cores())).sum();
      evidence.add(
          unused.size()
              + " of "
              + model.executors().size()
              + " executors ran no task ("
              + millis(idle)
              + " of cores held for nothing)");
    }
    double busy = busyShareDuringJobs(end);
    Optional<WhatIf> current = whatIf.at(whatIf.executors());
    Optional<WhatIf> half = whatIf.at(Math.max(1, (int) Math.round(whatIf.executors() * 0.5)));
    boolean overProvisioned =
        busy >= 0
            && busy < t.idleBusyShare()
            && whatIf.executors() > 1
            && current.isPresent()
            && half.isPresent()
            && half.get().executors() < current.get().executors()
            && half.get().predictedMs() <= current.get().predictedMs() * (1 + t.idleHalfSlowdown());
    if (overProvisioned) {
      evidence.add(
          "task slots were busy "
              + percent(busy)
              + " of the time jobs ran; with "
              + half.get().executors()
              + " executors instead of "
              + current.get().executors()
              + " the run is predicted at "
              + millis(half.get().predictedMs())
              + " against "
              + millis(current.get().predictedMs()));
    }
    if (evidence.isEmpty()) {
      return Optional.empty();
    }
    List<Recommendation> recommendations = new ArrayList<>();
    if (overProvisioned) {
      recommendations.add(
          new Recommendation(
              "Run with " + half.get().executors() + " executors",
              Map.of("spark.executor.instances", Integer.toString(half.get().executors())),
              "half the executor hours for "
                  + percent(
                      (double) half.get().predictedMs() / Math.max(1, current.get().predictedMs())
                          - 1)
                  + " more wall time"));
    } else {
      recommendations.add(
          new Recommendation(
              "Request fewer executors, or let dynamic allocation release idle ones",
              Map.of("spark.dynamicAllocation.enabled", "true"),
              "no cores held without tasks"));
    }
    return Optional.of(
        new Finding(
            FindingType.IDLE_EXECUTORS,
            overProvisioned ? Severity.MODERATE : Severity.LOW,
            List.of(),
            overProvisioned
                ? "The run had more executors than its tasks could use"
                : unused.size() + " executor(s) never ran a task",
            evidence,
            recommendations,
            null));
  }

  /** Task time ÷ slot time while any job ran, or -1 when unknown. */
  private double busyShareDuringJobs(long end) {
    long slotTime = 0;
    long taskTime = 0;
    int taskCpus = Math.max(1, model.cluster().taskCpus());
    for (ExecutorSpan e : model.executors()) {
      long added = e.addedTime();
      long removed = e.removedTime() >= 0 ? e.removedTime() : end;
      long overlap = 0;
      for (JobSpan j : model.jobs()) {
        long jobEnd = j.endTime() >= 0 ? j.endTime() : end;
        overlap += Math.max(0, Math.min(removed, jobEnd) - Math.max(added, j.startTime()));
      }
      slotTime += overlap * Math.max(1, e.cores() / taskCpus);
      taskTime += e.taskTimeMs();
    }
    return slotTime == 0 ? -1 : (double) taskTime / slotTime;
  }
}
