package io.sparkmedic.remediation.plan;

import java.util.Objects;

/**
 * One change a plan makes to an application's spec: the field, its value before (null when it was
 * unset and Spark used a default), its new value, and why, in one sentence with the numbers. Values
 * are Spark strings ({@code 6g}, {@code 400}) unless {@code json} says they are JSON (an integer
 * field, an affinity object).
 */
public record SpecChange(SpecPath path, String from, String to, String reason, boolean json) {

  public SpecChange {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(reason, "reason");
  }

  /** A change to a string field. */
  public SpecChange(SpecPath path, String from, String to, String reason) {
    this(path, from, to, reason, false);
  }
}
