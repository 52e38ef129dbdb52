package io.beacon.registry.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.alipay.sofa.registry.core.model.ConfiguratorRegister;
import com.alipay.sofa.registry.core.model.DataBox;
import com.alipay.sofa.registry.core.model.PublisherRegister;
import com.alipay.sofa.registry.core.model.SubscriberRegister;
import io.beacon.registry.client.Publication;
import io.beacon.registry.client.RegistrationRefusedException;
import io.beacon.registry.client.Scope;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Registration, acknowledgement and retry of publications, against the reference's rules. */
class PublishTest {

  @Test
  void publishSendsPublisherRegisterWithTheWireFieldsOfTheReferenceClient() {
    try (ClientHarness h = ClientHarness.connected()) {
      Publication publication = h.client.publish("com.example.Echo", null, "10.1.1.1:8080", "x");
      h.settle();

      PublisherRegister register = (PublisherRegister) h.transport.lastRegister().request();
      assertThat(UUID.fromString(register.getRegistId()).toString())
          .isEqualTo(publication.registId());
      assertThat(register.getDataId()).isEqualTo("com.example.Echo");
      assertThat(register.getGroup()).isEqualTo("DEFAULT_GROUP");
      assertThat(register.getVersion()).isEqualTo(1L);
      assertThat(register.getEventType()).isEqualTo("REGISTER");
      assertThat(register.getZone()).isEqualTo("DEFAULT_ZONE");
      assertThat(register.getInstanceId()).isEqualTo("DEFAULT_INSTANCE_ID");
      assertThat(register.getAppName()).isEqualTo("demo-app");
      assertThat(register.getTimestamp()).isEqualTo(h.clock.millis());
      assertThat(register.getAttributes()).isNotNull().isEmpty();
      assertThat(register.getDataList())
          .extracting(DataBox::getData)
          .containsExactly("10.1.1.1:8080", "x");
      // The server derives these; the reference client never sends them.
      assertThat(register.getProcessId()).isNull();
      assertThat(register.getClientId()).isNull();
      assertThat(register.getDataInfoId()).isNull();
      assertThat(register.getPort()).isNull();
    }
  }

  @Test
  void subscriberAndConfiguratorRegistersCarryTheirScopeAndStartVersions() {
    try (ClientHarness h = ClientHarness.connected()) {
      h.client.subscribe("svc", "G1", Scope.DATA_CENTER, snapshot -> {});
      h.settle();
      SubscriberRegister subscriber = (SubscriberRegister) h.transport.lastRegister().request();
      h.client.watchConfig("cfg", config -> {});
      h.settle();
      ConfiguratorRegister configurator =
          (ConfiguratorRegister) h.transport.lastRegister().request();

      assertThat(subscriber.getScope()).isEqualTo("dataCenter");
      assertThat(subscriber.acceptMulti()).isFalse();
      assertThat(subscriber.getGroup()).isEqualTo("G1");
      assertThat(subscriber.getVersion()).isEqualTo(1L);
      assertThat(subscriber.getEventType()).isEqualTo("REGISTER");
      assertThat(configurator.getVersion()).isZero();
      assertThat(configurator.getGroup()).isEqualTo("DEFAULT_GROUP");
      assertThat(configurator.getAttributes()).isEmpty();
    }
  }

  @Test
  void ackOfTheCurrentVersionCompletesAcknowledged() {
    try (ClientHarness h = ClientHarness.connected()) {
      Publication publication = h.client.publish("svc", null, "a");
      h.settle();
      assertThat(publication.acknowledged()).isNotDone();
      assertThat(h.client.stats().pendingRegistrations()).isEqualTo(1);

      h.transport.lastRegister().ack();
      h.settle();

      assertThat(publication.acknowledged()).isCompleted();
      assertThat(h.client.stats().pendingRegistrations()).isZero();
      h.advance(Duration.ofSeconds(10));
      assertThat(h.transport.registers()).hasSize(1);
    }
  }

  @Test
  void ackWithAnotherVersionDoesNotCompleteAndTheRetryWaitsForTheBackoff() {
    try (ClientHarness h = ClientHarness.connected()) {
      Publication publication = h.client.publish("svc", null, "a");
      h.settle();

      h.transport.lastRegister().ackVersion(0);
      h.settle();
      assertThat(publication.acknowledged()).isNotDone();

      // First retry: 200 ms after the answer, plus at most 20 % jitter.
      h.advance(Duration.ofMillis(150));
      assertThat(h.transport.registers()).hasSize(1);
      h.advance(Duration.ofMillis(150));
      assertThat(h.transport.registers()).hasSize(2);
      PublisherRegister retry = (PublisherRegister) h.transport.lastRegister().request();
      assertThat(retry.getRegistId()).isEqualTo(publication.registId());
      assertThat(retry.getVersion()).isEqualTo(1L);

      h.transport.lastRegister().ack();
      h.settle();
      assertThat(publication.acknowledged()).isCompleted();
    }
  }

  @Test
  void unsuccessfulAnswersAndTransportErrorsAreRetriedWithGrowingDelays() {
    try (ClientHarness h = ClientHarness.connected()) {
      Publication publication = h.client.publish("svc", null, "a");
      h.settle();

      h.transport.lastRegister().answerUnsuccessful();
      h.settle();
      h.advance(Duration.ofMillis(250));
      assertThat(h.transport.registers()).hasSize(2);

      h.transport.lastRegister().fail();
      h.settle();
      // Second retry: 400 ms (+ jitter), not 200.
      h.advance(Duration.ofMillis(350));
      assertThat(h.transport.registers()).hasSize(2);
      h.advance(Duration.ofMillis(150));
      assertThat(h.transport.registers()).hasSize(3);

      h.transport.lastRegister().ack();
      h.settle();
      assertThat(publication.acknowledged()).isCompleted();
    }
  }

  @Test
  void requestWithoutAnyAnswerCountsAsFailedAfterRequestTimeoutPlusRetryInterval() {
    try (ClientHarness h = ClientHarness.connected()) {
      h.client.publish("svc", null, "a");
      h.settle();

      h.advance(Duration.ofMillis(1400));
      assertThat(h.transport.registers()).hasSize(1);
      h.advance(Duration.ofMillis(400)); // expired at 1.5 s, retried 200..240 ms later
      assertThat(h.transport.registers()).hasSize(2);
    }
  }

  @Test
  void refusalFailsTheFutureWithTheServerMessageAndRepublishThenThrows() {
    try (ClientHarness h = ClientHarness.connected()) {
      Publication publication = h.client.publish("svc", null, "a");
      h.settle();

      h.transport.lastRegister().refuse("dataId: svc (expected: allowed by the blacklist)");
      h.settle();

      assertThatThrownBy(() -> publication.acknowledged().join())
          .isInstanceOf(CompletionException.class)
          .cause()
          .isInstanceOf(RegistrationRefusedException.class)
          .hasMessage("dataId: svc (expected: allowed by the blacklist)");
      assertThatThrownBy(() -> publication.republish("b"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("allowed by the blacklist");
      assertThat(publication.unpublish()).isNotDone();
      h.settle();
      assertThat(publication.unpublish()).isCompleted();
      h.advance(Duration.ofSeconds(5));
      assertThat(h.transport.registers()).hasSize(1);
      assertThat(h.client.stats().pendingRegistrations()).isZero();
    }
  }

  @Test
  void republishBumpsTheVersionAndALateAckOfTheOldVersionDoesNotCount() {
    try (ClientHarness h = ClientHarness.connected()) {
      Publication publication = h.client.publish("svc", null, "a");
      h.settle();
      FakeTransport.Sent first = h.transport.lastRegister();
      CompletableFuture<Void> firstAck = publication.acknowledged();

      CompletableFuture<Void> secondAck = publication.republish("b");
      h.settle();
      assertThat(publication.acknowledged()).isSameAs(secondAck);
      assertThat(h.transport.registers()).as("one request in flight per registration").hasSize(1);

      first.ack(); // answers version 1, sent before the republish
      h.settle();
      assertThat(firstAck).isNotDone();
      assertThat(secondAck).isNotDone();
      PublisherRegister second = (PublisherRegister) h.transport.lastRegister().request();
      assertThat(second.getVersion()).isEqualTo(2L);
      assertThat(second.getRegistId()).isEqualTo(publication.registId());
      assertThat(second.getDataList()).extracting(DataBox::getData).containsExactly("b");

      h.transport.lastRegister().ack();
      h.settle();
      assertThat(firstAck).isCompleted();
      assertThat(secondAck).isCompleted();
    }
  }

  @Test
  void unpublishSendsUnregisterWithTheNextVersionAndForgetsTheRegistrationAfterItsAck() {
    try (ClientHarness h = ClientHarness.connected()) {
      Publication publication = h.client.publish("svc", null, "a");
      h.settle();
      h.transport.lastRegister().ack();
      h.settle();

      CompletableFuture<Void> unpublished = publication.unpublish();
      h.settle();
      PublisherRegister unregister = (PublisherRegister) h.transport.lastRegister().request();
      assertThat(unregister.getEventType()).isEqualTo("UNREGISTER");
      assertThat(unregister.getVersion()).isEqualTo(2L);
      assertThat(unregister.getDataList()).isNull();
      assertThat(publication.unpublish()).isSameAs(unpublished);
      assertThatThrownBy(() -> publication.republish("b"))
          .isInstanceOf(IllegalStateException.class);

      h.transport.lastRegister().ack();
      h.settle();
      assertThat(unpublished).isCompleted();

      // Gone from the client: not replayed on the next connection.
      int before = h.transport.registers().size();
      h.connection().close();
      h.advance(Duration.ofSeconds(1));
      assertThat(h.transport.registers()).hasSize(before);
    }
  }

  @Test
  void publishReturnsAtOnceAndIsSentWhenTheFirstConnectionOpens() {
    try (ClientHarness h = ClientHarness.options().start()) {
      h.transport.connection().close(); // lose the first connection...
      h.transport.down(ClientHarness.A); // ...and keep the session away
      h.settle();

      Publication publication = h.client.publish("svc", null, "a");
      h.advance(Duration.ofSeconds(1));
      assertThat(h.client.connectedSession()).isEmpty();
      assertThat(publication.acknowledged()).isNotDone();
      int before = h.transport.registers().size();

      h.transport.up(ClientHarness.A);
      h.advanceUntil(() -> h.client.connectedSession().isPresent(), Duration.ofSeconds(6));
      assertThat(h.client.connectedSession()).contains(ClientHarness.A);
      assertThat(h.transport.registers()).hasSize(before + 1);
      h.transport.lastRegister().ack();
      h.settle();
      assertThat(publication.acknowledged()).isCompleted();
    }
  }

  @Test
  void badInputIsRejectedWithAMessage() {
    try (ClientHarness h = ClientHarness.connected()) {
      assertThatThrownBy(() -> h.client.publish(" ", null, "a"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("dataId:   (expected: non-empty)");
      assertThatThrownBy(() -> h.client.publish("svc", null, "a", null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("data: null (expected: non-null values)");
    }
  }

  /**
   * Race: a send that got no answer in time is given up on and sent again with the same state. The
   * first send's answer may still come; it used to be matched to the retry (both carried the same
   * requestId), so a late failure of the first send ended the retry's wait and a third request went
   * out while the retry was still in flight: two requests of one registration at once.
   */
  @Test
  void aLateAnswerOfAnExpiredSendIsNotTakenForTheAnswerOfItsRetry() {
    try (ClientHarness h = ClientHarness.connected()) {
      Publication publication = h.client.publish("svc", null, "a");
      h.settle();
      FakeTransport.Sent expired = h.transport.lastRegister();
      h.advance(Duration.ofMillis(1_800)); // expired at 1.5 s, retried 200..240 ms later
      assertThat(h.transport.registers()).hasSize(2);
      FakeTransport.Sent retry = h.transport.lastRegister();

      expired.answerUnsuccessful();
      h.settle();
      h.advance(Duration.ofMillis(300));

      assertThat(h.transport.registers()).as("requests sent").hasSize(2);
      assertThat(h.transport.unanswered()).containsExactly(retry);
      retry.ack();
      h.settle();
      assertThat(publication.acknowledged()).isCompleted();
    }
  }
}
