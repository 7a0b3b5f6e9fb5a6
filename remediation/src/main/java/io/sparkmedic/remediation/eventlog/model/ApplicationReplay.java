package io.sparkmedic.remediation.eventlog.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Replays a Spark application's listener events into an {@link ApplicationModel}, as Spark's own
 * status store does, but keeping only summaries: memory is O(tasks of the stages still running +
 * stages + executors + jobs), never O(events). Events may arrive in any order Spark writes them (a
 * failing application can log its end before its last task ends).
 */
final class ApplicationReplay {

  private String appId;
  private String attemptId;
  private String appName;
  private String user;
  private String sparkVersion;
  private long startTime = -1;
  private long endTime = -1;
  private boolean ended;
  private long lastEventTime = -1;
  private final Map<String, String> properties = new TreeMap<>();

  private final Map<Long, StageAccumulator> stages = new LinkedHashMap<>();
  private final Map<Long, SqlPlanKeys> livePlans = new HashMap<>();
  private final Set<Long> sqlExecutions = new LinkedHashSet<>();

  private final Map<Integer, Job> jobs = new LinkedHashMap<>();
  private final Set<Integer> submittedStageIds = new LinkedHashSet<>();

  private final Map<String, Integer> executorIndex = new HashMap<>();
  private final List<String> executorIds = new ArrayList<>();
  private final List<Executor> executors = new ArrayList<>();
  private final Map<String, Long> unifiedMemory = new HashMap<>();
  private int aliveExecutors;
  private int peakExecutors;
  private int removedExecutors;

  private static final class Job {
    final int id;
    final long start;
    long end = -1;
    boolean succeeded;
    final List<Integer> stageIds = new ArrayList<>();

    Job(int id, long start) {
      this.id = id;
      this.start = start;
    }
  }

  private static final class Executor {
    final String id;
    String host;
    int cores;
    long added = -1;
    long removed = -1;
    String removedReason;
    int tasks;
    long taskTime;

    Executor(String id) {
      this.id = id;
    }
  }

  private static long key(int stageId, int attemptId) {
    return ((long) stageId << 32) | (attemptId & 0xffffffffL);
  }

  private void saw(long time) {
    if (time > lastEventTime) {
      lastEventTime = time;
    }
  }

  // ---- events

  void sparkVersion(String version) {
    sparkVersion = version;
  }

  void applicationStart(String id, String attempt, String name, String user, long time) {
    this.appId = id;
    this.attemptId = attempt;
    this.appName = name;
    this.user = user;
    this.startTime = time;
    saw(time);
  }

  void applicationEnd(long time) {
    ended = true;
    endTime = time;
    saw(time);
  }

  void sparkProperties(Map<String, String> all) {
    properties.putAll(TuningProperties.of(all));
  }

  void executorAdded(String id, String host, int cores, long time) {
    Executor e = executor(id);
    e.host = host;
    e.cores = cores;
    e.added = time;
    e.removed = -1;
    aliveExecutors++;
    peakExecutors = Math.max(peakExecutors, aliveExecutors);
    saw(time);
  }

  void executorRemoved(String id, long time, String reason) {
    Executor e = executor(id);
    if (e.removed < 0 && e.added >= 0) {
      aliveExecutors--;
      removedExecutors++;
    }
    e.removed = time;
    e.removedReason = reason;
    saw(time);
  }

  void blockManagerAdded(String executorId, long maxOnHeapMemory) {
    if (maxOnHeapMemory > 0) {
      unifiedMemory.put(executorId, maxOnHeapMemory);
    }
  }

  private Executor executor(String id) {
    Integer i = executorIndex.get(id);
    if (i != null) {
      return executors.get(i);
    }
    executorIndex.put(id, executors.size());
    executorIds.add(id);
    Executor e = new Executor(id);
    executors.add(e);
    return e;
  }

  void jobStart(int jobId, long time, List<SparkEventParser.StageInfo> stageInfos) {
    Job job = new Job(jobId, time);
    for (SparkEventParser.StageInfo s : stageInfos) {
      job.stageIds.add(s.stageId);
    }
    jobs.put(jobId, job);
    saw(time);
  }

  void jobEnd(int jobId, long time, boolean succeeded) {
    Job job = jobs.get(jobId);
    if (job != null) {
      job.end = time;
      job.succeeded = succeeded;
    }
    saw(time);
  }

  void sqlPlan(long executionId, boolean start, long time, String plan) {
    if (start) {
      sqlExecutions.add(executionId);
    }
    if (plan != null) {
      livePlans.put(executionId, SqlPlanKeys.parse(plan));
    }
    saw(time);
  }

  void sqlExecutionEnd(long executionId, long time) {
    livePlans.remove(executionId);
    saw(time);
  }

  void stageSubmitted(SparkEventParser.StageInfo info, long executionId) {
    StageAccumulator s = stage(info.stageId, info.attemptId);
    s.name = info.name;
    s.numTasks = info.numTasks;
    s.submissionTime = info.submissionTime;
    s.parentIds = info.parentIds;
    s.sqlExecutionId = executionId;
    SqlPlanKeys plan = livePlans.get(executionId);
    if (plan != null) {
      s.operators = plan.operatorsOf(info.scopeNames);
    }
    submittedStageIds.add(info.stageId);
    saw(info.submissionTime);
  }

  void stageCompleted(SparkEventParser.StageInfo info) {
    StageAccumulator s = stage(info.stageId, info.attemptId);
    if (s.name == null) {
      s.name = info.name;
      s.numTasks = info.numTasks;
      s.parentIds = info.parentIds;
    }
    if (s.submissionTime < 0 || info.submissionTime >= 0) {
      s.submissionTime = info.submissionTime;
    }
    s.completionTime = info.completionTime;
    s.failureReason = info.failureReason;
    s.complete(executorIds);
    saw(info.completionTime);
  }

  private StageAccumulator stage(int stageId, int attemptId) {
    return stages.computeIfAbsent(
        key(stageId, attemptId), k -> new StageAccumulator(stageId, attemptId));
  }

  void taskStart(TaskEndEvent t) {
    if (t.stageId < 0) {
      return;
    }
    stage(t.stageId, t.stageAttemptId).taskStarted(t);
    saw(t.launchTime);
  }

  void taskEnd(TaskEndEvent t) {
    if (t.stageId < 0) {
      return;
    }
    int index = -1;
    String executorId = null;
    if (t.executorId != null) {
      Executor e = executor(t.executorId);
      e.tasks++;
      e.taskTime += t.durationMs();
      index = executorIndex.get(t.executorId);
      executorId = e.id;
    }
    stage(t.stageId, t.stageAttemptId).taskEnded(t, index, executorId);
    saw(t.finishTime);
  }

  // ---- the result

  boolean sawApplication() {
    return appId != null || !stages.isEmpty() || sparkVersion != null;
  }

  ApplicationModel model() {
    long end = Math.max(endTime, lastEventTime);
    List<StageSummary> summaries = new ArrayList<>(stages.size());
    for (StageAccumulator s : stages.values()) {
      summaries.add(s.summary(end, executorIds));
    }
    int succeeded = 0;
    int failed = 0;
    int running = 0;
    Set<Integer> inJobs = new LinkedHashSet<>();
    List<ApplicationModel.JobSpan> spans = new ArrayList<>();
    for (Job j : jobs.values()) {
      if (j.end < 0) {
        running++;
      } else if (j.succeeded) {
        succeeded++;
      } else {
        failed++;
      }
      inJobs.addAll(j.stageIds);
      List<Integer> ran = j.stageIds.stream().filter(submittedStageIds::contains).toList();
      spans.add(new ApplicationModel.JobSpan(j.id, j.start, j.end, j.succeeded, ran));
    }
    inJobs.removeAll(submittedStageIds);
    ApplicationInfo app =
        new ApplicationInfo(
            appId,
            attemptId,
            appName,
            user,
            sparkVersion,
            startTime,
            end,
            ended,
            succeeded,
            failed,
            running,
            sqlExecutions.size(),
            inJobs.size(),
            properties);
    List<ExecutorSpan> spans2 = new ArrayList<>();
    Map<Integer, Integer> coreCounts = new HashMap<>();
    Map<Long, Integer> memoryCounts = new HashMap<>();
    for (Executor e : executors) {
      if (e.added < 0) {
        continue; // only seen in task events: an executor of a log that starts mid-run
      }
      spans2.add(
          new ExecutorSpan(
              e.id, e.host, e.cores, e.added, e.removed, e.removedReason, e.tasks, e.taskTime));
      coreCounts.merge(e.cores, 1, Integer::sum);
      Long memory = unifiedMemory.get(e.id);
      if (memory != null) {
        memoryCounts.merge(memory, 1, Integer::sum);
      }
    }
    int taskCpus = parseInt(properties.get("spark.task.cpus"), 1);
    ClusterShape cluster =
        new ClusterShape(
            peakExecutors,
            spans2.size(),
            removedExecutors,
            mostCommon(coreCounts, 1),
            taskCpus,
            mostCommon(memoryCounts, unifiedMemory.getOrDefault("driver", 0L)));
    return new ApplicationModel(app, summaries, spans2, cluster, spans);
  }

  private static <T> T mostCommon(Map<T, Integer> counts, T fallback) {
    return counts.entrySet().stream()
        .max(Map.Entry.comparingByValue())
        .map(Map.Entry::getKey)
        .orElse(fallback);
  }

  private static int parseInt(String s, int fallback) {
    try {
      return s == null ? fallback : Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
