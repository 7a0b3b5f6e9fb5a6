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
 */
public record SimulatorOptions(String namespace, Duration tick, double timeScale) {

  public static final Duration DEFAULT_TICK = Duration.ofMillis(100);

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
  }

  /** All namespaces, a 100ms tick, real time. */
  public static SimulatorOptions defaults() {
    return new SimulatorOptions(null, DEFAULT_TICK, 1.0);
  }

  public SimulatorOptions withNamespace(String namespace) {
    return new SimulatorOptions(namespace, tick, timeScale);
  }

  public SimulatorOptions withTick(Duration tick) {
    return new SimulatorOptions(namespace, tick, timeScale);
  }

  public SimulatorOptions withTimeScale(double timeScale) {
    return new SimulatorOptions(namespace, tick, timeScale);
  }
}
