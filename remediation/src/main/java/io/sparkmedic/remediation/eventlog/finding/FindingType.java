package io.sparkmedic.remediation.eventlog.finding;

/** What a finding is about. The names are stable identifiers (the CLI's JSON uses them). */
public enum FindingType {
  /** A stage whose largest tasks read far more than its typical task. */
  DATA_SKEW,
  /** Stages that spilled execution data to disk. */
  SPILL,
  /** Tasks that spent a large share of their time in garbage collection. */
  GC_PRESSURE,
  /** Partitions too large for the healthy range or for the memory a task has. */
  TOO_FEW_PARTITIONS,
  /** Partitions so small that per-task overhead dominates. */
  TOO_MANY_PARTITIONS,
  /** Executors that had little or nothing to do. */
  IDLE_EXECUTORS,
  /** Task attempts that failed, by reason. */
  TASK_FAILURES
}
