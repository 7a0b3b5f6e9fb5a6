package io.sparkmedic.simulator;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded polling for a condition; tests never sleep a fixed time and never assert on timings. */
final class Await {

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);
  private static final long POLL_NANOS = Duration.ofMillis(10).toNanos();

  private Await() {}

  static void awaitUntil(Duration timeout, BooleanSupplier condition, Supplier<String> context) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + timeout + "\n" + context.get());
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
  }

  static void awaitUntil(BooleanSupplier condition, Supplier<String> context) {
    awaitUntil(DEFAULT_TIMEOUT, condition, context);
  }
}
