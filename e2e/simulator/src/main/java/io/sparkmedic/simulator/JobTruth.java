package io.sparkmedic.simulator;

import java.time.Duration;
import java.util.Objects;

/**
 * What a Spark job really needs, hidden from the operator under test: the simulator fails the job
 * the way Spark on Kubernetes would when the submitted spec gives it less.
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
 * @param runtime simulated wall time the job runs for when nothing fails; a failing run dies after
 *     30% of it
 */
public record JobTruth(
    long executorHeapNeedMiB,
    long executorOverheadNeedMiB,
    long driverHeapNeedMiB,
    long driverOverheadNeedMiB,
    Duration runtime) {

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
  }

  /** A job that fits any spec and completes after {@code runtime}. */
  public static JobTruth healthy(Duration runtime) {
    return new JobTruth(0, 0, 0, 0, runtime);
  }
}
