package io.beacon.registry.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.client.Scope;
import io.beacon.registry.client.Subscription;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The meters a client registers when given a Micrometer registry. */
class MicrometerClientMetricsTest {

  @Test
  void theMetersFollowTheClientsCountersAndLeaveWithTheClient() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ClientHarness h = ClientHarness.connected(b -> b.meterRegistry(registry));
    Subscription subscription = h.client.subscribe("svc", null, Scope.ZONE, s -> {});
    h.settle();

    assertThat(registry.get("beacon.client.registrations.pending").gauge().value()).isEqualTo(1);
    assertThat(registry.get("beacon.client.connected").gauge().value()).isEqualTo(1);
    h.ackAll();
    h.push(subscription.registId(), 1, "DefaultDataCenter", "Z", "a");
    h.push(subscription.registId(), 1, "DefaultDataCenter", "Z", "a");

    assertThat(registry.get("beacon.client.registrations.pending").gauge().value()).isZero();
    assertThat(registry.get("beacon.client.pushes.received").functionCounter().count())
        .isEqualTo(2);
    assertThat(registry.get("beacon.client.pushes.applied").functionCounter().count()).isEqualTo(1);
    assertThat(registry.get("beacon.client.reconnects").functionCounter().count()).isZero();

    h.close();
    assertThat(registry.getMeters()).isEmpty();
  }

  @Test
  void pushAgeComesFromTheTimeInTheDatumVersionAndAckTimeFromTheFirstSend() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ClientHarness h = ClientHarness.connected(b -> b.meterRegistry(registry));
    Subscription subscription = h.client.subscribe("svc", null, Scope.ZONE, s -> {});
    h.settle();
    h.advance(Duration.ofMillis(300));
    h.ackAll();
    // A datum version issued 40 ms before now, in the (millis - 2019-01-01) << 15 scheme.
    long issuedAt = h.clock.millis() - 40;
    h.push(
        subscription.registId(),
        ((issuedAt - 1_546_272_000_000L) << 15) | 7,
        "DefaultDataCenter",
        "Z",
        "a");
    // A version of another scheme is not timed.
    h.push(subscription.registId(), Long.MAX_VALUE, "DefaultDataCenter", "Z", "b");

    Timer pushAge = registry.get("beacon.client.push.age").timer();
    assertThat(pushAge.count()).isEqualTo(1);
    assertThat(pushAge.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(40);
    Timer ack = registry.get("beacon.client.registration.ack").timer();
    assertThat(ack.count()).isEqualTo(1);
    assertThat(ack.totalTime(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(300);
    h.close();
  }
}
