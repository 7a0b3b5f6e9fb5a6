package io.sparkmedic.simulator;

import java.time.Duration;
import java.util.Objects;

/**
 * What a Spark job really needs and what will happen to it, hidden from the operator under test:
 * the simulator fails the job the way Spark on Kubernetes (on EKS with Karpenter) would.
 *
 * <p>Memory, checked against every submitted spec:
 *
 * <ul>
 *   <li>driver heap ({@code spark.driver.memory}) below {@code driverHeapNeedMiB}: the driver JVM
 *       throws {@code OutOfMemoryError} and exits 52;
 *   <li>driver overhead below {@code driverOverheadNeedMiB}: the container outgrows its limit and
 *       the kernel kills it, exit 137 {@code OOMKilled};
 *   <li>the same two for every executor ({@code executorHeapNeedMiB}, {@code
 *       executorOverheadNeedMiB}), after which Spark gives up and the driver exits 1.
 * </ul>
 *
 * A need of 0 always fits.
 *
 * <p>Faults that no memory setting fixes, counted per application over the simulator's life (reset
 * when {@link SparkOperatorSimulator#expect} sets a different truth):
 *
 * <ul>
 *   <li>{@code spotInterruptions}: the first N runs that get to 30% of their runtime with an
 *       executor or the driver on spot capacity lose that spot node there (Karpenter taints and
 *       drains it, its pods exit 143 and are deleted, the node is deleted). Runs entirely on
 *       on-demand capacity are never interrupted.
 *   <li>{@code transientFailures}: the first N runs that get to 50% of their runtime fail there, S3
 *       throttling them ({@code 503 SlowDown}); the driver exits 1, executors exit 0.
 *   <li>{@code codeBug}: an exception line ({@code org.apache.spark.sql.AnalysisException: ...});
 *       when set, every run dies of it at 10% of its runtime, driver exit 1.
 * </ul>
 *
 * In one run a code bug strikes first, then memory (30%), then a spot interruption (30%), then a
 * transient failure (50%); a run that already failed does not use up an interruption or a transient
 * failure.
 *
 * @param runtime simulated wall time the job runs for when nothing fails
 */
public record JobTruth(
    long executorHeapNeedMiB,
    long executorOverheadNeedMiB,
    long driverHeapNeedMiB,
    long driverOverheadNeedMiB,
    Duration runtime,
    int spotInterruptions,
    int transientFailures,
    String codeBug) {

  public JobTruth {
    Objects.requireNonNull(runtime, "runtime");
    if (runtime.isNegative()) {
      throw new IllegalArgumentException("runtime must not be negative: " + runtime);
    }
    if (executorHeapNeedMiB < 0
        || executorOverheadNeedMiB < 0
        || driverHeapNeedMiB < 0
        || driverOverheadNeedMiB < 0) {
      throw new IllegalArgumentException("memory needs must not be negative");
    }
    if (spotInterruptions < 0 || transientFailures < 0) {
      throw new IllegalArgumentException("fault counts must not be negative");
    }
    if (codeBug != null && codeBug.isBlank()) {
      codeBug = null;
    }
  }

  /** Memory needs only: no spot interruptions, no transient failures, no code bug. */
  public JobTruth(
      long executorHeapNeedMiB,
      long executorOverheadNeedMiB,
      long driverHeapNeedMiB,
      long driverOverheadNeedMiB,
      Duration runtime) {
    this(
        executorHeapNeedMiB,
        executorOverheadNeedMiB,
        driverHeapNeedMiB,
        driverOverheadNeedMiB,
        runtime,
        0,
        0,
        null);
  }

  /** A job that fits any spec and completes after {@code runtime}. */
  public static JobTruth healthy(Duration runtime) {
    return new JobTruth(0, 0, 0, 0, runtime);
  }

  /** A copy whose first {@code count} runs on spot capacity are interrupted. */
  public JobTruth withSpotInterruptions(int count) {
    return new JobTruth(
        executorHeapNeedMiB,
        executorOverheadNeedMiB,
        driverHeapNeedMiB,
        driverOverheadNeedMiB,
        runtime,
        count,
        transientFailures,
        codeBug);
  }

  /** A copy whose first {@code count} runs fail on S3 throttling. */
  public JobTruth withTransientFailures(int count) {
    return new JobTruth(
        executorHeapNeedMiB,
        executorOverheadNeedMiB,
        driverHeapNeedMiB,
        driverOverheadNeedMiB,
        runtime,
        spotInterruptions,
        count,
        codeBug);
  }

  /**
   * A copy that always fails with this exception ({@code <class>: <message>}, as Java prints it);
   * {@code null} removes the bug.
   */
  public JobTruth withCodeBug(String exceptionLine) {
    return new JobTruth(
        executorHeapNeedMiB,
        executorOverheadNeedMiB,
        driverHeapNeedMiB,
        driverOverheadNeedMiB,
        runtime,
        spotInterruptions,
        transientFailures,
        exceptionLine);
  }

  /** A copy with another runtime. */
  public JobTruth withRuntime(Duration runtime) {
    return new JobTruth(
        executorHeapNeedMiB,
        executorOverheadNeedMiB,
        driverHeapNeedMiB,
        driverOverheadNeedMiB,
        runtime,
        spotInterruptions,
        transientFailures,
        codeBug);
  }
}
