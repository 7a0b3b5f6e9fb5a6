package io.sparkmedic.remediation.eventlog.model;

/**
 * One successful task attempt, named so that a user can find it in the Spark UI: the stage's
 * straggler (the task that read the most data).
 *
 * @param taskId Spark's task id (TID)
 * @param partitionId the partition it computed
 * @param attempt the attempt number of this task index
 * @param executorId where it ran
 * @param launchTime epoch ms
 * @param durationMs Finish Time − Launch Time
 * @param dataBytes shuffle bytes read plus input bytes read
 * @param records shuffle records read plus input records read
 * @param speculative whether this was a speculative copy
 */
public record TaskRef(
    long taskId,
    int partitionId,
    int attempt,
    String executorId,
    long launchTime,
    long durationMs,
    long dataBytes,
    long records,
    boolean speculative) {

  public long finishTime() {
    return launchTime + durationMs;
  }
}
