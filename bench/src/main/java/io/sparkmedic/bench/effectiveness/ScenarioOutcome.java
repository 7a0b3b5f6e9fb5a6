package io.sparkmedic.bench.effectiveness;

import java.util.List;

/**
 * How one scenario ended under one contender.
 *
 * @param completed the job's lineage ended {@code COMPLETED}
 * @param timedOut the benchmark gave up waiting (counted as not recovered)
 * @param attempts every run, in order
 * @param finalShape what the last spec holds
 * @param decisions what the contender decided, in its own words
 */
public record ScenarioOutcome(
    Scenario scenario,
    String contender,
    boolean completed,
    boolean timedOut,
    List<Attempt> attempts,
    RunShape finalShape,
    String decisions) {

  public ScenarioOutcome {
    attempts = List.copyOf(attempts);
  }

  /** Runs after the first. */
  public int retries() {
    return Math.max(0, attempts.size() - 1);
  }

  /** A remediable failure that ended completed. */
  public boolean recovered() {
    return scenario.remediable() && scenario.failsAsSubmitted() && completed;
  }

  /** GiB-hours held by runs that failed. */
  public double wastedGibHours() {
    return attempts.stream().filter(Attempt::failed).mapToDouble(Attempt::gibHours).sum();
  }

  /**
   * Final executor container ÷ the right size: the submitted heap and overhead, each raised to the
   * job's need where it was short (so 1.0 when nothing needed to change and nothing did).
   */
  public double executorOverProvisioning() {
    Scenario.Submitted s = scenario.submitted();
    Scenario.Truth t = scenario.truth();
    long heap = SparkMemoryMath.heapMiB(s.executorMemory());
    long overhead = SparkMemoryMath.overheadMiB(s.executorMemory(), s.executorMemoryOverhead());
    long right =
        Math.max(heap, t.executorHeapNeedMiB()) + Math.max(overhead, t.executorOverheadNeedMiB());
    return finalShape.executorContainerMiB() / (double) right;
  }

  /** The same for the driver. */
  public double driverOverProvisioning() {
    Scenario.Submitted s = scenario.submitted();
    Scenario.Truth t = scenario.truth();
    long heap = SparkMemoryMath.heapMiB(s.driverMemory());
    long overhead = SparkMemoryMath.overheadMiB(s.driverMemory(), s.driverMemoryOverhead());
    long right =
        Math.max(heap, t.driverHeapNeedMiB()) + Math.max(overhead, t.driverOverheadNeedMiB());
    return finalShape.driverContainerMiB() / (double) right;
  }
}
