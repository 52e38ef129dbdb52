package io.beacon.registry.client.internal;

import static io.beacon.registry.client.internal.ClientHarness.A;
import static io.beacon.registry.client.internal.ClientHarness.B;
import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.client.Publication;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Pacing of reconnects and discovery: full-jitter backoff between failed attempts, what resets it,
 * and the rate of discovery asks.
 */
class ReconnectBackoffTest {

  @Test
  void failedAttemptsWaitTheFullJitterBoundDoublingFromMinToMax() {
    try (ClientHarness h =
        ClientHarness.options()
            .config(
                b ->
                    b.sessions(A, B)
                        .reconnectBackoff(Duration.ofMillis(100), Duration.ofSeconds(2)))
            .random(new MaxRandom())
            .start()) {
      h.advance(Duration.ofSeconds(2)); // open for backoff max: the connection proved itself
      h.transport.down(A, B);
      int before = h.transport.attempts().size();
      h.connection().close();
      h.advance(Duration.ofSeconds(10));

      List<FakeTransport.Attempt> attempts =
          h.transport.attempts().subList(before, h.transport.attempts().size());
      assertThat(attempts.get(0).atMillis())
          .as("first attempt after the loss")
          .isEqualTo(h.clock.millis() - 10_000);
      assertThat(gaps(attempts)).startsWith(100L, 200L, 400L, 800L, 1600L, 2000L, 2000L);
      assertThat(attempts).extracting(FakeTransport.Attempt::address).startsWith(B, A, B, A);
    }
  }

  @Test
  void randomBackoffStaysWithinItsBoundsAndAnAcknowledgementResetsIt() {
    try (ClientHarness h =
        ClientHarness.options()
            .config(b -> b.sessions(A, B))
            .random(new SplittableRandom(7))
            .start()) {
      h.advance(Duration.ofSeconds(5));
      h.transport.down(A, B);
      int first = h.transport.attempts().size();
      h.connection().close();
      h.advance(Duration.ofSeconds(30));

      List<Long> gaps = gaps(h.transport.attempts().subList(first, h.transport.attempts().size()));
      assertThat(gaps).hasSizeGreaterThan(8);
      for (int i = 0; i < gaps.size(); i++) {
        long bound = Math.min(5_000, 100L << Math.min(i, 20));
        // Attempts run on the tick, so a delay shows up to one tick late.
        assertThat(gaps.get(i))
            .isBetween(0L, bound + DefaultRegistryClient.TICK_INTERVAL.toMillis());
      }

      h.transport.up(A, B);
      h.advanceUntil(() -> h.client.connectedSession().isPresent(), Duration.ofSeconds(6));
      Publication publication = h.client.publish("p", null, "v");
      h.settle();
      h.ackAll(); // the session serves: the connection proved itself
      assertThat(publication.acknowledged()).isCompleted();
      int before = h.transport.attempts().size();
      h.transport.down(A, B);
      h.connection().close();
      h.settle();
      // The loss of a proven connection starts a fresh series: the first attempt is immediate.
      assertThat(h.transport.attempts()).hasSize(before + 1);
      assertThat(h.transport.attempts().get(before).atMillis()).isEqualTo(h.clock.millis());
    }
  }

  /**
   * Race with a bad session: one that accepts connections and drops them at once (overloaded,
   * refusing clients, a balancer in front of a dead backend). The failure count was reset on every
   * successful connect and a loss was followed by an immediate attempt, so the client reconnected
   * in a tight loop (dozens of attempts within one millisecond) and asked discovery on every loss.
   * A connection lost before it proved itself now counts as a failed attempt, and discovery is
   * asked at most once a second outside its schedule.
   */
  @Test
  void aSessionThatAcceptsAndDropsAtOnceIsRetriedWithBackoffAndDiscoveryIsRateLimited() {
    AtomicInteger discoveries = new AtomicInteger();
    SessionDiscovery counting =
        () -> {
          discoveries.incrementAndGet();
          return CompletableFuture.completedFuture(List.of(A));
        };
    try (ClientHarness h =
        ClientHarness.options()
            .config(b -> b.reconnectBackoff(Duration.ofMillis(100), Duration.ofSeconds(2)))
            .discovery(counting)
            .random(new MaxRandom())
            .start()) {
      long end = h.clock.millis() + 10_000;
      int discoveriesBefore = discoveries.get();
      while (h.clock.millis() < end) {
        // The session drops every connection it accepts, as soon as it is up.
        for (int i = 0; i < 100 && !h.transport.openConnections().isEmpty(); i++) {
          h.transport.openConnections().forEach(FakeTransport.FakeConnection::close);
          h.settle();
        }
        h.advance(DefaultRegistryClient.TICK_INTERVAL);
      }

      List<Long> gaps = gaps(h.transport.attempts());
      assertThat(gaps).startsWith(100L, 200L, 400L, 800L, 1600L, 2000L, 2000L);
      assertThat(discoveries.get() - discoveriesBefore)
          .as("discovery asks in 10 s")
          .isLessThanOrEqualTo(10);
    }
  }

  /**
   * The other half of the race above: a session that takes the registrations and then drops the
   * connection proves each connection (so every loss is followed by an immediate attempt), and each
   * loss used to ask discovery again. Asks outside the schedule are now at most one a second; the
   * one skipped runs when the second is over.
   */
  @Test
  void lossesOfProvenConnectionsAskDiscoveryAtMostOnceASecond() {
    AtomicInteger discoveries = new AtomicInteger();
    SessionDiscovery counting =
        () -> {
          discoveries.incrementAndGet();
          return CompletableFuture.completedFuture(List.of(A));
        };
    try (ClientHarness h = ClientHarness.options().discovery(counting).start()) {
      h.client.publish("p", null, "v");
      h.advance(Duration.ofSeconds(2));
      int before = discoveries.get();

      for (int i = 0; i < 20; i++) {
        h.ackAll(); // proven
        h.connection().close(); // and lost: reconnected at once
        h.settle();
      }

      assertThat(discoveries.get() - before).as("asks at the same instant").isEqualTo(1);
      h.advance(Duration.ofSeconds(1));
      assertThat(discoveries.get() - before).as("the skipped ask, a second later").isEqualTo(2);
    }
  }

  @Test
  void aFailedOrEmptyDiscoveryIsRetriedAndKeepsTheSessionsKnownBefore() {
    List<CompletableFuture<List<String>>> answers = new ArrayList<>();
    SessionDiscovery discovery =
        () -> {
          CompletableFuture<List<String>> answer = new CompletableFuture<>();
          answers.add(answer);
          return answer;
        };
    try (ClientHarness h =
        ClientHarness.options()
            .config(b -> b.sessions(A).discoveryRefreshInterval(Duration.ofSeconds(30)))
            .discovery(discovery)
            .random(new MaxRandom())
            .start()) {
      assertThat(answers).hasSize(1);
      answers.get(0).completeExceptionally(new IOException("HTTP 500"));
      h.settle();
      assertThat(h.transport.attempts()).isEmpty();

      h.advance(Duration.ofMillis(100)); // retried after the backoff
      assertThat(answers).hasSize(2);
      answers.get(1).complete(List.of(B));
      h.settle();
      assertThat(h.client.connectedSession()).contains(B);

      h.advance(Duration.ofSeconds(5)); // the connection proves itself by its age
      h.connection().close(); // a loss refreshes discovery at once
      h.settle();
      assertThat(answers).hasSize(3);
      answers.get(2).complete(List.of());
      h.settle();
      assertThat(h.client.connectedSession()).contains(B);

      h.advance(Duration.ofSeconds(30)); // and so does the refresh interval
      assertThat(answers).hasSize(4);
    }
  }

  /**
   * Overflow: the bound {@code min << failure} wrapped negative for a large min, and the random
   * draw then threw on the worker. The doubling now saturates at max.
   */
  @Test
  void theBackoffBoundSaturatesAtMaxInsteadOfOverflowing() {
    Duration huge = Duration.ofMillis(Long.MAX_VALUE / 4);
    for (int failure = 0; failure < 70; failure++) {
      assertThat(SessionConnector.backoffMillis(failure, huge, huge, new MaxRandom()))
          .as("failure %s", failure)
          .isEqualTo(huge.toMillis());
    }
    Duration min = Duration.ofMillis(100);
    Duration day = Duration.ofDays(1);
    assertThat(SessionConnector.backoffMillis(3, min, day, new MaxRandom())).isEqualTo(800);
    assertThat(SessionConnector.backoffMillis(60, min, day, new MaxRandom()))
        .isEqualTo(day.toMillis());
  }

  private static List<Long> gaps(List<FakeTransport.Attempt> attempts) {
    List<Long> gaps = new ArrayList<>();
    for (int i = 1; i < attempts.size(); i++) {
      gaps.add(attempts.get(i).atMillis() - attempts.get(i - 1).atMillis());
    }
    return gaps;
  }
}
