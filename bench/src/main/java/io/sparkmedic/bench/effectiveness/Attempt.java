package io.sparkmedic.bench.effectiveness;

/**
 * One run of an application: what it held, for how long in simulated hours (submission to the end
 * of its driver), and whether it failed.
 */
public record Attempt(RunShape shape, double hours, boolean failed) {

  /** GiB-hours of memory the run held (driver container + every executor container). */
  public double gibHours() {
    return shape.gib() * hours;
  }
}
