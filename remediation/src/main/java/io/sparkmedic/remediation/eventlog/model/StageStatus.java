package io.sparkmedic.remediation.eventlog.model;

/** How a stage attempt ended, as far as the log tells. */
public enum StageStatus {
  COMPLETE,
  FAILED,
  /** Submitted, not completed when the log ends (a live or cut-off log, or a killed driver). */
  ACTIVE
}
