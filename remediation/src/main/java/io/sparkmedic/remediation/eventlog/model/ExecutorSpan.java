package io.sparkmedic.remediation.eventlog.model;

/**
 * One executor's life as the log tells it (executors come and go under dynamic allocation).
 *
 * @param id Spark's executor id ({@code driver} in local mode)
 * @param host where it ran
 * @param cores its task slots' cores ({@code Total Cores})
 * @param addedTime epoch ms
 * @param removedTime epoch ms, or -1 when it lived to the end of the log
 * @param removedReason Spark's reason, or null
 * @param tasks task attempts it ran
 * @param taskTimeMs the durations of those attempts, summed
 */
public record ExecutorSpan(
    String id,
    String host,
    int cores,
    long addedTime,
    long removedTime,
    String removedReason,
    int tasks,
    long taskTimeMs) {

  /** How long it was alive, up to {@code end} when it was never removed. */
  public long aliveMs(long end) {
    long until = removedTime >= 0 ? removedTime : end;
    return Math.max(0, until - addedTime);
  }
}
