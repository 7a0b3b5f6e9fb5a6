package io.sparkmedic.remediation.diagnosis;

/** How directly the evidence shows the cause. */
public enum Confidence {
  /** The cause is stated by Kubernetes or Spark (reason OOMKilled, exit 52). */
  HIGH,
  /** The cause is inferred from indirect evidence (a log line, an error message). */
  MEDIUM,
  /** Nothing conclusive: a guess would be worse than saying so. */
  LOW
}
