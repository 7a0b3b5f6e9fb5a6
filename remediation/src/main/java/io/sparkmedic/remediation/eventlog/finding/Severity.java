package io.sparkmedic.remediation.eventlog.finding;

/** How much a finding matters, on Dr. Elephant's four-step scale. */
public enum Severity {
  /** Visible in the numbers; worth knowing, rarely worth acting on alone. */
  LOW,
  /** Costs noticeable time or resources. */
  MODERATE,
  /** Dominates a stage or the run. */
  SEVERE,
  /** Made tasks, stages or the job fail. */
  CRITICAL
}
