package io.beacon.registry.session.push;

import static io.beacon.registry.session.push.PushFixtures.SERVICE;
import static io.beacon.registry.session.push.PushFixtures.datum;
import static io.beacon.registry.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.alipay.sofa.registry.core.model.DataBox;
import com.alipay.sofa.registry.core.model.ReceivedData;
import io.beacon.registry.common.model.Datum;
import io.beacon.registry.common.retry.Backoff;
import io.beacon.registry.session.connection.ClientConnections;
import io.beacon.registry.session.push.FakeClient.Answer;
import io.beacon.registry.session.registration.Subscriber;
import io.beacon.registry.session.settings.PushLimits;
import io.beacon.registry.testing.ManualScheduler;
import io.beacon.registry.testing.Settings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link PushSender} against a real client connection: a Bolt client connected to a real client
 * port, answering pushes as scripted. Retries run only when the test runs the {@link
 * ManualScheduler}.
 */
class PushSenderTest {

  private static final int RETRIES = 3;

  private final List<String> clientOffs = new CopyOnWriteArrayList<>();

  @RegisterExtension
  final ConnectedClient port =
      new ConnectedClient(connection -> clientOffs.add(ClientConnections.connectIdOf(connection)));

  private final FakeClient client = port.client;
  private final ManualScheduler scheduler = new ManualScheduler();
  private final AtomicBoolean pushAllowed = new AtomicBoolean(true);
  private final PushSender sender =
      port.sender(
          RETRIES,
          new Backoff(Duration.ofMillis(10), Duration.ofMillis(100)),
          Settings.defaults(PushLimits.class),
          scheduler,
          ip -> pushAllowed.get());

  @AfterEach
  void shutdownScheduler() {
    scheduler.shutdown();
  }

  @Test
  void aDatumIsPushedOverTheSubscribersOwnConnectionAndAcknowledged() {
    Subscriber subscriber = subscriber("s1", port.connectId());

    sender.push(subscriber, datum(10, "a", "b"));

    await().until(() -> sender.pushedVersion("s1") == 10);
    assertThat(client.pushes())
        .singleElement()
        .satisfies(
            push -> {
              assertThat(push.connectId()).isEqualTo(port.connectId());
              ReceivedData data = push.data();
              assertThat(data.getVersion()).isEqualTo(10);
              assertThat(data.getSubscriberRegistIds()).containsExactly("s1");
              assertThat(data.getSegment()).isEqualTo("DefaultDataCenter");
              assertThat(data.getData().get("DEFAULT_ZONE"))
                  .extracting(DataBox::getData)
                  .containsExactly("a", "b");
            });
    assertThat(sender.pushedCount()).isEqualTo(1);
    assertThat(sender.failedCount()).isZero();
  }

  /**
   * Race: two fetches completing at once both push to a subscriber the sender has no state for yet.
   * Both created a state and attached it to the connection's queue; the second attach replaced the
   * first in the queue and, losing the install, detached itself, leaving the installed state in no
   * queue: that subscriber was never pushed again (seen as 1 of 100 subscribers never getting its
   * first value in the cluster benchmark).
   */
  @Test
  void twoPushesRacingForANewSubscriberLeaveItPushable() throws Exception {
    ExecutorService racers = Executors.newFixedThreadPool(2);
    try {
      for (int i = 0; i < 300; i++) {
        Subscriber subscriber = subscriber("race-" + i, port.connectId());
        CyclicBarrier start = new CyclicBarrier(2);
        List<Future<?>> pushes = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
          pushes.add(
              racers.submit(
                  () -> {
                    start.await();
                    sender.push(subscriber, datum(10, "a"));
                    return null;
                  }));
        }
        for (Future<?> push : pushes) {
          push.get(5, TimeUnit.SECONDS);
        }
        String registerId = subscriber.registerId();
        await().until(() -> sender.pushedVersion(registerId) == 10);
      }
    } finally {
      racers.shutdownNow();
    }
  }

  @Test
  void whilePushIsStoppedNothingIsSentOrAcknowledgedAndTheNextPushAfterwardsGoesOut() {
    Subscriber subscriber = subscriber("s1", port.connectId());
    pushAllowed.set(false);

    sender.push(subscriber, datum(10, "held"));
    sender.push(subscriber, datum(11, "held-too"));

    assertThat(sender.pushedVersion("s1")).isZero();
    pushAllowed.set(true);
    sender.push(subscriber, datum(11, "held-too"));
    await().until(() -> sender.pushedVersion("s1") == 11);
    assertThat(client.versions()).containsExactly(11L);
  }

  @Test
  void anEmptyDatumIsPushedAsTheEmptyPushVersionWithAnEmptyMap() {
    sender.push(subscriber("s1", port.connectId()), Datum.empty(SERVICE.id()));

    await().until(() -> sender.pushedVersion("s1") == Datum.EMPTY_PUSH_VERSION);
    ReceivedData data = client.pushes().get(0).data();
    assertThat(data.getVersion()).isEqualTo(Datum.EMPTY_PUSH_VERSION);
    assertThat(data.getData()).isNotNull().isEmpty();
  }

  @Test
  void aVersionNotAboveTheAcknowledgedOneIsNeverSentAgain() {
    Subscriber subscriber = subscriber("s1", port.connectId());
    sender.push(subscriber, datum(10, "a"));
    await().until(() -> sender.pushedVersion("s1") == 10);

    sender.push(subscriber, datum(10, "a"));
    sender.push(subscriber, datum(9, "old"));
    sender.push(subscriber, Datum.empty(SERVICE.id()));
    sender.push(subscriber, datum(11, "b"));

    await().until(() -> sender.pushedVersion("s1") == 11);
    // Pushes to one subscriber are ordered, so anything resent would have arrived before 11.
    assertThat(client.versions()).containsExactly(10L, 11L);
  }

  @Test
  void whileAPushIsInFlightOnlyTheNewestWaitingDatumIsSentNext() {
    Subscriber subscriber = subscriber("s1", port.connectId());
    client.script(Answer.HOLD);
    sender.push(subscriber, datum(10, "a"));
    await().until(() -> client.heldCount() == 1);

    sender.push(subscriber, datum(11, "b"));
    sender.push(subscriber, datum(13, "d"));
    sender.push(subscriber, datum(12, "c"));
    assertThat(client.pushes()).hasSize(1);
    client.release();

    await().until(() -> sender.pushedVersion("s1") == 13);
    assertThat(client.versions()).containsExactly(10L, 13L);
  }

  @Test
  void aFailedPushIsRetriedWithBackoffOverTheSameConnection() {
    client.script(Answer.FAIL);
    sender.push(subscriber("s1", port.connectId()), datum(10, "a"));

    await().until(() -> scheduler.scheduledCount() == 1);
    assertThat(sender.failedCount()).isEqualTo(1);
    assertThat(sender.pushedVersion("s1")).isZero();
    assertThat(scheduler.delays().get(0)).isBetween(Duration.ofMillis(5), Duration.ofMillis(10));
    scheduler.runScheduled();

    await().until(() -> sender.pushedVersion("s1") == 10);
    assertThat(client.versions()).containsExactly(10L, 10L);
    assertThat(client.pushes())
        .allSatisfy(push -> assertThat(push.connectId()).isEqualTo(port.connectId()));
  }

  @Test
  void aNewerDatumThatArrivedDuringAFailureIsSentInsteadOfTheFailedOne() {
    Subscriber subscriber = subscriber("s1", port.connectId());
    client.script(Answer.FAIL);
    sender.push(subscriber, datum(10, "a"));
    await().until(() -> scheduler.scheduledCount() == 1);

    sender.push(subscriber, datum(11, "b"));
    assertThat(client.pushes()).hasSize(1);
    scheduler.runScheduled();

    await().until(() -> sender.pushedVersion("s1") == 11);
    assertThat(client.versions()).containsExactly(10L, 11L);
  }

  @Test
  void aPushIsGivenUpAfterItsRetriesAndALaterPushIsSentAgain() {
    Subscriber subscriber = subscriber("s1", port.connectId());
    client.script(Answer.FAIL, Answer.FAIL, Answer.FAIL);
    sender.push(subscriber, datum(10, "a"));

    for (int retry = 1; retry < RETRIES; retry++) {
      await().until(() -> scheduler.scheduledCount() == 1);
      scheduler.runScheduled();
    }
    await().until(() -> sender.failedCount() == RETRIES);
    assertThat(scheduler.scheduledCount()).isZero();
    assertThat(scheduler.delays().get(1)).isBetween(Duration.ofMillis(10), Duration.ofMillis(20));
    assertThat(sender.pushedVersion("s1")).isZero();
    assertThat(client.versions()).containsExactly(10L, 10L, 10L);

    sender.push(subscriber, datum(10, "a"));
    await().until(() -> sender.pushedVersion("s1") == 10);
  }

  @Test
  void aFailedPushOverAClosedConnectionIsNotRetried() {
    client.script(Answer.HOLD);
    sender.push(subscriber("s1", port.connectId()), datum(10, "a"));
    await().until(() -> client.heldCount() == 1);

    client.disconnect(port.connectId());

    await().until(() -> sender.failedCount() == 1);
    assertThat(scheduler.scheduledCount()).isZero();
    assertThat(sender.pushedVersion("s1")).isZero();
    await().until(() -> clientOffs.contains(port.connectId()));
  }

  @Test
  void aPushToAConnectionThatIsGoneIsDroppedWithoutBlockingTheNextOne() {
    sender.push(subscriber("s1", "10.9.9.9:1_127.0.0.1:1"), datum(10, "a"));
    assertThat(sender.pushedVersion("s1")).isZero();

    sender.push(subscriber("s1", port.connectId()), datum(10, "a"));

    await().until(() -> sender.pushedVersion("s1") == 10);
    assertThat(client.versions()).containsExactly(10L);
  }

  @Test
  void aSubscriberReplayedOverANewConnectionIsPushedThereFromScratch() throws Exception {
    String secondConnection = port.open();
    sender.push(subscriber("s1", port.connectId()), datum(10, "a"));
    await().until(() -> sender.pushedVersion("s1") == 10);

    sender.push(subscriber("s1", secondConnection), datum(10, "a"));

    await().until(() -> client.pushesTo(secondConnection).size() == 1);
    await().until(() -> sender.pushedVersion("s1") == 10);
    assertThat(client.pushesTo(port.connectId())).hasSize(1);
  }

  @Test
  void aForgottenSubscriberStartsOverWhenItRegistersAgain() {
    Subscriber subscriber = subscriber("s1", port.connectId());
    sender.push(subscriber, datum(10, "a"));
    await().until(() -> sender.pushedVersion("s1") == 10);

    sender.forget(subscriber("s1", "10.9.9.9:1_127.0.0.1:1"));
    assertThat(sender.pushedVersion("s1")).isEqualTo(10);
    sender.forget(subscriber);
    assertThat(sender.pushedVersion("s1")).isZero();

    sender.push(subscriber, datum(10, "a"));
    await().until(() -> sender.pushedVersion("s1") == 10);
    assertThat(client.versions()).containsExactly(10L, 10L);
  }

  @Test
  void aSlowSubscriberDoesNotHoldBackAnother() {
    client.script(Answer.HOLD);
    sender.push(subscriber("slow", port.connectId()), datum(10, "a"));
    await().until(() -> client.heldCount() == 1);

    sender.push(subscriber("fast", port.connectId()), datum(10, "a"));

    await().until(() -> sender.pushedVersion("fast") == 10);
    assertThat(sender.pushedVersion("slow")).isZero();
    client.release();
    await().until(() -> sender.pushedVersion("slow") == 10);
  }

  private static Subscriber subscriber(String registerId, String connectId) {
    return PushFixtures.subscriber(registerId, "zone", "DEFAULT_ZONE", connectId);
  }
}
