package io.sparkmedic.remediation.diagnosis;

/**
 * Why a Spark run failed. The names are stable identifiers: the CLI's JSON, {@code
 * SparkRemediation} records, metrics and policies use them.
 */
public enum DiagnosisCategory {
  EXECUTOR_HEAP_OOM(Cause.APPLICATION, true),
  EXECUTOR_CONTAINER_OOM(Cause.APPLICATION, true),
  DRIVER_HEAP_OOM(Cause.APPLICATION, true),
  DRIVER_CONTAINER_OOM(Cause.APPLICATION, true),
  SPOT_INTERRUPTION(Cause.INFRASTRUCTURE, true),
  NODE_LOSS(Cause.INFRASTRUCTURE, true),
  DATA_SKEW(Cause.APPLICATION, true),
  SHUFFLE_FETCH_FAILURE(Cause.INFRASTRUCTURE, true),
  INSUFFICIENT_PARALLELISM(Cause.APPLICATION, true),
  TRANSIENT_EXTERNAL(Cause.INFRASTRUCTURE, true),
  SUBMISSION_FAILURE(Cause.INFRASTRUCTURE, true),
  USER_CODE_ERROR(Cause.APPLICATION, false),
  STUCK(Cause.INFRASTRUCTURE, true),
  UNKNOWN(Cause.UNKNOWN, true);

  /** Whose budget a retry for this cause spends. */
  public enum Cause {
    /** The job's own configuration or code. */
    APPLICATION,
    /** Nodes, the network, services outside the job. */
    INFRASTRUCTURE,
    UNKNOWN
  }

  private final Cause cause;
  private final boolean retryable;

  DiagnosisCategory(Cause cause, boolean retryable) {
    this.cause = cause;
    this.retryable = retryable;
  }

  public Cause cause() {
    return cause;
  }

  /** Whether another run can succeed at all; a code error fails the same way every time. */
  public boolean retryable() {
    return retryable;
  }

  public boolean isMemory() {
    return this == EXECUTOR_HEAP_OOM
        || this == EXECUTOR_CONTAINER_OOM
        || this == DRIVER_HEAP_OOM
        || this == DRIVER_CONTAINER_OOM;
  }
}
