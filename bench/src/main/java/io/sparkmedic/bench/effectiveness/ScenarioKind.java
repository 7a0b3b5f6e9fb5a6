package io.sparkmedic.bench.effectiveness;

/**
 * Why a scenario's job fails as submitted (or {@link #HEALTHY}: it does not). Every kind but {@link
 * #CODE_BUG} is remediable: some change of the spec (or a plain retry) gets the job through.
 */
public enum ScenarioKind {
  /** Executor heap ({@code spark.executor.memory}) below the job's need: exit 52. */
  EXECUTOR_HEAP("executor heap"),
  /** Executor overhead below the job's off-heap need: container {@code OOMKilled} (137). */
  EXECUTOR_OVERHEAD("executor overhead"),
  /** Driver heap below the need: driver exit 52. */
  DRIVER_HEAP("driver heap"),
  /** Driver overhead below the need: driver container {@code OOMKilled} (137). */
  DRIVER_OVERHEAD("driver overhead"),
  /** The spot nodes of its first runs are reclaimed. */
  SPOT("spot interruption"),
  /** S3 throttles its first runs ({@code 503 SlowDown}). */
  TRANSIENT("transient external error"),
  /** One join partition far larger than the others; its executor runs out of heap. */
  SKEW("data skew"),
  /** The job's own code fails: no change of resources helps. */
  CODE_BUG("code bug"),
  /** A memory shortfall, and spot nodes reclaimed once memory fits. */
  MEMORY_AND_SPOT("memory + spot"),
  /** Executors and driver both short of memory. */
  EXECUTOR_AND_DRIVER_MEMORY("executor + driver memory"),
  /** A memory shortfall, and S3 throttling once memory fits. */
  MEMORY_AND_TRANSIENT("memory + transient"),
  /** Fits as submitted and completes: the control group. */
  HEALTHY("healthy");

  private final String label;

  ScenarioKind(String label) {
    this.label = label;
  }

  /** A short human name, for tables. */
  public String label() {
    return label;
  }

  public boolean remediable() {
    return this != CODE_BUG;
  }

  public boolean failsAsSubmitted() {
    return this != HEALTHY;
  }
}
