package io.beacon.registry.bench;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Bounded waits of the load loops: polls a condition until it holds or a deadline passes. Main code
 * only; the JUnit smoke test goes through these too because it drives the same scenarios.
 */
final class Poll {

  private Poll() {}

  /** Whether {@code condition} held before {@code timeout}; checks every {@code interval}. */
  static boolean until(BooleanSupplier condition, Duration timeout, Duration interval) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (condition.getAsBoolean()) {
        return true;
      }
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      sleep(interval);
    }
  }

  static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
