package io.sparkmedic.remediation.eventlog.model;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The state of one stage attempt while its tasks end. Exact quantiles need every task's values, so
 * a running stage keeps them in primitive columns (about 150 bytes per task attempt); when the
 * stage completes they are reduced to distributions, the straggler and the makespan curve, and
 * dropped. What stays is a fixed-size summary plus failure counts by reason, which late task ends
 * (killed speculative copies, zombie attempts) can still update.
 */
final class StageAccumulator {

  private static final TaskMetric[] METRICS = TaskMetric.values();

  final int stageId;
  final int attemptId;
  String name;
  int numTasks;
  long submissionTime = -1;
  long completionTime = -1;
  String failureReason;
  boolean completed;
  long sqlExecutionId = -1;
  List<Integer> parentIds = List.of();
  List<PlanOperator> operators = List.of();

  private int started;
  private int ended;
  private int succeeded;
  private int failed;
  private int killed;
  private int speculative;
  private long attemptsRunTime;
  private long attemptsGcTime;
  private TaskRef largestFailed;
  private String largestFailedReason;
  private final TaskFailures.Grouping failures = new TaskFailures.Grouping();

  // Columns of the successful attempts, dropped on completion.
  private int n;
  private long[][] metrics = new long[METRICS.length][16];
  private long[] taskIds = new long[16];
  private int[] partitions = new int[16];
  private int[] attempts = new int[16];
  private int[] executors = new int[16];
  private long[] launches = new long[16];
  private boolean[] speculatives = new boolean[16];

  // Every ended attempt's launch and duration, for the schedule simulation.
  private int scheduled;
  private long[] scheduleLaunch = new long[16];
  private long[] scheduleDuration = new long[16];

  // Computed on completion.
  private Map<TaskMetric, Distribution> distributions;
  private TaskRef largestTask;
  private long othersLastFinish = -1;
  private StageMakespan makespan;

  StageAccumulator(int stageId, int attemptId) {
    this.stageId = stageId;
    this.attemptId = attemptId;
  }

  void taskStarted(TaskEndEvent t) {
    started++;
    if (t.speculative) {
      speculative++;
    }
  }

  /** Records an ended attempt; {@code executorIndex} names its executor in the replay's table. */
  void taskEnded(TaskEndEvent t, int executorIndex, String executorId) {
    ended++;
    attemptsRunTime += t.executorRunTime;
    attemptsGcTime += t.gcTime;
    long duration = t.durationMs();
    if (!completed) {
      scheduleAttempt(t.launchTime, duration);
    }
    if (t.succeeded()) {
      succeeded++;
      if (!completed) {
        addSuccess(t, executorIndex, duration);
      }
      return;
    }
    boolean wasKilled = t.killed || "TaskKilled".equals(t.reason);
    boolean countsAsFailed = t.failed && !wasKilled;
    if (wasKilled) {
      killed++;
    } else if (countsAsFailed) {
      failed++;
    }
    String detail = detailOf(t);
    String reason = t.reason == null ? "UnknownReason" : t.reason;
    long bytes = t.shuffleBytesRead() + t.inputBytes;
    if (countsAsFailed
        && bytes > 0
        && (largestFailed == null || bytes > largestFailed.dataBytes())) {
      largestFailed =
          new TaskRef(
              t.taskId,
              t.partitionId,
              t.attempt,
              executorId,
              t.launchTime,
              duration,
              bytes,
              t.shuffleRecordsRead + t.inputRecords,
              t.speculative);
      largestFailedReason = exampleOf(t).isEmpty() ? reason : exampleOf(t);
    }
    failures.add(reason, detail, exampleOf(t), countsAsFailed, t.partitionId, executorId);
  }

  /** What groups failures: the exception class, or the kill / loss reason. */
  private static String detailOf(TaskEndEvent t) {
    if (t.reason == null) {
      return "";
    }
    return switch (t.reason) {
      case "ExceptionFailure" -> t.className != null ? t.className : firstLine(t.description);
      case "TaskKilled" -> firstLine(t.killReason);
      case "ExecutorLostFailure" -> firstLine(t.lossReason);
      case "FetchFailed" -> "";
      default -> "";
    };
  }

  /** The attempt's own message: "java.io.IOException: disk gone". */
  private static String exampleOf(TaskEndEvent t) {
    if ("ExceptionFailure".equals(t.reason)) {
      String d = firstLine(t.description);
      return t.className == null ? d : d.isEmpty() ? t.className : t.className + ": " + d;
    }
    if ("FetchFailed".equals(t.reason)) {
      return firstLine(t.fetchMessage);
    }
    if ("ExecutorLostFailure".equals(t.reason) && t.lostExecutorId != null) {
      return "executor " + t.lostExecutorId + ": " + firstLine(t.lossReason);
    }
    return detailOf(t);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    String line = (nl < 0 ? s : s.substring(0, nl)).strip();
    return line.length() > 300 ? line.substring(0, 300) + "…" : line;
  }

  private void scheduleAttempt(long launch, long duration) {
    if (scheduled == scheduleLaunch.length) {
      scheduleLaunch = Arrays.copyOf(scheduleLaunch, scheduled * 2);
      scheduleDuration = Arrays.copyOf(scheduleDuration, scheduled * 2);
    }
    scheduleLaunch[scheduled] = launch;
    scheduleDuration[scheduled] = duration;
    scheduled++;
  }

  private void addSuccess(TaskEndEvent t, int executorIndex, long duration) {
    if (n == taskIds.length) {
      int size = n * 2;
      for (int m = 0; m < metrics.length; m++) {
        metrics[m] = Arrays.copyOf(metrics[m], size);
      }
      taskIds = Arrays.copyOf(taskIds, size);
      partitions = Arrays.copyOf(partitions, size);
      attempts = Arrays.copyOf(attempts, size);
      executors = Arrays.copyOf(executors, size);
      launches = Arrays.copyOf(launches, size);
      speculatives = Arrays.copyOf(speculatives, size);
    }
    long[][] c = metrics;
    c[TaskMetric.DURATION.ordinal()][n] = duration;
    c[TaskMetric.EXECUTOR_RUN_TIME.ordinal()][n] = t.executorRunTime;
    c[TaskMetric.GC_TIME.ordinal()][n] = t.gcTime;
    c[TaskMetric.SHUFFLE_READ_BYTES.ordinal()][n] = t.shuffleBytesRead();
    c[TaskMetric.SHUFFLE_READ_RECORDS.ordinal()][n] = t.shuffleRecordsRead;
    c[TaskMetric.SHUFFLE_WRITE_BYTES.ordinal()][n] = t.shuffleBytesWritten;
    c[TaskMetric.SHUFFLE_WRITE_RECORDS.ordinal()][n] = t.shuffleRecordsWritten;
    c[TaskMetric.INPUT_BYTES.ordinal()][n] = t.inputBytes;
    c[TaskMetric.INPUT_RECORDS.ordinal()][n] = t.inputRecords;
    c[TaskMetric.OUTPUT_BYTES.ordinal()][n] = t.outputBytes;
    c[TaskMetric.MEMORY_SPILLED_BYTES.ordinal()][n] = t.memorySpilled;
    c[TaskMetric.DISK_SPILLED_BYTES.ordinal()][n] = t.diskSpilled;
    c[TaskMetric.PEAK_EXECUTION_MEMORY_BYTES.ordinal()][n] = t.peakExecutionMemory;
    taskIds[n] = t.taskId;
    partitions[n] = t.partitionId;
    attempts[n] = t.attempt;
    executors[n] = executorIndex;
    launches[n] = t.launchTime;
    speculatives[n] = t.speculative;
    n++;
  }

  /** Reduces the columns to the summary and drops them. Idempotent. */
  void complete(List<String> executorIds) {
    if (completed) {
      return;
    }
    completed = true;
    largestTask = findLargest(executorIds);
    if (largestTask != null) {
      othersLastFinish = lastFinishExcept(largestTask.taskId());
    }
    sumInto(TaskMetric.BYTES_READ, TaskMetric.SHUFFLE_READ_BYTES, TaskMetric.INPUT_BYTES);
    sumInto(TaskMetric.RECORDS_READ, TaskMetric.SHUFFLE_READ_RECORDS, TaskMetric.INPUT_RECORDS);
    Map<TaskMetric, Distribution> d = new EnumMap<>(TaskMetric.class);
    for (TaskMetric m : METRICS) {
      d.put(m, Distribution.of(metrics[m.ordinal()], n));
    }
    distributions = d;
    makespan = StageMakespan.simulate(durationsInLaunchOrder(), scheduled);
    metrics = null;
    taskIds = null;
    partitions = null;
    attempts = null;
    executors = null;
    launches = null;
    speculatives = null;
    scheduleLaunch = null;
    scheduleDuration = null;
  }

  private void sumInto(TaskMetric target, TaskMetric a, TaskMetric b) {
    long[] out = metrics[target.ordinal()];
    long[] x = metrics[a.ordinal()];
    long[] y = metrics[b.ordinal()];
    for (int i = 0; i < n; i++) {
      out[i] = x[i] + y[i];
    }
  }

  private TaskRef findLargest(List<String> executorIds) {
    long[] shuffle = metrics[TaskMetric.SHUFFLE_READ_BYTES.ordinal()];
    long[] input = metrics[TaskMetric.INPUT_BYTES.ordinal()];
    long[] shuffleRecords = metrics[TaskMetric.SHUFFLE_READ_RECORDS.ordinal()];
    long[] inputRecords = metrics[TaskMetric.INPUT_RECORDS.ordinal()];
    long[] duration = metrics[TaskMetric.DURATION.ordinal()];
    int best = -1;
    long bestBytes = 0;
    for (int i = 0; i < n; i++) {
      long bytes = shuffle[i] + input[i];
      if (bytes > bestBytes) {
        best = i;
        bestBytes = bytes;
      }
    }
    if (best < 0) {
      return null;
    }
    return new TaskRef(
        taskIds[best],
        partitions[best],
        attempts[best],
        executors[best] >= 0 ? executorIds.get(executors[best]) : null,
        launches[best],
        duration[best],
        bestBytes,
        shuffleRecords[best] + inputRecords[best],
        speculatives[best]);
  }

  private long lastFinishExcept(long taskId) {
    long[] duration = metrics[TaskMetric.DURATION.ordinal()];
    long last = -1;
    for (int i = 0; i < n; i++) {
      if (taskIds[i] != taskId) {
        last = Math.max(last, launches[i] + duration[i]);
      }
    }
    return last;
  }

  private long[] durationsInLaunchOrder() {
    Integer[] order = new Integer[scheduled];
    for (int i = 0; i < scheduled; i++) {
      order[i] = i;
    }
    long[] launch = scheduleLaunch;
    Arrays.sort(order, (a, b) -> Long.compare(launch[a], launch[b]));
    long[] out = new long[scheduled];
    for (int i = 0; i < scheduled; i++) {
      out[i] = scheduleDuration[order[i]];
    }
    return out;
  }

  StageSummary summary(long lastEventTime, List<String> executorIds) {
    if (!completed) {
      // An active stage at the end of the log: summarise the tasks that ended.
      complete(executorIds);
      completed = false;
    }
    StageStatus status =
        completionTime < 0
            ? StageStatus.ACTIVE
            : failureReason != null ? StageStatus.FAILED : StageStatus.COMPLETE;
    long end = completionTime >= 0 ? completionTime : lastEventTime;
    long wall = submissionTime >= 0 && end >= submissionTime ? end - submissionTime : 0;
    List<TaskFailures> f = failures.failures();
    return new StageSummary(
        stageId,
        attemptId,
        name,
        status,
        numTasks,
        new StageSummary.TaskCounts(
            succeeded, failed, killed, Math.max(0, started - ended), speculative),
        submissionTime,
        completionTime,
        wall,
        firstLine(failureReason).isEmpty() ? null : firstLine(failureReason),
        sqlExecutionId,
        parentIds,
        distributions,
        largestTask,
        othersLastFinish,
        largestFailed,
        largestFailedReason,
        attemptsRunTime,
        attemptsGcTime,
        f,
        operators,
        makespan);
  }
}
