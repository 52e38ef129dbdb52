package io.beacon.registry.meta;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/** The one Awaitility preset of this module's tests, for real asynchronous edges only. */
final class Awaits {

  private Awaits() {}

  static ConditionFactory await() {
    return Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(25));
  }
}
