package io.beacon.registry.bench;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Bounded waits of the load loops: polls a condition (through Awaitility) until it holds or the
 * timeout passes. Main code only; the JUnit smoke test goes through these too because it drives the
 * same scenarios.
 */
final class Poll {

  private Poll() {}

  /** Whether {@code condition} held before {@code timeout}; checks every {@code interval}. */
  static boolean until(BooleanSupplier condition, Duration timeout, Duration interval) {
    if (timeout.isNegative() || timeout.isZero()) {
      return condition.getAsBoolean();
    }
    try {
      Awaitility.await()
          .atMost(timeout)
          .pollDelay(Duration.ZERO)
          .pollInterval(interval)
          .pollInSameThread()
          .until(condition::getAsBoolean);
      return true;
    } catch (ConditionTimeoutException e) {
      return false;
    }
  }
}
