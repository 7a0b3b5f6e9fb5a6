package io.sparkmedic.simulator;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Simulated time: real time since the simulator started, multiplied by {@link
 * SimulatorOptions#timeScale()}. Durations the simulator waits for (job runtime, retry intervals)
 * are measured on it. Timestamps written to the API server ({@code lastSubmissionAttemptTime},
 * {@code terminationTime}, container {@code startedAt}/{@code finishedAt}) are real wall-clock
 * times, so they agree with the server's own {@code creationTimestamp}s and with other clients.
 */
final class SimClock {
  private final double timeScale;
  private final long originNanos = System.nanoTime();

  SimClock(double timeScale) {
    this.timeScale = timeScale;
  }

  /** Simulated milliseconds since start. */
  long nowMillis() {
    return (long) ((System.nanoTime() - originNanos) * timeScale / 1_000_000d);
  }

  static long millis(Duration duration) {
    try {
      return duration.toMillis();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  /** Now, as an RFC 3339 timestamp with second precision (Kubernetes' {@code metav1.Time}). */
  static String timestamp() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
