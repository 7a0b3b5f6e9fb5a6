package io.sparkmedic.remediation.eventlog.model;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One attempt of one stage, summarised: its tasks' metrics as distributions over the successful
 * attempts, what failed and why, its timing, and what its SQL plan says it computes.
 *
 * @param stageId Spark's stage id
 * @param attemptId the stage attempt (above 0 after a retry)
 * @param name Spark's stage name ({@code save at Jobs.java:82})
 * @param status how it ended
 * @param numTasks the tasks (partitions) the stage was submitted with
 * @param tasks how its task attempts ended
 * @param submissionTime epoch ms, or -1 when unknown
 * @param completionTime epoch ms, or -1 while active
 * @param wallTimeMs completion (or the log's last event, while active) − submission
 * @param failureReason the first line of Spark's reason for a failed stage, or null
 * @param sqlExecutionId the SQL execution it belongs to, or -1
 * @param parentIds stage ids this stage reads from
 * @param distributions per-task metrics over the successful attempts
 * @param largestTask the successful attempt that read the most data (shuffle + input), or null when
 *     no task read any or the source had no per-task data
 * @param othersLastFinish when the last of the other successful attempts finished (epoch ms), or
 *     -1: after it, only the largest task was running
 * @param largestFailedTask the failed attempt that had read the most data when it failed (a skewed
 *     partition that never succeeds shows only here), or null
 * @param largestFailedTaskReason why that attempt failed, or null
 * @param attemptsRunTimeMs executor run time of every ended attempt, failed ones included
 * @param attemptsGcTimeMs JVM GC time of every ended attempt, failed ones included
 * @param failures attempts that did not succeed, grouped by reason
 * @param operators joins and aggregations of its SQL plan, with their keys
 * @param makespan its duration as a function of task slots, for the what-if; null when unknown
 */
public record StageSummary(
    int stageId,
    int attemptId,
    String name,
    StageStatus status,
    int numTasks,
    TaskCounts tasks,
    long submissionTime,
    long completionTime,
    long wallTimeMs,
    String failureReason,
    long sqlExecutionId,
    List<Integer> parentIds,
    Map<TaskMetric, Distribution> distributions,
    TaskRef largestTask,
    long othersLastFinish,
    TaskRef largestFailedTask,
    String largestFailedTaskReason,
    long attemptsRunTimeMs,
    long attemptsGcTimeMs,
    List<TaskFailures> failures,
    List<PlanOperator> operators,
    StageMakespan makespan) {

  /**
   * @param succeeded attempts that ended in success
   * @param failed attempts Spark marked failed (exceptions, lost executors, fetch failures)
   * @param killed attempts Spark killed (speculation losers, cancelled jobs)
   * @param running attempts started and not ended when the log ends
   * @param speculative speculative attempts launched
   */
  public record TaskCounts(int succeeded, int failed, int killed, int running, int speculative) {}

  public StageSummary {
    Objects.requireNonNull(status, "status");
    parentIds = List.copyOf(parentIds);
    EnumMap<TaskMetric, Distribution> all = new EnumMap<>(TaskMetric.class);
    for (TaskMetric m : TaskMetric.values()) {
      all.put(m, distributions.getOrDefault(m, Distribution.EMPTY));
    }
    distributions = Collections.unmodifiableMap(all);
    failures = List.copyOf(failures);
    operators = List.copyOf(operators);
  }

  public Distribution distribution(TaskMetric metric) {
    return distributions.get(metric);
  }

  /** "2.0" — how Spark names a stage attempt. */
  public String label() {
    return stageId + "." + attemptId;
  }

  public Optional<TaskRef> straggler() {
    return Optional.ofNullable(largestTask);
  }

  /** Failed attempts (not killed, not resubmitted), summed over reasons. */
  public int failedAttempts() {
    return failures.stream().filter(TaskFailures::failed).mapToInt(TaskFailures::count).sum();
  }

  /** Bytes the stage read: shuffle plus input. */
  public long bytesRead() {
    return distribution(TaskMetric.SHUFFLE_READ_BYTES).total()
        + distribution(TaskMetric.INPUT_BYTES).total();
  }

  /** Whether the stage reads shuffle output (a reduce side: joins, aggregations, sorts). */
  public boolean readsShuffle() {
    return distribution(TaskMetric.SHUFFLE_READ_BYTES).total() > 0;
  }
}
