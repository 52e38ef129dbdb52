package io.beacon.registry.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.client.Scope;
import io.beacon.registry.client.Snapshot;
import io.beacon.registry.client.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Empty-push protection: an empty push during a reconnect gap (from the loss until the hold after
 * the re-registration's ack) is held, replaced by a newer non-empty push, and delivered when the
 * gap ends; outside gaps, or with protection off, it is delivered at once.
 */
class EmptyPushProtectionTest {

  private final List<Snapshot> seen = new ArrayList<>();

  @Test
  void anEmptyPushDuringAReconnectGapIsHeldAndLatestKeepsTheOldData() {
    try (ClientHarness h = ClientHarness.connected()) {
      Subscription subscription = subscribedWithData(h);
      loseConnection(h);

      h.pushEmpty(subscription.registId(), 2);
      h.listeners.runAll();

      assertThat(seen).extracting(Snapshot::values).containsExactly(List.of("a"));
      assertThat(subscription.latest().orElseThrow().values()).containsExactly("a");
      assertThat(h.client.stats().emptyPushesHeld()).isEqualTo(1);
      assertThat(h.client.stats().pushesApplied()).isEqualTo(2);
    }
  }

  @Test
  void theHeldEmptyPushIsDeliveredWhenTheHoldAfterTheReRegistrationEnds() {
    // A long request timeout keeps the unanswered re-registration in flight for the whole test.
    try (ClientHarness h = ClientHarness.connected(b -> b.requestTimeout(Duration.ofSeconds(60)))) {
      Subscription subscription = subscribedWithData(h);
      loseConnection(h);
      h.pushEmpty(subscription.registId(), 2);

      h.advance(Duration.ofSeconds(10)); // no ack yet: the gap lasts
      h.listeners.runAll();
      assertThat(subscription.latest().orElseThrow().isEmpty()).isFalse();

      h.ackAll(); // the hold window starts now
      h.advance(Duration.ofMillis(4_900));
      h.listeners.runAll();
      assertThat(seen).hasSize(1);

      h.advance(Duration.ofMillis(150));
      h.listeners.runAll();
      assertThat(seen).hasSize(2);
      assertThat(seen.get(1).isEmpty()).isTrue();
      assertThat(seen.get(1).version()).isEqualTo(2);
      assertThat(subscription.latest().orElseThrow().isEmpty()).isTrue();
    }
  }

  @Test
  void aNewerNonEmptyPushReplacesTheHeldEmptyOneAndIsDeliveredAtOnce() {
    try (ClientHarness h = ClientHarness.connected()) {
      Subscription subscription = subscribedWithData(h);
      loseConnection(h);
      h.pushEmpty(subscription.registId(), 2);

      h.push(subscription.registId(), 3, "DefaultDataCenter", "DEFAULT_ZONE", "b");
      h.listeners.runAll();
      assertThat(seen).extracting(Snapshot::values).containsExactly(List.of("a"), List.of("b"));

      h.ackAll();
      h.advance(Duration.ofSeconds(6));
      h.listeners.runAll();
      assertThat(seen).hasSize(2);
      assertThat(subscription.latest().orElseThrow().values()).containsExactly("b");
    }
  }

  @Test
  void anEmptyPushOutsideAGapIsDeliveredAtOnce() {
    try (ClientHarness h = ClientHarness.connected()) {
      Subscription subscription = subscribedWithData(h);

      h.pushEmpty(subscription.registId(), 2);
      h.listeners.runAll();
      assertThat(seen).hasSize(2);
      assertThat(seen.get(1).isEmpty()).isTrue();

      // And after a gap has ended, too.
      h.push(subscription.registId(), 3, "DefaultDataCenter", "DEFAULT_ZONE", "c");
      loseConnection(h);
      h.ackAll();
      h.advance(Duration.ofMillis(5_100));
      h.pushEmpty(subscription.registId(), 4);
      h.listeners.runAll();
      assertThat(seen).last().extracting(Snapshot::version).isEqualTo(4L);
      assertThat(h.client.stats().emptyPushesHeld()).isZero();
    }
  }

  @Test
  void withProtectionOffAnEmptyPushInAGapIsDeliveredAtOnce() {
    try (ClientHarness h = ClientHarness.connected(b -> b.emptyPushProtection(false))) {
      Subscription subscription = subscribedWithData(h);
      loseConnection(h);

      h.pushEmpty(subscription.registId(), 2);
      h.listeners.runAll();

      assertThat(seen).hasSize(2);
      assertThat(subscription.latest().orElseThrow().isEmpty()).isTrue();
    }
  }

  @Test
  void theFirstPushIsDeliveredEvenIfEmpty() {
    try (ClientHarness h = ClientHarness.connected()) {
      Subscription subscription = h.client.subscribe("svc", null, Scope.ZONE, seen::add);
      h.settle();
      loseConnection(h);

      h.pushEmpty(subscription.registId(), 1);
      h.listeners.runAll();

      assertThat(seen).hasSize(1);
      assertThat(seen.get(0).isEmpty()).isTrue();
    }
  }

  private Subscription subscribedWithData(ClientHarness h) {
    Subscription subscription = h.client.subscribe("svc", null, Scope.ZONE, seen::add);
    h.settle();
    h.ackAll();
    h.push(subscription.registId(), 1, "DefaultDataCenter", "DEFAULT_ZONE", "a");
    h.listeners.runAll();
    return subscription;
  }

  /** The session drops the connection; the client reconnects, its re-registration unacked. */
  private static void loseConnection(ClientHarness h) {
    h.reconnect();
    assertThat(h.transport.unanswered()).isNotEmpty();
  }
}
