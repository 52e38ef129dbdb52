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
 * Listener delivery: newest snapshot only, one task per subscription, failures contained, and
 * deliveries an executor rejected or silently dropped submitted again.
 */
class ListenerDeliveryTest {

  @Test
  void aListenerThatHasNotRunYetGetsOnlyTheNewestSnapshot() {
    try (ClientHarness h = ClientHarness.connected()) {
      List<Long> versions = new ArrayList<>();
      Subscription subscription =
          h.client.subscribe("svc", null, Scope.ZONE, s -> versions.add(s.version()));
      h.settle();

      for (long version = 1; version <= 5; version++) {
        h.push(subscription.registId(), version, "DefaultDataCenter", "Z", "v" + version);
      }
      assertThat(h.listeners.queued()).isEqualTo(1);
      h.listeners.runAll();

      assertThat(versions).containsExactly(5L);
    }
  }

  @Test
  void pushesArrivingWhileTheListenerRunsAreCoalescedIntoOneDeliveryOfTheNewest() {
    try (ClientHarness h = ClientHarness.connected()) {
      List<Long> versions = new ArrayList<>();
      Subscription[] subscription = new Subscription[1];
      subscription[0] =
          h.client.subscribe(
              "svc",
              null,
              Scope.ZONE,
              s -> {
                versions.add(s.version());
                if (s.version() == 1) {
                  // A slow listener: the worker keeps applying pushes meanwhile.
                  h.push(subscription[0].registId(), 2, "DefaultDataCenter", "Z", "b");
                  h.push(subscription[0].registId(), 3, "DefaultDataCenter", "Z", "c");
                  assertThat(h.listeners.queued()).isZero();
                }
              });
      h.settle();

      h.push(subscription[0].registId(), 1, "DefaultDataCenter", "Z", "a");
      h.listeners.runNext();
      assertThat(h.listeners.queued()).isEqualTo(1);
      h.listeners.runAll();

      assertThat(versions).containsExactly(1L, 3L);
    }
  }

  @Test
  void aListenerExceptionDoesNotStopLaterDeliveries() {
    try (ClientHarness h = ClientHarness.connected()) {
      List<Long> versions = new ArrayList<>();
      Subscription subscription =
          h.client.subscribe(
              "svc",
              null,
              Scope.ZONE,
              s -> {
                versions.add(s.version());
                throw new IllegalStateException("listener bug");
              });
      h.settle();

      h.push(subscription.registId(), 1, "DefaultDataCenter", "Z", "a");
      h.listeners.runAll();
      h.push(subscription.registId(), 2, "DefaultDataCenter", "Z", "b");
      h.listeners.runAll();

      assertThat(versions).containsExactly(1L, 2L);
    }
  }

  @Test
  void aDeliveryTheFullExecutorRejectedIsRetriedByTheTick() {
    try (ClientHarness h = ClientHarness.connected()) {
      List<Snapshot> seen = new ArrayList<>();
      Subscription subscription = h.client.subscribe("svc", null, Scope.ZONE, seen::add);
      h.settle();
      h.listeners.capacity(0);

      h.push(subscription.registId(), 1, "DefaultDataCenter", "Z", "a");
      assertThat(h.listeners.queued()).isZero();

      h.listeners.capacity(10);
      h.client.tick();
      h.listeners.runAll();
      assertThat(seen).extracting(Snapshot::version).containsExactly(1L);
    }
  }

  /**
   * Race with the executor's contract: a listener executor that drops a task without throwing (a
   * {@code DiscardPolicy} pool) left the dispatcher believing a delivery was queued, so no snapshot
   * reached that listener ever again. A delivery not started within a second is submitted again.
   */
  @Test
  void aDeliveryTheExecutorSilentlyDroppedIsSubmittedAgainAfterASecond() {
    try (ClientHarness h = ClientHarness.connected()) {
      List<Snapshot> seen = new ArrayList<>();
      Subscription subscription = h.client.subscribe("svc", null, Scope.ZONE, seen::add);
      h.settle();
      h.listeners.discarding(true);
      h.push(subscription.registId(), 1, "DefaultDataCenter", "Z", "a");
      h.listeners.discarding(false);
      assertThat(h.listeners.discarded()).isEqualTo(1);

      h.advance(Duration.ofMillis(900));
      assertThat(h.listeners.queued()).isZero();
      h.advance(Duration.ofMillis(200));
      assertThat(h.listeners.queued()).isEqualTo(1);
      h.listeners.runAll();

      assertThat(seen).extracting(Snapshot::version).containsExactly(1L);
    }
  }

  /**
   * The resubmission above must not let two tasks deliver for one offer: the duplicate of a
   * delivery that did run later finds its ticket used and does nothing, even when a newer value has
   * been queued meanwhile (that one is delivered by its own task, in order).
   */
  @Test
  void aResubmittedDeliveryRunsOnceAndItsDuplicateDoesNotTakeOverTheNextOne() {
    try (ClientHarness h = ClientHarness.connected()) {
      List<Long> versions = new ArrayList<>();
      Subscription subscription =
          h.client.subscribe("svc", null, Scope.ZONE, s -> versions.add(s.version()));
      h.settle();
      h.push(subscription.registId(), 1, "DefaultDataCenter", "Z", "a");
      h.advance(Duration.ofMillis(1_100)); // queued, never started: submitted once more
      assertThat(h.listeners.queued()).isEqualTo(2);

      h.listeners.runNext(); // delivers version 1
      h.push(subscription.registId(), 2, "DefaultDataCenter", "Z", "b"); // queues a third task
      assertThat(h.listeners.queued()).isEqualTo(2);
      h.listeners.runNext(); // the duplicate: its ticket is used
      assertThat(versions).containsExactly(1L);
      h.listeners.runNext();

      assertThat(versions).containsExactly(1L, 2L);
    }
  }

  @Test
  void eachSubscriptionHasItsOwnDeliveryTask() {
    try (ClientHarness h = ClientHarness.connected()) {
      List<String> seen = new ArrayList<>();
      Subscription first = h.client.subscribe("a", null, Scope.ZONE, s -> seen.add("a"));
      Subscription second = h.client.subscribe("b", null, Scope.ZONE, s -> seen.add("b"));
      h.settle();

      h.push(first.registId(), 1, "DefaultDataCenter", "Z", "x");
      h.push(second.registId(), 1, "DefaultDataCenter", "Z", "y");
      h.push(first.registId(), 2, "DefaultDataCenter", "Z", "x2");
      assertThat(h.listeners.queued()).isEqualTo(2);
      h.listeners.runAll();

      assertThat(seen).containsExactly("a", "b");
    }
  }
}
