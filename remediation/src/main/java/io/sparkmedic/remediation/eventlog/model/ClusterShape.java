package io.sparkmedic.remediation.eventlog.model;

/**
 * The executors the application had to run its tasks on.
 *
 * @param peakExecutors the most executors alive at once
 * @param executorsAdded executors added over the run
 * @param executorsRemoved executors removed over the run
 * @param coresPerExecutor the cores most executors had
 * @param taskCpus {@code spark.task.cpus}: cores one task takes
 * @param unifiedMemoryPerExecutor bytes of Spark's unified (execution + storage) memory per
 *     executor, as its block manager reported it; 0 when unknown
 */
public record ClusterShape(
    int peakExecutors,
    int executorsAdded,
    int executorsRemoved,
    int coresPerExecutor,
    int taskCpus,
    long unifiedMemoryPerExecutor) {

  /** Tasks one executor runs at once. */
  public int slotsPerExecutor() {
    return Math.max(1, coresPerExecutor / Math.max(1, taskCpus));
  }

  /** Tasks the peak executors run at once. */
  public int peakSlots() {
    return Math.max(1, peakExecutors) * slotsPerExecutor();
  }

  /**
   * Execution memory one task may count on when every slot is busy: the unified region split
   * between the executor's concurrent tasks (execution can borrow all of it from storage). 0 when
   * unknown.
   */
  public long executionMemoryPerTask() {
    return unifiedMemoryPerExecutor / slotsPerExecutor();
  }
}
