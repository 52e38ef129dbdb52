package io.beacon.registry.it;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/** The one Awaitility preset of the integration tests: real asynchronous edges only. */
final class Awaits {

  static final Duration TIMEOUT = Duration.ofSeconds(15);

  private Awaits() {}

  static ConditionFactory await() {
    return Awaitility.await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(20))
        .pollDelay(Duration.ZERO)
        .ignoreExceptions();
  }
}
