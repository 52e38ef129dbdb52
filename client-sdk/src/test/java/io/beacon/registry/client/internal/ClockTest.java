package io.beacon.registry.client.internal;

import static io.beacon.registry.client.internal.ClientHarness.A;
import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.client.Publication;
import io.beacon.registry.client.Scope;
import io.beacon.registry.client.Snapshot;
import io.beacon.registry.client.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The client's deadlines run on a monotonic clock; the wall clock only stamps requests and dates
 * pushes. Each test steps the wall clock the client sees (NTP, a VM resume) while real time, which
 * drives the worker and the monotonic clock, goes on evenly.
 */
class ClockTest {

  /**
   * Time: every deadline used to be computed from the wall clock. A step back froze reconnect
   * backoff, request expiry, retries, segment sync and the empty-push hold for the size of the
   * step: after a one-minute step back no connect was attempted for a minute.
   */
  @Test
  void aWallClockStepBackDoesNotStallReconnection() {
    try (ClientHarness h = ClientHarness.options().config(b -> b.sessions(A)).start()) {
      h.transport.down(A);
      h.connection().close(); // the next attempt waits a backoff, and fails
      h.settle();
      int before = h.transport.attempts().size();

      h.stepWallClock(Duration.ofSeconds(-60));
      h.advance(Duration.ofSeconds(20));

      assertThat(h.transport.attempts().size() - before)
          .as("connect attempts in the 20 s after the step (backoff max 5 s)")
          .isGreaterThanOrEqualTo(4);
    }
  }

  @Test
  void aWallClockStepNeitherStallsNorHurriesTheRetryOfAnUnansweredRequest() {
    try (ClientHarness h = ClientHarness.connected()) {
      Publication publication = h.client.publish("svc", null, "a");
      h.settle();
      assertThat(h.transport.lastRegister().register().getTimestamp()).isEqualTo(h.wallMillis());

      h.stepWallClock(Duration.ofHours(1)); // forward: must not expire the request at once
      h.advance(Duration.ofMillis(1_400));
      assertThat(h.transport.registers()).hasSize(1);
      h.stepWallClock(Duration.ofHours(-2)); // back: must not postpone it
      h.advance(Duration.ofMillis(400)); // expired at 1.5 s, retried 200..240 ms later
      assertThat(h.transport.registers()).hasSize(2);

      // The wire carries the wall-clock time (now an hour behind), of the tick that sent it.
      assertThat(h.transport.lastRegister().register().getTimestamp())
          .isBetween(
              h.wallMillis() - DefaultRegistryClient.TICK_INTERVAL.toMillis(), h.wallMillis());
      h.transport.lastRegister().ack();
      h.settle();
      assertThat(publication.acknowledged()).isCompleted();
    }
  }

  @Test
  void aWallClockStepForwardDoesNotEndTheEmptyPushHoldEarly() {
    try (ClientHarness h = ClientHarness.connected()) {
      List<Snapshot> seen = new ArrayList<>();
      Subscription subscription = h.client.subscribe("svc", null, Scope.ZONE, seen::add);
      h.settle();
      h.ackAll();
      h.push(subscription.registId(), 1, "DefaultDataCenter", "DEFAULT_ZONE", "a");
      h.reconnect();
      h.pushEmpty(subscription.registId(), 2);
      h.ackAll(); // re-registered: the 5 s hold starts

      h.stepWallClock(Duration.ofMinutes(10));
      h.advance(Duration.ofSeconds(4));
      h.listeners.runAll();
      assertThat(subscription.latest().orElseThrow().values()).containsExactly("a");

      h.advance(Duration.ofMillis(1_100));
      h.listeners.runAll();
      assertThat(subscription.latest().orElseThrow().isEmpty()).isTrue();
      assertThat(seen).hasSize(2);
    }
  }
}
