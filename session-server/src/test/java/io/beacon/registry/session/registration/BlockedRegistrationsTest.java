package io.beacon.registry.session.registration;

import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.common.colocation.PublisherPool;
import io.beacon.registry.common.model.ConnectId;
import io.beacon.registry.common.model.DataInfo;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.common.model.RegisterVersion;
import io.beacon.registry.common.slot.SlotFunction;
import io.beacon.registry.session.registration.Placement.Outcome;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The blocked state of {@link SessionRegistry}: what blacklists hold back, kept and restored. */
class BlockedRegistrationsTest {

  private static final ProcessId SESSION = new ProcessId("127.0.0.1", 1L, 1L, 1);
  private static final DataInfo SERVICE = new DataInfo("a", null, null);
  private static final String LISTED = "10.0.0.1:5001_127.0.0.1:9600";
  private static final String OTHER = "10.0.0.2:5002_127.0.0.1:9600";

  private final SlotFunction slots = new SlotFunction(8);
  private final SessionRegistry registry = new SessionRegistry(PublisherPool.none(), slots);

  @Test
  void aBlockedPublisherIsHeldButInNoViewTheSessionWorksFrom() {
    Placement placement =
        registry.putPublisher(publisher("p1", LISTED, 1, 100), p -> Admission.BLOCK);

    assertThat(placement).isEqualTo(new Placement(Outcome.BLOCKED, null));
    assertThat(registry.publishers()).isEmpty();
    assertThat(registry.publisher("p1")).isNull();
    assertThat(registry.publishersOfSlot(slots.slotOf(SERVICE.id()))).isEmpty();
    assertThat(registry.publisherCount()).isZero();
    assertThat(registry.blockedPublisherCount()).isEqualTo(1);
    assertThat(registry.connectIds()).containsExactly(LISTED);
  }

  @Test
  void blockingAnActivePublisherHandsItBackForItsRemovalFromData() {
    Publisher active = publisher("p1", LISTED, 1, 100);
    registry.putPublisher(active);

    Placement placement =
        registry.putPublisher(publisher("p1", LISTED, 2, 200), p -> Admission.BLOCK);

    assertThat(placement).isEqualTo(new Placement(Outcome.BLOCKED, active));
    assertThat(registry.publishersOfSlot(slots.slotOf(SERVICE.id()))).isEmpty();
    assertThat(registry.blockedPublishers())
        .extracting(p -> p.version().version())
        .containsExactly(2L);
  }

  @Test
  void aDroppedPublisherIsNotKeptAtAll() {
    registry.putPublisher(publisher("p1", LISTED, 1, 100));

    Placement placement =
        registry.putPublisher(publisher("p1", LISTED, 2, 200), p -> Admission.DROP);

    assertThat(placement.outcome()).isEqualTo(Outcome.DROPPED);
    assertThat(placement.displaced()).isNotNull();
    assertThat(registry.publisherCount() + registry.blockedPublisherCount()).isZero();
    assertThat(registry.connectIds()).isEmpty();
  }

  @Test
  void aRepublishWhileBlockedReplacesTheBlockedEntryAndAStaleOneChangesNothing() {
    registry.putPublisher(publisher("p1", LISTED, 1, 100), p -> Admission.BLOCK);

    assertThat(
            registry.putPublisher(publisher("p1", LISTED, 2, 200), p -> Admission.BLOCK).outcome())
        .isEqualTo(Outcome.BLOCKED);
    assertThat(
            registry.putPublisher(publisher("p1", LISTED, 1, 300), p -> Admission.STORE).outcome())
        .isEqualTo(Outcome.STALE);

    assertThat(registry.blockedPublishers())
        .extracting(p -> p.version().version())
        .containsExactly(2L);
    assertThat(
            registry.putPublisher(publisher("p1", LISTED, 3, 400), p -> Admission.STORE).outcome())
        .isEqualTo(Outcome.STORED);
    assertThat(registry.blockedPublisherCount()).isZero();
    assertThat(registry.publisher("p1").version().version()).isEqualTo(3);
  }

  @Test
  void aReconcileBlocksAndThenRestoresEveryKindWithAPublisherNewerThanItsRemoval() {
    Publisher publisher = publisher("p1", LISTED, 4, 1_000);
    registry.putPublisher(publisher);
    registry.putSubscriber(subscriber("s1", LISTED));
    registry.putConfigurator(new Configurator("c1", SERVICE, LISTED, 1));
    registry.putPublisher(publisher("p2", OTHER, 1, 1_000));

    BlockChanges blocked = registry.reconcileBlocked(byIp("10.0.0.1", true), 5_000);

    assertThat(blocked.blockedPublishers()).containsExactly(publisher);
    assertThat(blocked.blockedSubscribers())
        .extracting(Subscriber::registerId)
        .containsExactly("s1");
    assertThat(blocked.blockedConfigurators())
        .extracting(Configurator::registerId)
        .containsExactly("c1");
    assertThat(registry.publishers()).extracting(Publisher::registerId).containsExactly("p2");
    assertThat(registry.subscribersOf(SERVICE.id())).isEmpty();
    assertThat(registry.configuratorCount()).isZero();

    BlockChanges restored = registry.reconcileBlocked(byIp("nobody", false), 900);

    Publisher back = registry.publisher("p1");
    assertThat(restored.restoredPublishers()).containsExactly(back);
    assertThat(back.version()).isEqualTo(new RegisterVersion(4, 1_001));
    assertThat(back.version().isNewerThan(publisher.version())).isTrue();
    assertThat(registry.publishersOfSlot(slots.slotOf(SERVICE.id()))).contains(back);
    assertThat(registry.subscribersOf(SERVICE.id()))
        .extracting(Subscriber::registerId)
        .containsExactly("s1");
    assertThat(registry.configurator("c1")).isNotNull();
    assertThat(
            registry.blockedPublisherCount()
                + registry.blockedSubscriberCount()
                + registry.blockedConfiguratorCount())
        .isZero();
  }

  @Test
  void aRestoredPublisherIsStampedWithTheTimeOfItsRestoreWhenThatIsLater() {
    registry.putPublisher(publisher("p1", LISTED, 4, 1_000), p -> Admission.BLOCK);

    registry.reconcileBlocked(byIp("nobody", false), 7_000);

    assertThat(registry.publisher("p1").version()).isEqualTo(new RegisterVersion(4, 7_000));
  }

  @Test
  void closingAConnectionDropsItsBlockedRegistrationsWithoutReturningThem() {
    registry.putPublisher(publisher("p1", LISTED, 1, 100));
    registry.putSubscriber(subscriber("s1", LISTED));
    registry.reconcileBlocked(byIp("10.0.0.1", true), 200);

    ConnectionRemoval removal = registry.removeConnection(LISTED);

    assertThat(removal.publishers()).isEmpty();
    assertThat(removal.subscribers()).isEmpty();
    assertThat(registry.blockedPublisherCount() + registry.blockedSubscriberCount()).isZero();
    assertThat(registry.connectIds()).isEmpty();
  }

  @Test
  void unregisteringABlockedRegistrationForgetsIt() {
    registry.putPublisher(publisher("p1", LISTED, 1, 100), p -> Admission.BLOCK);
    registry.putSubscriber(subscriber("s1", LISTED));
    registry.reconcileBlocked(byIp("10.0.0.1", true), 200);

    assertThat(registry.removePublisher("p1")).isNull();
    assertThat(registry.removeSubscriber("s1")).isNull();
    assertThat(registry.blockedPublisherCount() + registry.blockedSubscriberCount()).isZero();
    assertThat(registry.connectIds()).isEmpty();
  }

  @Test
  void clientOffByIpRemovesActivePublishersAndDropsBlockedOnes() {
    registry.putPublisher(publisher("p1", LISTED, 1, 100));
    registry.putPublisher(publisher("p2", LISTED, 1, 100), p -> Admission.BLOCK);
    registry.putPublisher(publisher("p3", OTHER, 1, 100));

    List<Publisher> removed = registry.removePublishersOf(Set.of("10.0.0.1"));

    assertThat(removed).extracting(Publisher::registerId).containsExactly("p1");
    assertThat(registry.blockedPublisherCount()).isZero();
    assertThat(registry.publishers()).extracting(Publisher::registerId).containsExactly("p3");
  }

  /** Blocks what {@code ip} holds when {@code block}, restores what other IPs hold. */
  private static BlockRule byIp(String ip, boolean block) {
    return new BlockRule() {
      @Override
      public boolean blocks(Publisher publisher) {
        return blocks(publisher.connectId());
      }

      @Override
      public boolean restores(Publisher publisher) {
        return restores(publisher.connectId());
      }

      @Override
      public boolean blocks(String connectId) {
        return block && ConnectId.clientIp(connectId).equals(ip);
      }

      @Override
      public boolean restores(String connectId) {
        return !ConnectId.clientIp(connectId).equals(ip);
      }
    };
  }

  private static Publisher publisher(String id, String connectId, long version, long at) {
    return new Publisher(
        SERVICE.id(),
        id,
        List.of("v"),
        new RegisterVersion(version, at),
        "DEFAULT_ZONE",
        "app",
        connectId,
        SESSION);
  }

  private static Subscriber subscriber(String id, String connectId) {
    return new Subscriber(id, SERVICE, "zone", "DEFAULT_ZONE", "app", connectId, 1);
  }
}
