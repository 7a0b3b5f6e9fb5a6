package io.sparkmedic.simulator;

import java.time.Duration;

/**
 * How a {@link SparkOperatorSimulator} runs.
 *
 * @param namespace the namespace whose {@code SparkApplication}s are simulated; {@code null} means
 *     all namespaces
 * @param tick how often (real time) the scheduler advances every application; {@code null} means
 *     100ms
 * @param timeScale simulated seconds per real second: with {@code 600}, a job whose {@link
 *     JobTruth#runtime()} is ten minutes runs for one real second. Every simulated duration (job
 *     runtime, restart-policy retry intervals) is divided by it.
 * @param defaultExecutorCapacity where executors run when their spec does not require a capacity
 *     type (a Karpenter NodePool that allows both picks spot first); {@code null} means {@link
 *     CapacityType#SPOT}
 * @param defaultDriverCapacity the same for drivers; {@code null} means {@link
 *     CapacityType#ON_DEMAND}
 */
public record SimulatorOptions(
    String namespace,
    Duration tick,
    double timeScale,
    CapacityType defaultExecutorCapacity,
    CapacityType defaultDriverCapacity) {

  public static final Duration DEFAULT_TICK = Duration.ofMillis(100);
  public static final CapacityType DEFAULT_EXECUTOR_CAPACITY = CapacityType.SPOT;
  public static final CapacityType DEFAULT_DRIVER_CAPACITY = CapacityType.ON_DEMAND;

  public SimulatorOptions {
    if (tick == null) {
      tick = DEFAULT_TICK;
    }
    if (tick.isNegative() || tick.isZero()) {
      throw new IllegalArgumentException("tick must be positive: " + tick);
    }
    if (!(timeScale > 0) || Double.isInfinite(timeScale)) {
      throw new IllegalArgumentException("timeScale must be a positive number: " + timeScale);
    }
    if (defaultExecutorCapacity == null) {
      defaultExecutorCapacity = DEFAULT_EXECUTOR_CAPACITY;
    }
    if (defaultDriverCapacity == null) {
      defaultDriverCapacity = DEFAULT_DRIVER_CAPACITY;
    }
  }

  /** Executors on spot and drivers on on-demand unless their spec says otherwise. */
  public SimulatorOptions(String namespace, Duration tick, double timeScale) {
    this(namespace, tick, timeScale, null, null);
  }

  /** All namespaces, a 100ms tick, real time, executors on spot, drivers on on-demand. */
  public static SimulatorOptions defaults() {
    return new SimulatorOptions(null, DEFAULT_TICK, 1.0);
  }

  public SimulatorOptions withNamespace(String namespace) {
    return new SimulatorOptions(
        namespace, tick, timeScale, defaultExecutorCapacity, defaultDriverCapacity);
  }

  public SimulatorOptions withTick(Duration tick) {
    return new SimulatorOptions(
        namespace, tick, timeScale, defaultExecutorCapacity, defaultDriverCapacity);
  }

  public SimulatorOptions withTimeScale(double timeScale) {
    return new SimulatorOptions(
        namespace, tick, timeScale, defaultExecutorCapacity, defaultDriverCapacity);
  }

  public SimulatorOptions withDefaultExecutorCapacity(CapacityType capacity) {
    return new SimulatorOptions(namespace, tick, timeScale, capacity, defaultDriverCapacity);
  }

  public SimulatorOptions withDefaultDriverCapacity(CapacityType capacity) {
    return new SimulatorOptions(namespace, tick, timeScale, defaultExecutorCapacity, capacity);
  }
}
