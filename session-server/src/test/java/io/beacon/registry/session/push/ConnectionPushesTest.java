package io.beacon.registry.session.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.common.model.DataInfo;
import io.beacon.registry.common.model.Datum;
import io.beacon.registry.common.retry.Backoff;
import io.beacon.registry.session.push.ConnectionPushes.Batch;
import io.beacon.registry.session.push.ConnectionPushes.Outcome;
import io.beacon.registry.session.push.ConnectionPushes.Ready;
import io.beacon.registry.session.push.ConnectionPushes.SubscriberPush;
import io.beacon.registry.session.registration.Subscriber;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The push queue of one connection, without a network: grouping, backpressure, retries, breaker.
 */
class ConnectionPushesTest {

  private static final DataInfo SERVICE = new DataInfo("com.example.Service", null, null);
  private static final DataInfo OTHER = new DataInfo("com.example.Other", null, null);
  private static final int RETRIES = 3;

  private final ConnectionPushes queue =
      new ConnectionPushes(
          "c1", 2, new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1)), 100);

  @Test
  void subscribersOfOnePayloadWithTheSameScopeAndZoneShareOneBatch() {
    PushPayload payload = payload(SERVICE, 5);
    SubscriberPush s1 = offer("s1", SERVICE, "dataCenter", "ZONE_A", payload);
    SubscriberPush s2 = offer("s2", SERVICE, "dataCenter", "ZONE_A", payload);
    offer("s3", SERVICE, "zone", "ZONE_A", payload);
    offer("s4", OTHER, "dataCenter", "ZONE_A", payload(OTHER, 7));

    List<Batch> batches = queue.takeReady(true, true).batches();

    assertThat(batches).hasSize(3);
    assertThat(batches.get(0).members()).containsExactly(s1, s2);
    assertThat(batches.get(0).subscribers())
        .extracting(Subscriber::registerId)
        .containsExactly("s1", "s2");
    assertThat(batches.get(1).subscribers()).extracting(Subscriber::registerId).containsOnly("s3");
    assertThat(batches.get(2).payload().dataInfoId()).isEqualTo(OTHER.id());
    assertThat(queue.takeReady(true, true).batches()).as("all in flight").isEmpty();
  }

  @Test
  void anUnwritableConnectionHoldsTheNewestDatumUntilItIsWritable() {
    SubscriberPush s1 = offer("s1", SERVICE, "zone", "ZONE_A", payload(SERVICE, 5));

    Ready held = queue.takeReady(true, false);
    offer(s1, SERVICE, payload(SERVICE, 6));
    offer(s1, SERVICE, payload(SERVICE, 8));
    offer(s1, SERVICE, payload(SERVICE, 7));

    assertThat(held.heldBack()).isTrue();
    assertThat(held.batches()).isEmpty();
    Ready ready = queue.takeReady(true, true);
    assertThat(ready.heldBack()).isFalse();
    assertThat(ready.batches()).singleElement().satisfies(b -> assertVersion(b, 8));
  }

  @Test
  void whatIsReadyWhenPushIsNotAllowedIsDroppedUnacknowledged() {
    SubscriberPush s1 = offer("s1", SERVICE, "zone", "ZONE_A", payload(SERVICE, 5));

    assertThat(queue.takeReady(false, true).batches()).isEmpty();

    assertThat(queue.takeReady(true, true).batches()).isEmpty();
    assertThat(queue.pushedVersion(s1)).isZero();
    assertThat(queue.offer(s1, subscriber("s1", SERVICE, "zone", "ZONE_A"), payload(SERVICE, 5)))
        .isTrue();
  }

  @Test
  void anAcknowledgedVersionIsNotOfferedAgainAndANewerOneIs() {
    SubscriberPush s1 = offer("s1", SERVICE, "zone", "ZONE_A", payload(SERVICE, 5));
    Batch batch = queue.takeReady(true, true).batches().get(0);

    queue.complete(batch, true, true, RETRIES);

    assertThat(queue.pushedVersion(s1)).isEqualTo(5);
    assertThat(queue.offer(s1, batch.subscribers().get(0), payload(SERVICE, 5))).isFalse();
    assertThat(queue.offer(s1, batch.subscribers().get(0), payload(SERVICE, 6))).isTrue();
  }

  @Test
  void aFailedBatchWaitsAgainBacksOffAndANewerDatumReplacesIt() {
    SubscriberPush s1 = offer("s1", SERVICE, "zone", "ZONE_A", payload(SERVICE, 5));
    Batch batch = queue.takeReady(true, true).batches().get(0);
    offer(s1, SERVICE, payload(SERVICE, 6));

    Outcome outcome = queue.complete(batch, false, true, RETRIES);

    assertThat(outcome.retrying()).containsExactly(s1);
    assertThat(outcome.givenUp()).isEmpty();
    assertThat(queue.takeReady(true, true).batches()).as("backing off").isEmpty();
    queue.endBackoff(outcome.retrying());
    Batch retry = queue.takeReady(true, true).batches().get(0);
    assertVersion(retry, 6);
    assertThat(retry.attempt()).isEqualTo(1);
  }

  @Test
  void noMoreThanTheWindowOfFramesIsInFlightAndWaitingVersionsMergeMeanwhile() {
    ConnectionPushes narrow =
        new ConnectionPushes("c3", 100, new Backoff(Duration.ofMillis(1), Duration.ofMillis(2)), 2);
    List<SubscriberPush> pushes = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      DataInfo dataInfo = new DataInfo("com.example.S" + i, null, null);
      SubscriberPush push = new SubscriberPush("s" + i, narrow);
      narrow.attach(push);
      narrow.offer(push, subscriber("s" + i, dataInfo, "zone", "ZONE_A"), payload(dataInfo, 1));
      pushes.add(push);
    }

    List<Batch> first = narrow.takeReady(true, true).batches();
    assertThat(first).hasSize(2);
    assertThat(narrow.takeReady(true, true).batches()).as("window full").isEmpty();
    // s3 gets versions 2 and 3 while it waits: only the newest goes.
    DataInfo s3 = new DataInfo("com.example.S3", null, null);
    narrow.offer(pushes.get(3), subscriber("s3", s3, "zone", "ZONE_A"), payload(s3, 2));
    narrow.offer(pushes.get(3), subscriber("s3", s3, "zone", "ZONE_A"), payload(s3, 3));

    narrow.complete(first.get(0), true, true, RETRIES);
    List<Batch> second = narrow.takeReady(true, true).batches();
    assertThat(second).as("one place freed").hasSize(1);
    narrow.complete(first.get(1), true, true, RETRIES);
    List<Batch> third = narrow.takeReady(true, true).batches();
    assertThat(third).hasSize(1);

    assertThat(List.of(second.get(0), third.get(0)))
        .extracting(b -> b.subscribers().get(0).registerId() + "@" + b.payload().version())
        .containsExactlyInAnyOrder("s2@1", "s3@3");
  }

  @Test
  void aDetachedSubscriberIsNotSentWhatIsOfferedToItAfterwards() {
    SubscriberPush s1 = offer("s1", SERVICE, "zone", "ZONE_A", payload(SERVICE, 5));
    SubscriberPush s2 = offer("s2", OTHER, "zone", "ZONE_A", payload(OTHER, 5));
    queue.detach(s1);

    offer(s1, SERVICE, payload(SERVICE, 6));

    assertThat(queue.takeReady(true, true).batches())
        .singleElement()
        .satisfies(b -> assertThat(b.members()).containsExactly(s2));
  }

  @Test
  void aDatumThatArrivedWhileInFlightGoesWhenTheFrameIsAnswered() {
    SubscriberPush s1 = offer("s1", SERVICE, "zone", "ZONE_A", payload(SERVICE, 5));
    Batch batch = queue.takeReady(true, true).batches().get(0);
    offer(s1, SERVICE, payload(SERVICE, 6));
    assertThat(queue.takeReady(true, true).batches()).as("in flight").isEmpty();

    queue.complete(batch, true, true, RETRIES);

    assertThat(queue.takeReady(true, true).batches())
        .singleElement()
        .satisfies(b -> assertVersion(b, 6));
  }

  @Test
  void aSecondStateOfTheSameRegistrationNeverReplacesTheAttachedOne() {
    SubscriberPush first = new SubscriberPush("s7", queue);
    SubscriberPush second = new SubscriberPush("s7", queue);

    assertThat(queue.attach(first)).isSameAs(first);
    assertThat(queue.attach(second)).isSameAs(first);
    assertThat(queue.isAttached(first)).isTrue();
    assertThat(queue.isAttached(second)).isFalse();
  }

  @Test
  void aBatchIsGivenUpAfterItsRetriesOrWhenTheConnectionClosed() {
    SubscriberPush s1 = offer("s1", SERVICE, "zone", "ZONE_A", payload(SERVICE, 5));
    ConnectionPushes lenient =
        new ConnectionPushes(
            "c2", 100, new Backoff(Duration.ofMillis(1), Duration.ofMillis(2)), 100);
    SubscriberPush s2 = new SubscriberPush("s2", lenient);
    lenient.attach(s2);
    lenient.offer(s2, subscriber("s2", SERVICE, "zone", "ZONE_A"), payload(SERVICE, 5));

    Outcome closed = queue.complete(queue.takeReady(true, true).batches().get(0), false, false, 3);
    for (int attempt = 1; attempt < RETRIES; attempt++) {
      Outcome outcome =
          lenient.complete(lenient.takeReady(true, true).batches().get(0), false, true, RETRIES);
      assertThat(outcome.retrying()).containsExactly(s2);
      lenient.endBackoff(outcome.retrying());
    }
    Outcome last =
        lenient.complete(lenient.takeReady(true, true).batches().get(0), false, true, RETRIES);

    assertThat(closed.givenUp()).containsExactly("s1");
    assertThat(last.givenUp()).containsExactly("s2");
    assertThat(lenient.takeReady(true, true).batches()).isEmpty();
    assertThat(queue.pushedVersion(s1)).isZero();
  }

  @Test
  void theBreakerOpensAfterConsecutiveFailuresAndAHalfOpenProbeClosesIt() {
    SubscriberPush s1 = offer("s1", SERVICE, "zone", "ZONE_A", payload(SERVICE, 5));
    SubscriberPush s2 = offer("s2", OTHER, "zone", "ZONE_A", payload(OTHER, 5));
    List<Batch> both = queue.takeReady(true, true).batches();

    assertThat(queue.complete(both.get(0), false, true, RETRIES).cooldown()).isNull();
    Outcome opening = queue.complete(both.get(1), false, true, RETRIES);
    queue.endBackoff(List.of(s1, s2));

    assertThat(opening.cooldown()).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
    assertThat(queue.breakerState()).isEqualTo(PushBreaker.State.OPEN);
    assertThat(queue.takeReady(true, true).batches()).as("open: nothing").isEmpty();
    assertThat(queue.halfOpen()).isTrue();
    List<Batch> probe = queue.takeReady(true, true).batches();
    assertThat(probe).as("half-open: one probe").hasSize(1);
    assertThat(queue.takeReady(true, true).batches()).isEmpty();
    queue.complete(probe.get(0), true, true, RETRIES);
    assertThat(queue.breakerState()).isEqualTo(PushBreaker.State.CLOSED);
    assertThat(queue.takeReady(true, true).batches()).as("the other one now").hasSize(1);
  }

  @Test
  void anAnswerForADetachedSubscriberChangesNothing() {
    SubscriberPush s1 = offer("s1", SERVICE, "zone", "ZONE_A", payload(SERVICE, 5));
    Batch batch = queue.takeReady(true, true).batches().get(0);

    assertThat(queue.detach(s1)).as("now empty, so retired").isTrue();
    queue.complete(batch, true, true, RETRIES);

    assertThat(queue.pushedVersion(s1)).isZero();
    assertThat(queue.attach(new SubscriberPush("s9", queue))).isNull();
  }

  private SubscriberPush offer(
      String registerId, DataInfo dataInfo, String scope, String zone, PushPayload payload) {
    SubscriberPush push = new SubscriberPush(registerId, queue);
    assertThat(queue.attach(push)).isSameAs(push);
    assertThat(queue.offer(push, subscriber(registerId, dataInfo, scope, zone), payload)).isTrue();
    return push;
  }

  private void offer(SubscriberPush push, DataInfo dataInfo, PushPayload payload) {
    queue.offer(push, subscriber(push.registerId, dataInfo, "zone", "ZONE_A"), payload);
  }

  private static void assertVersion(Batch batch, long version) {
    assertThat(batch.payload().version()).isEqualTo(version);
  }

  private static PushPayload payload(DataInfo dataInfo, long version) {
    return new PushPayload(new Datum(dataInfo.id(), version, List.of()));
  }

  private static Subscriber subscriber(
      String registerId, DataInfo dataInfo, String scope, String zone) {
    return new Subscriber(registerId, dataInfo, scope, zone, "app", "c1", 1L);
  }
}
