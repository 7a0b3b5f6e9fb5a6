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
 * <p>Data skew, {@code skew} (0 = none): the job is a sort-merge join whose join stage has one hot
 * shuffle partition holding {@code skew} times the median partition's bytes and records (80 is like
 * the real {@code skewed-join-noaqe} log: a median of ~250 KB, a straggler of ~20 MB). Its executor
 * needs a heap of {@link #skewedPartitionHeapNeedMiB()} = 512 MiB × {@code skew} / 10 (4096 MiB at
 * 80). Per run:
 *
 * <ul>
 *   <li>with AQE's skew join in effect (sparkConf {@code spark.sql.adaptive.enabled} not {@code
 *       false} and {@code spark.sql.adaptive.skewJoin.enabled} set to {@code true} explicitly), the
 *       hot partition is split and the run goes on as if there were no skew. Spark 3.5 turns skew
 *       join on by default; the simulator treats it as off unless the application sets it, as if
 *       the platform's {@code spark-defaults.conf} said {@code
 *       spark.sql.adaptive.skewJoin.enabled=false} (the event log's properties say so too);
 *   <li>otherwise, when {@code spark.executor.memory} is below that need, the straggler's executor
 *       runs out of heap at about 50% of the runtime: its container exits 52 ({@code Error}), the
 *       driver's log tail shows the lost task with {@code java.lang.OutOfMemoryError: Java heap
 *       space} and the lost executor, and the driver exits 1. Only more heap than the need, or the
 *       skew join, gets the job through: memory bumps alone take many attempts;
 *   <li>with enough heap the run completes, its straggler just slow.
 * </ul>
 *
 * The hot partition's executor and the failure point come from the run's {@code SparkJobPlan},
 * fixed when its driver starts (with the skew and runtime of that moment). When the application
 * enables event logging to a local directory, every run also leaves Spark's event log there ({@link
 * SparkEventLog}).
 *
 * <p>In one run a code bug strikes first, then memory (30%), then a spot interruption (30%), then
 * data skew (50%), then a transient failure (50%); a run that already failed does not use up an
 * interruption or a transient failure.
 *
 * @param runtime simulated wall time the job runs for when nothing fails
 * @param skew how many times the median partition's data the hot partition of the join holds; 0 for
 *     no skew
 */
public record JobTruth(
    long executorHeapNeedMiB,
    long executorOverheadNeedMiB,
    long driverHeapNeedMiB,
    long driverOverheadNeedMiB,
    Duration runtime,
    int spotInterruptions,
    int transientFailures,
    String codeBug,
    double skew) {

  /** Heap a skewed partition needs per unit of skew: 512 MiB per 10×. */
  static final double SKEW_HEAP_MIB_PER_FACTOR = 512.0 / 10;

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
    if (!(skew >= 0) || Double.isInfinite(skew)) {
      throw new IllegalArgumentException("skew must be 0 or a positive number: " + skew);
    }
  }

  /** Without data skew. */
  public JobTruth(
      long executorHeapNeedMiB,
      long executorOverheadNeedMiB,
      long driverHeapNeedMiB,
      long driverOverheadNeedMiB,
      Duration runtime,
      int spotInterruptions,
      int transientFailures,
      String codeBug) {
    this(
        executorHeapNeedMiB,
        executorOverheadNeedMiB,
        driverHeapNeedMiB,
        driverOverheadNeedMiB,
        runtime,
        spotInterruptions,
        transientFailures,
        codeBug,
        0);
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
        codeBug,
        skew);
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
        codeBug,
        skew);
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
        exceptionLine,
        skew);
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
        codeBug,
        skew);
  }

  /**
   * A copy whose join has a hot partition of {@code skew} × the median partition's data; 0 removes
   * the skew.
   */
  public JobTruth withSkew(double skew) {
    return new JobTruth(
        executorHeapNeedMiB,
        executorOverheadNeedMiB,
        driverHeapNeedMiB,
        driverOverheadNeedMiB,
        runtime,
        spotInterruptions,
        transientFailures,
        codeBug,
        skew);
  }

  /**
   * The executor heap ({@code spark.executor.memory}, MiB) the hot partition needs when AQE does
   * not split it: 512 MiB × {@code skew} / 10, rounded up; 0 without skew.
   */
  public long skewedPartitionHeapNeedMiB() {
    return skewedPartitionHeapNeedMiB(skew);
  }

  static long skewedPartitionHeapNeedMiB(double skew) {
    return skew <= 0 ? 0 : (long) Math.ceil(SKEW_HEAP_MIB_PER_FACTOR * skew);
  }
}
