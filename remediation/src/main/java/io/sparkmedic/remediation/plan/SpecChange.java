package io.sparkmedic.remediation.plan;

import java.util.Objects;

/**
 * One change a plan makes to an application's spec: the field, its value before (null when it was
 * unset and Spark used a default), its new value, and why, in one sentence with the numbers.
 */
public record SpecChange(SpecPath path, String from, String to, String reason) {

  public SpecChange {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(reason, "reason");
  }
}
