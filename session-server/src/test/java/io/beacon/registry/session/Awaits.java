package io.beacon.registry.session;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/** The one Awaitility preset of this module's tests, for answers that arrive over real RPC. */
public final class Awaits {

  private Awaits() {}

  public static ConditionFactory await() {
    return Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(5));
  }
}
