package io.beacon.registry.client.internal;

import static io.beacon.registry.client.internal.ClientHarness.A;
import static io.beacon.registry.client.internal.ClientHarness.B;
import static io.beacon.registry.client.internal.ClientHarness.C;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.alipay.sofa.registry.core.model.BaseRegister;
import io.beacon.registry.client.ConfigWatch;
import io.beacon.registry.client.Publication;
import io.beacon.registry.client.Scope;
import io.beacon.registry.client.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Connection loss, the choice of the next session, and the replay of every registration. */
class ReconnectTest {

  @Test
  void aLostConnectionMovesToAnotherSessionAndReplaysEveryRegistrationWithItsIdAndVersion() {
    try (ClientHarness h = ClientHarness.options().config(b -> b.sessions(A, B)).start()) {
      FakeTransport.FakeConnection first = h.connection();
      Publication republished = h.client.publish("p", null, "v1");
      h.settle();
      h.ackAll();
      republished.republish("v2");
      Subscription subscription = h.client.subscribe("s", null, Scope.ZONE, s -> {});
      ConfigWatch watch = h.client.watchConfig("c", c -> {});
      h.settle();
      h.ackAll();
      Publication pending = h.client.publish("q", null, "x");
      h.settle();
      CompletableFuture<Void> pendingAck = pending.acknowledged();
      int sentBefore = h.transport.registers().size();

      first.close();
      h.settle();

      FakeTransport.FakeConnection second = h.connection();
      assertThat(second.address()).isNotEqualTo(first.address());
      assertThat(h.client.connectedSession()).contains(second.address());
      List<BaseRegister> replay =
          h.transport.registers().subList(sentBefore, h.transport.registers().size()).stream()
              .map(FakeTransport.Sent::register)
              .toList();
      assertThat(replay)
          .extracting(
              BaseRegister::getRegistId, BaseRegister::getVersion, BaseRegister::getEventType)
          .containsExactly(
              tuple(republished.registId(), 2L, "REGISTER"),
              tuple(subscription.registId(), 1L, "REGISTER"),
              tuple(watch.registId(), 0L, "REGISTER"),
              tuple(pending.registId(), 1L, "REGISTER"));
      assertThat(pendingAck).as("survives the loss").isNotDone();
      assertThat(h.client.stats().pendingRegistrations()).isEqualTo(4);

      h.ackAll();
      assertThat(pendingAck).isCompleted();
      assertThat(h.client.stats().pendingRegistrations()).isZero();
      assertThat(h.client.stats().reconnects()).isEqualTo(1);
    }
  }

  @Test
  void aLateAnswerFromTheLostConnectionDoesNotCount() {
    try (ClientHarness h = ClientHarness.options().config(b -> b.sessions(A, B)).start()) {
      Publication publication = h.client.publish("p", null, "v1");
      h.settle();
      FakeTransport.Sent onOldConnection = h.transport.lastRegister();

      h.connection().dropKeepingRequests();
      // Lost before it proved itself: the next attempt waits a first backoff.
      h.advanceUntil(() -> h.client.connectedSession().isPresent(), Duration.ofSeconds(1));
      FakeTransport.Sent onNewConnection = h.transport.lastRegister();
      assertThat(onNewConnection).isNotSameAs(onOldConnection);

      onOldConnection.ack();
      h.settle();
      assertThat(publication.acknowledged()).isNotDone();

      onNewConnection.ack();
      h.settle();
      assertThat(publication.acknowledged()).isCompleted();
    }
  }

  @Test
  void theLostSessionIsTriedLast() {
    for (int seed = 1; seed <= 10; seed++) {
      try (ClientHarness h =
          ClientHarness.options()
              .config(b -> b.sessions(A, B, C))
              .random(new SplittableRandom(seed))
              .start()) {
        String lost = h.connection().address();
        List<String> others = new ArrayList<>(List.of(A, B, C));
        others.remove(lost);
        h.transport.down(others.toArray(String[]::new));
        int before = h.transport.attempts().size();

        h.connection().close();
        h.advanceUntil(() -> h.client.connectedSession().isPresent(), Duration.ofSeconds(5));

        assertThat(h.transport.attempts().subList(before, h.transport.attempts().size()))
            .as("seed %s", seed)
            .extracting(FakeTransport.Attempt::address)
            .hasSize(3)
            .endsWith(lost)
            .containsAll(others);
      }
    }
  }

  @Test
  void oneRequestPerRegistrationIsInFlightAndChangesMeanwhileAreCoalesced() {
    try (ClientHarness h = ClientHarness.connected()) {
      Publication publication = h.client.publish("p", null, "v1");
      CompletableFuture<Void> second = publication.republish("v2");
      CompletableFuture<Void> third = publication.republish("v3");
      h.settle();
      assertThat(h.transport.unanswered()).hasSize(1);

      h.transport.lastRegister().ack();
      h.settle();

      assertThat(h.transport.unanswered()).hasSize(1);
      assertThat(h.transport.lastRegister().register().getVersion()).isEqualTo(3L);
      h.transport.lastRegister().ack();
      h.settle();
      assertThat(second).isCompleted();
      assertThat(third).isCompleted();
      assertThat(h.transport.registers()).hasSize(2);
    }
  }

  @Test
  void theGlobalCapLimitsRequestsInFlightAlsoDuringAReplay() {
    try (ClientHarness h =
        ClientHarness.options().config(b -> b.sessions(A, B)).maxInFlight(4).start()) {
      for (int i = 0; i < 10; i++) {
        h.client.publish("p" + i, null, "v");
      }
      h.settle();
      assertThat(h.transport.unanswered()).hasSize(4);
      assertThat(h.client.stats().pendingRegistrations()).isEqualTo(10);

      h.transport.unanswered().get(0).ack();
      h.settle();
      assertThat(h.transport.unanswered()).hasSize(4);
      assertThat(h.transport.registers()).hasSize(5);

      h.ackAll();
      assertThat(h.transport.registers()).hasSize(10);
      assertThat(h.client.stats().pendingRegistrations()).isZero();

      int before = h.transport.registers().size();
      h.connection().close();
      h.settle();
      assertThat(h.transport.registers()).hasSize(before + 4);
      h.ackAll();
      assertThat(h.transport.registers()).hasSize(before + 10);
    }
  }
}
