package io.beacon.registry.session.registration;

import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.common.colocation.PublisherPool;
import io.beacon.registry.common.model.DataInfo;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.common.model.RegisterVersion;
import io.beacon.registry.common.slot.SlotFunction;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

class SessionRegistryTest {

  private static final ProcessId SESSION = new ProcessId("127.0.0.1", 1L, 1L, 1);
  private static final DataInfo SERVICE_A = new DataInfo("a", null, null);
  private static final DataInfo SERVICE_B = new DataInfo("b", null, null);
  private static final String CONN_1 = "10.0.0.1:5001_127.0.0.1:9600";
  private static final String CONN_2 = "10.0.0.1:5002_127.0.0.1:9600";
  private static final String CONN_3 = "10.0.0.2:5003_127.0.0.1:9600";

  private final SessionRegistry registry = new SessionRegistry();

  @Test
  void aNewerPublisherVersionReplacesTheStoredOne() {
    assertThat(registry.putPublisher(publisher("p1", CONN_1, 1, 100, "old"))).isTrue();
    assertThat(registry.putPublisher(publisher("p1", CONN_1, 2, 50, "new"))).isTrue();

    assertThat(registry.publisher("p1").values()).containsExactly("new");
    assertThat(registry.publisherCount()).isEqualTo(1);
  }

  @Test
  void theSameClientVersionRegisteredLaterReplaces() {
    registry.putPublisher(publisher("p1", CONN_1, 1, 100, "first"));
    assertThat(registry.putPublisher(publisher("p1", CONN_1, 1, 101, "replayed"))).isTrue();

    assertThat(registry.publisher("p1").values()).containsExactly("replayed");
  }

  @Test
  void anOlderPublisherVersionIsIgnored() {
    registry.putPublisher(publisher("p1", CONN_1, 5, 100, "kept"));

    assertThat(registry.putPublisher(publisher("p1", CONN_1, 4, 999, "older"))).isFalse();
    assertThat(registry.putPublisher(publisher("p1", CONN_1, 5, 99, "earlier"))).isFalse();
    assertThat(registry.publisher("p1").values()).containsExactly("kept");
  }

  @Test
  void anEqualPublisherVersionIsIgnored() {
    registry.putPublisher(publisher("p1", CONN_1, 5, 100, "kept"));

    assertThat(registry.putPublisher(publisher("p1", CONN_2, 5, 100, "same"))).isFalse();
    assertThat(registry.publisher("p1").values()).containsExactly("kept");
    assertThat(registry.publisher("p1").connectId()).isEqualTo(CONN_1);
  }

  @Test
  void removingAPublisherReturnsItOnce() {
    Publisher stored = publisher("p1", CONN_1, 1, 1, "v");
    registry.putPublisher(stored);

    assertThat(registry.removePublisher("p1")).isEqualTo(stored);
    assertThat(registry.removePublisher("p1")).isNull();
    assertThat(registry.publisherCount()).isZero();
    assertThat(registry.connectIds()).isEmpty();
  }

  @Test
  void removingAConnectionReturnsExactlyItsPublishersAndSubscribers() {
    Publisher p1 = publisher("p1", CONN_1, 1, 1, "v1");
    Publisher p2 = publisher("p2", CONN_1, 1, 1, "v2");
    Publisher other = publisher("p3", CONN_2, 1, 1, "v3");
    Subscriber s1 = subscriber("s1", SERVICE_A, CONN_1);
    Subscriber s2 = subscriber("s2", SERVICE_B, CONN_1);
    Subscriber otherSubscriber = subscriber("s3", SERVICE_A, CONN_2);
    registry.putPublisher(p1);
    registry.putPublisher(p2);
    registry.putPublisher(other);
    registry.putSubscriber(s1);
    registry.putSubscriber(s2);
    registry.putSubscriber(otherSubscriber);
    registry.putConfigurator(new Configurator("c1", SERVICE_A, CONN_1, 1));
    registry.putConfigurator(new Configurator("c2", SERVICE_A, CONN_2, 1));

    ConnectionRemoval removal = registry.removeConnection(CONN_1);

    assertThat(removal.publishers()).containsExactlyInAnyOrder(p1, p2);
    assertThat(removal.subscribers()).containsExactlyInAnyOrder(s1, s2);
    assertThat(registry.publishers()).containsExactly(other);
    assertThat(registry.subscribers()).containsExactly(otherSubscriber);
    assertThat(registry.configuratorCount()).isEqualTo(1);
    assertThat(registry.subscribersOf(SERVICE_A.id())).containsExactly(otherSubscriber);
    assertThat(registry.hasSubscribers(SERVICE_B.id())).isFalse();
    assertThat(registry.connectIds()).containsExactly(CONN_2);
  }

  @Test
  void aConnectionWithManyChunksOfRegistrationsIsRemovedWhole() {
    int count = 3 * SessionRegistry.REMOVAL_CHUNK + 7;
    for (int i = 0; i < count; i++) {
      registry.putPublisher(publisher("p" + i, CONN_1, 1, 1, "v" + i));
      registry.putSubscriber(subscriber("s" + i, i % 2 == 0 ? SERVICE_A : SERVICE_B, CONN_1));
    }
    Publisher kept = publisher("kept", CONN_2, 1, 1, "k");
    registry.putPublisher(kept);

    ConnectionRemoval removal = registry.removeConnection(CONN_1);

    assertThat(removal.publishers()).hasSize(count);
    assertThat(removal.subscribers()).hasSize(count);
    assertThat(registry.publishers()).containsExactly(kept);
    assertThat(registry.subscriberCount()).isZero();
    assertThat(registry.hasSubscribers(SERVICE_A.id())).isFalse();
    assertThat(registry.connectIds()).containsExactly(CONN_2);
  }

  @Test
  void removingAConnectionTwiceOrAnUnknownOneRemovesNothing() {
    registry.putPublisher(publisher("p1", CONN_1, 1, 1, "v"));
    registry.removeConnection(CONN_1);

    ConnectionRemoval again = registry.removeConnection(CONN_1);
    ConnectionRemoval unknown = registry.removeConnection(CONN_3);

    assertThat(again.publishers()).isEmpty();
    assertThat(again.subscribers()).isEmpty();
    assertThat(unknown.publishers()).isEmpty();
    assertThat(unknown.subscribers()).isEmpty();
  }

  @Test
  void aPublisherReplayedOverANewConnectionMovesToIt() {
    registry.putPublisher(publisher("p1", CONN_1, 3, 100, "v"));
    Publisher replayed = publisher("p1", CONN_2, 3, 200, "v");

    assertThat(registry.putPublisher(replayed)).isTrue();

    // The old connection's close event arrives late: it must not take the replayed publisher.
    assertThat(registry.removeConnection(CONN_1).publishers()).isEmpty();
    assertThat(registry.publisher("p1")).isEqualTo(replayed);
    assertThat(registry.removeConnection(CONN_2).publishers()).containsExactly(replayed);
  }

  @Test
  void aSubscriberReplayedOverANewConnectionMovesToIt() {
    Subscriber original = subscriber("s1", SERVICE_A, CONN_1);
    Subscriber replayed = subscriber("s1", SERVICE_A, CONN_2);
    registry.putSubscriber(original);

    assertThat(registry.putSubscriber(replayed)).isEqualTo(original);

    assertThat(registry.removeConnection(CONN_1).subscribers()).isEmpty();
    assertThat(registry.subscribersOf(SERVICE_A.id())).containsExactly(replayed);
    assertThat(registry.removeConnection(CONN_2).subscribers()).containsExactly(replayed);
    assertThat(registry.hasSubscribers(SERVICE_A.id())).isFalse();
  }

  @Test
  void aConfiguratorReplayedOverANewConnectionMovesToIt() {
    registry.putConfigurator(new Configurator("c1", SERVICE_A, CONN_1, 1));
    registry.putConfigurator(new Configurator("c1", SERVICE_A, CONN_2, 1));

    registry.removeConnection(CONN_1);

    assertThat(registry.configuratorCount()).isEqualTo(1);
    assertThat(registry.connectIds()).containsExactly(CONN_2);
  }

  @Test
  void aSubscriberMovedToAnotherDataInfoIdLeavesTheOldOne() {
    registry.putSubscriber(subscriber("s1", SERVICE_A, CONN_1));
    Subscriber moved = subscriber("s1", SERVICE_B, CONN_1);
    registry.putSubscriber(moved);

    assertThat(registry.hasSubscribers(SERVICE_A.id())).isFalse();
    assertThat(registry.subscribersOf(SERVICE_A.id())).isEmpty();
    assertThat(registry.subscribersOf(SERVICE_B.id())).containsExactly(moved);
  }

  @Test
  void subscribersOfFollowsSubscribeAndUnsubscribe() {
    assertThat(registry.subscribersOf(SERVICE_A.id())).isEmpty();
    assertThat(registry.hasSubscribers(SERVICE_A.id())).isFalse();

    Subscriber s1 = subscriber("s1", SERVICE_A, CONN_1);
    Subscriber s2 = subscriber("s2", SERVICE_A, CONN_2);
    Subscriber onB = subscriber("s3", SERVICE_B, CONN_1);
    registry.putSubscriber(s1);
    registry.putSubscriber(s2);
    registry.putSubscriber(onB);

    assertThat(registry.subscribersOf(SERVICE_A.id())).containsExactlyInAnyOrder(s1, s2);
    assertThat(registry.hasSubscribers(SERVICE_A.id())).isTrue();
    assertThat(registry.subscriber("s2")).isEqualTo(s2);

    assertThat(registry.removeSubscriber("s1")).isEqualTo(s1);
    assertThat(registry.subscribersOf(SERVICE_A.id())).containsExactly(s2);

    assertThat(registry.removeSubscriber("s2")).isEqualTo(s2);
    assertThat(registry.removeSubscriber("s2")).isNull();
    assertThat(registry.subscribersOf(SERVICE_A.id())).isEmpty();
    assertThat(registry.hasSubscribers(SERVICE_A.id())).isFalse();
    assertThat(registry.subscribersOf(SERVICE_B.id())).containsExactly(onB);
    assertThat(registry.subscriberCount()).isEqualTo(1);
  }

  @Test
  void subscribersOfIsALiveReadOnlyView() {
    registry.putSubscriber(subscriber("s1", SERVICE_A, CONN_1));
    Collection<Subscriber> view = registry.subscribersOf(SERVICE_A.id());

    Subscriber s2 = subscriber("s2", SERVICE_A, CONN_2);
    registry.putSubscriber(s2);

    assertThat(view).hasSize(2).contains(s2);
    assertThat(view).isUnmodifiable();
  }

  @Test
  void connectIdsAreTheConnectionsHoldingAnyRegistration() {
    assertThat(registry.connectIds()).isEmpty();

    registry.putPublisher(publisher("p1", CONN_1, 1, 1, "v"));
    registry.putSubscriber(subscriber("s1", SERVICE_A, CONN_2));
    registry.putConfigurator(new Configurator("c1", SERVICE_A, CONN_3, 1));
    assertThat(registry.connectIds()).containsExactlyInAnyOrder(CONN_1, CONN_2, CONN_3);

    registry.removePublisher("p1");
    registry.removeSubscriber("s1");
    registry.removeConfigurator("c1");
    assertThat(registry.connectIds()).isEmpty();
  }

  @Test
  void connectIdsIsASnapshot() {
    registry.putPublisher(publisher("p1", CONN_1, 1, 1, "v"));
    var snapshot = registry.connectIds();

    registry.putPublisher(publisher("p2", CONN_2, 1, 1, "v"));

    assertThat(snapshot).containsExactly(CONN_1);
  }

  @Test
  void countsFollowEveryKindOfRegistration() {
    registry.putPublisher(publisher("p1", CONN_1, 1, 1, "v"));
    registry.putPublisher(publisher("p2", CONN_1, 1, 1, "v"));
    registry.putSubscriber(subscriber("s1", SERVICE_A, CONN_1));
    registry.putConfigurator(new Configurator("c1", SERVICE_A, CONN_1, 1));

    assertThat(registry.publisherCount()).isEqualTo(2);
    assertThat(registry.subscriberCount()).isEqualTo(1);
    assertThat(registry.configuratorCount()).isEqualTo(1);
    assertThat(registry.removeConfigurator("c1")).isNotNull();
    assertThat(registry.removeConfigurator("c1")).isNull();
    assertThat(registry.configuratorCount()).isZero();
  }

  /**
   * Regression: a client that reconnects replays the same version; stamped within the same
   * millisecond it used to lose to the stored entry, which the old connection's client-off then
   * removed.
   */
  @Test
  void aReplayOverANewConnectionInTheSameMillisecondStillReplacesTheStoredPublisher() {
    SessionRegistry registry = new SessionRegistry();
    registry.putPublisher(publisher("p1", "old", 3, 1_000, "v"));

    RegisterVersion replay = registry.stamp("p1", 3, "new", 1_000);
    assertThat(replay).isEqualTo(new RegisterVersion(3, 1_001));
    assertThat(registry.putPublisher(publisher("p1", "new", 3, 1_001, "v"))).isTrue();

    assertThat(registry.removeConnection("old").publishers()).isEmpty();
    assertThat(registry.publisher("p1").connectId()).isEqualTo("new");
  }

  @Test
  void theSlotIndexHoldsExactlyTheStoredPublishersOfEachSlot() {
    SlotFunction slots = new SlotFunction(8);
    SessionRegistry registry = new SessionRegistry(PublisherPool.none(), slots);
    List<Publisher> stored = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      Publisher p =
          new Publisher(
              "data-" + i,
              "p" + i,
              List.of("v"),
              new RegisterVersion(1, 1_000),
              "DEFAULT_ZONE",
              "app",
              i % 2 == 0 ? CONN_1 : CONN_2,
              SESSION);
      registry.putPublisher(p);
      stored.add(p);
    }
    // A newer registration of p0 moves it to another dataInfoId (and maybe slot).
    Publisher moved =
        new Publisher(
            "moved",
            "p0",
            List.of("v"),
            new RegisterVersion(2, 1_000),
            null,
            null,
            CONN_1,
            SESSION);
    registry.putPublisher(moved);
    stored.set(0, moved);
    registry.removePublisher("p1");
    stored.remove(1);
    registry.removeConnection(CONN_2);
    stored.removeIf(p -> p.connectId().equals(CONN_2));

    for (int slot = 0; slot < slots.slotCount(); slot++) {
      int slotId = slot;
      assertThat(registry.publishersOfSlot(slotId))
          .containsExactlyInAnyOrderElementsOf(
              stored.stream().filter(p -> slots.slotOf(p.dataInfoId()) == slotId).toList());
    }
  }

  @Test
  void aRegistryWithASharedPoolStoresThePooledInstance() {
    PublisherPool pool = PublisherPool.shared();
    SessionRegistry registry =
        new SessionRegistry(pool, new SlotFunction(SlotFunction.DEFAULT_SLOT_COUNT));
    Publisher accepted = publisher("p1", "c", 1, 1_000, "v");

    registry.putPublisher(accepted);

    // A data server of the same JVM decoding an equal copy gets the session's instance back.
    assertThat(pool.share(publisher("p1", "c", 1, 1_000, "v")))
        .isSameAs(registry.publisher("p1"))
        .isSameAs(accepted);
  }

  @Test
  void aStampUsesTheSessionTimeUnlessAReplayWouldNotBeNewer() {
    SessionRegistry registry = new SessionRegistry();
    assertThat(registry.stamp("p1", 1, "c", 500)).isEqualTo(new RegisterVersion(1, 500));
    registry.putPublisher(publisher("p1", "c", 1, 500, "v"));
    // Same connection, same version: a duplicate, not a replay; not moved forward.
    assertThat(registry.stamp("p1", 1, "c", 500)).isEqualTo(new RegisterVersion(1, 500));
    // A republish (newer client version) keeps the session time.
    assertThat(registry.stamp("p1", 2, "other", 400)).isEqualTo(new RegisterVersion(2, 400));
  }

  private static Publisher publisher(
      String registerId, String connectId, long version, long registeredAt, String value) {
    return new Publisher(
        SERVICE_A.id(),
        registerId,
        List.of(value),
        new RegisterVersion(version, registeredAt),
        "DEFAULT_ZONE",
        "app",
        connectId,
        SESSION);
  }

  /**
   * Race: a client resending an unanswered SubscriberRegister (same registId) while a push iterates
   * subscribersOf(): the registry used to take the subscriber out of the dataInfoId index and put
   * it back, so the push could miss it and it stayed on the old version. A reader thread watches
   * the index during many re-registrations (bounded in count).
   */
  @Test
  void reRegisteringASubscriberNeverHidesItFromItsDataInfoId() throws Exception {
    registry.putSubscriber(subscriber("s1", SERVICE_A, "c1"));
    registry.putSubscriber(subscriber("s2", SERVICE_A, "c1"));

    int hidden =
        timesSeenFalseWhile(
            () -> registry.subscribersOf(SERVICE_A.id()).size() == 2,
            i -> registry.putSubscriber(subscriber("s1", SERVICE_A, "c1")));

    assertThat(hidden).isZero();
    assertThat(registry.subscribersOf(SERVICE_A.id()))
        .extracting(Subscriber::registerId)
        .containsExactlyInAnyOrder("s1", "s2");
  }

  /**
   * Race: a publisher republished (same registId and dataInfoId) while a data leader's slot sync
   * reads publishersOfSlot(): taking it out of the slot index and putting it back would let the
   * sync tell the leader the publisher is gone. Bounded in count.
   */
  @Test
  void republishingNeverHidesAPublisherFromItsSlot() throws Exception {
    int slot = registry.slotFunction().slotOf(SERVICE_A.id());
    registry.putPublisher(publisher("p1", CONN_1, 1, 1_000, "v"));
    registry.putPublisher(publisher("p2", CONN_1, 1, 1_000, "v"));

    int hidden =
        timesSeenFalseWhile(
            () -> registry.publishersOfSlot(slot).size() == 2,
            i -> registry.putPublisher(publisher("p1", CONN_1, 2 + i, 1_000, "v" + i)));

    assertThat(hidden).isZero();
    assertThat(registry.publishersOfSlot(slot))
        .extracting(Publisher::registerId)
        .containsExactlyInAnyOrder("p1", "p2");
  }

  /**
   * Runs {@code write} 200 000 times (with its iteration number) while another thread checks {@code
   * invariant} as often as it can; returns how many checks found it false.
   */
  private static int timesSeenFalseWhile(BooleanSupplier invariant, IntConsumer write)
      throws InterruptedException {
    AtomicBoolean done = new AtomicBoolean();
    AtomicInteger seenFalse = new AtomicInteger();
    Thread reader =
        new Thread(
            () -> {
              while (!done.get()) {
                if (!invariant.getAsBoolean()) {
                  seenFalse.incrementAndGet();
                }
              }
            });
    reader.start();
    for (int i = 0; i < 200_000; i++) {
      write.accept(i);
    }
    done.set(true);
    reader.join();
    return seenFalse.get();
  }

  private static Subscriber subscriber(String registerId, DataInfo dataInfo, String connectId) {
    return new Subscriber(registerId, dataInfo, "zone", "DEFAULT_ZONE", "app", connectId, 1);
  }
}
