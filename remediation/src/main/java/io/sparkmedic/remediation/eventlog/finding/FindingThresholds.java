package io.sparkmedic.remediation.eventlog.finding;

/**
 * When a number becomes a finding. The defaults and where they come from:
 *
 * <ul>
 *   <li>skew: Spark AQE calls a partition skewed above 5 × the median ({@code
 *       spark.sql.adaptive.skewJoin.skewedPartitionFactor}); the straggler must also be 2 × p75 (a
 *       few tasks, not a quarter of them) and read at least 1 MiB more than the median (below that
 *       nothing is worth tuning). Time corroborates at 2 × the median duration (Dr. Elephant's
 *       lowest task-skew step) and dominates at half the stage's wall time.
 *   <li>partitions: 100–200 MiB per partition is the healthy range, 128 MiB the target; tasks under
 *       100 ms of work with under 16 MiB each are overhead-bound.
 *   <li>spill: Dr. Elephant's spill ratio steps 0.01 / 0.1 / 0.5 of the data read.
 *   <li>GC: Dr. Elephant's GC-ratio steps 0.08 / 0.1 / 0.15 of run time, once GC time reaches 2 s
 *       in a stage.
 *   <li>failures: 2% / 10% of attempts (Dr. Elephant's failed-task steps).
 *   <li>idle executors: under 50% of slot time busy during jobs while half the executors would be
 *       no more than 10% slower.
 * </ul>
 */
public record FindingThresholds(
    double skewFactor,
    double skewFactorOverP75,
    long skewMinExcessBytes,
    int skewMinTasks,
    double skewTimeFactor,
    double skewDominantShare,
    long healthyPartitionMinBytes,
    long healthyPartitionMaxBytes,
    long targetPartitionBytes,
    long smallPartitionBytes,
    long shortTaskMs,
    long minSpillBytes,
    double spillLow,
    double spillModerate,
    double spillSevere,
    long minGcMs,
    double gcLow,
    double gcModerate,
    double gcSevere,
    double failuresModerate,
    double failuresSevere,
    double idleBusyShare,
    double idleHalfSlowdown) {

  private static final long MIB = 1024 * 1024;

  public static final FindingThresholds DEFAULTS =
      new FindingThresholds(
          5.0, 2.0, MIB, 3, 2.0, 0.5, 100 * MIB, 200 * MIB, 128 * MIB, 16 * MIB, 100, MIB, 0.01,
          0.1, 0.5, 2000, 0.08, 0.10, 0.15, 0.02, 0.10, 0.5, 0.10);
}
