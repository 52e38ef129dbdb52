package io.beacon.registry.session.push;

import static io.beacon.registry.session.push.PushFixtures.SERVICE;
import static io.beacon.registry.session.push.PushFixtures.publisher;
import static io.beacon.registry.session.push.PushFixtures.values;
import static io.beacon.registry.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.common.model.DataInfo;
import io.beacon.registry.common.model.Datum;
import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.common.protocol.FetchDatumRequest;
import io.beacon.registry.common.protocol.Status;
import io.beacon.registry.common.retry.Backoff;
import io.beacon.registry.common.slot.SlotFunction;
import io.beacon.registry.common.slot.SlotTableHolder;
import io.beacon.registry.session.DataLeaderLink;
import io.beacon.registry.session.FakeDataLeader;
import io.beacon.registry.session.registration.SessionRegistry;
import io.beacon.registry.session.registration.Subscriber;
import io.beacon.registry.session.routing.DatumFetcher;
import io.beacon.registry.session.settings.PushLimits;
import io.beacon.registry.testing.Settings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link PushScheduler} end to end within one session: a fake data leader answers fetches, a real
 * {@link PushSender} pushes over a real client connection to a fake client.
 */
class PushSchedulerTest {

  private static final int SLOTS = 4;
  private static final DataInfo OTHER = new DataInfo("com.example.Other", null, null);
  private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(5), Duration.ofMillis(50));

  @RegisterExtension final DataLeaderLink link = new DataLeaderLink();
  private final FakeDataLeader leader = link.leader;
  @RegisterExtension final ConnectedClient port = new ConnectedClient();
  private final FakeClient client = port.client;
  private final SlotTableHolder tables = new SlotTableHolder(SLOTS);
  private final AtomicInteger staleTableCalls = new AtomicInteger();
  private final SessionRegistry registry = new SessionRegistry();
  private final PushSender sender =
      port.sender(3, BACKOFF, Settings.defaults(PushLimits.class), link.scheduler, ip -> true);
  private final PushScheduler pushes =
      new PushScheduler(
          registry,
          new DatumFetcher(
              new SlotFunction(SLOTS),
              tables,
              link.client,
              Duration.ofSeconds(3),
              staleTableCalls::incrementAndGet),
          sender,
          BACKOFF,
          link.scheduler);

  @BeforeEach
  void leadEverySlot() {
    tables.update(leader.tableLeadingAll(SLOTS, 3, 2));
  }

  @Test
  void aNewSubscriberWithoutDataGetsAnEmptyFirstPush() {
    Subscriber subscriber = subscribe("s1", SERVICE, "zone", "DEFAULT_ZONE");

    await().until(() -> sender.pushedVersion("s1") == Datum.EMPTY_PUSH_VERSION);
    assertThat(client.pushes())
        .singleElement()
        .satisfies(
            push -> {
              assertThat(push.data().getData()).isEmpty();
              assertThat(push.data().getSubscriberRegistIds())
                  .containsExactly(subscriber.registerId());
            });
    assertThat(leader.fetches())
        .singleElement()
        .satisfies(
            fetch -> {
              assertThat(fetch.dataInfoIds()).containsExactly(SERVICE.id());
              assertThat(fetch.slotId()).isEqualTo(new SlotFunction(SLOTS).slotOf(SERVICE.id()));
              assertThat(fetch.tableEpoch()).isEqualTo(3);
              assertThat(fetch.leaderEpoch()).isEqualTo(2);
            });
  }

  /**
   * Anti-entropy: a change whose notice never arrived is found by comparing the leader's version
   * with the version the subscriber was last pushed.
   */
  @Test
  void aLeaderVersionAboveWhatASubscriberWasPushedFetchesAndPushesAgain() {
    leader.putDatum(datum(SERVICE, 20, publisher("p1", "DEFAULT_ZONE", "a")));
    subscribe("s1", SERVICE, "dataCenter", "DEFAULT_ZONE");
    await().until(() -> sender.pushedVersion("s1") == 20);
    long fetchesBefore = leader.fetchCount(SERVICE.id());

    pushes.verify(SERVICE.id(), 20); // current: nothing to do
    assertThat(leader.fetchCount(SERVICE.id())).isEqualTo(fetchesBefore);

    leader.putDatum(datum(SERVICE, 30, publisher("p1", "DEFAULT_ZONE", "b"))); // no notice sent
    pushes.verify(SERVICE.id(), 30);

    await().until(() -> sender.pushedVersion("s1") == 30);
    assertThat(pushes.subscribedDataInfoIds()).containsExactly(SERVICE.id());
  }

  @Test
  void aNewSubscriberOfExistingDataGetsItAtOnce() {
    leader.putDatum(datum(SERVICE, 20, publisher("p1", "ZONE_A", "a")));

    subscribe("s1", SERVICE, "dataCenter", "ZONE_B");

    await().until(() -> sender.pushedVersion("s1") == 20);
    assertThat(values(client.pushes().get(0).data().getData().get("ZONE_A"))).containsExactly("a");
  }

  @Test
  void aChangeNoticeFetchesAndPushesTheNewDatumToEverySubscriber() throws Exception {
    String secondConnection = port.open();
    subscribe("s1", SERVICE, "zone", "ZONE_A");
    registry.putSubscriber(subscriber("s2", SERVICE, "global", "ZONE_B", secondConnection));
    pushes.onSubscribe(registry.subscriber("s2"));
    await().until(() -> sender.pushedVersion("s1") == 1 && sender.pushedVersion("s2") == 1);

    leader.putDatum(
        datum(SERVICE, 30, publisher("p1", "ZONE_A", "a"), publisher("p2", "ZONE_B", "b")));
    pushes.onChange(SERVICE.id(), 30);

    await().until(() -> sender.pushedVersion("s1") == 30 && sender.pushedVersion("s2") == 30);
    assertThat(client.pushesTo(port.connectId()).get(1).data().getData())
        .containsOnlyKeys("ZONE_A");
    assertThat(client.pushesTo(secondConnection).get(1).data().getData())
        .containsOnlyKeys("ZONE_A", "ZONE_B");
  }

  @Test
  void aChangeIsFetchedAsTheDeltaSinceTheHeldDatumAndPushedWhole() {
    subscribeToALeaderOfDeltas(
        publisher("p1", "DEFAULT_ZONE", "a"),
        publisher("p2", "DEFAULT_ZONE", "b"),
        publisher("p3", "DEFAULT_ZONE", "c"));

    leader.putDatum(
        datum(
            SERVICE,
            30,
            publisher("p1", "DEFAULT_ZONE", "a"),
            publisher("p3", "DEFAULT_ZONE", "c2"),
            publisher("p4", "DEFAULT_ZONE", "d")));
    pushes.onChange(SERVICE.id(), 30);

    await().until(() -> sender.pushedVersion("s1") == 30);
    assertThat(leader.fetches())
        .last()
        .satisfies(f -> assertThat(f.knownVersions()).containsExactly(20L));
    assertThat(leader.deltasSent()).isEqualTo(1);
    assertThat(values(client.pushes().get(1).data().getData().get("DEFAULT_ZONE")))
        .containsExactly("a", "c2", "d");
  }

  @Test
  void aDatumHeldFromAnEarlierLeaderEpochIsFetchedWhole() {
    subscribeToALeaderOfDeltas(publisher("p1", "DEFAULT_ZONE", "a"));

    // The same address leads the slot again, in a new epoch: its versions are not comparable.
    tables.update(leader.tableLeadingAll(SLOTS, 4, 3));
    leader.putDatum(datum(SERVICE, 30, publisher("p1", "DEFAULT_ZONE", "b")));
    pushes.onChange(SERVICE.id(), 30);

    await().until(() -> sender.pushedVersion("s1") == 30);
    assertThat(leader.fetches()).last().satisfies(f -> assertThat(f.knownVersions()).isEmpty());
    assertThat(leader.deltasSent()).isZero();
  }

  @Test
  void aFailedFetchIsRetriedForTheWholeDatum() {
    subscribeToALeaderOfDeltas(publisher("p1", "DEFAULT_ZONE", "a"));

    leader.answerFetches(Status.BUSY);
    leader.putDatum(datum(SERVICE, 30, publisher("p1", "DEFAULT_ZONE", "b")));
    pushes.onChange(SERVICE.id(), 30);

    await().until(() -> sender.pushedVersion("s1") == 30);
    List<FetchDatumRequest> fetches = leader.fetches();
    assertThat(fetches.get(1).knownVersions()).containsExactly(20L);
    assertThat(fetches.get(2).knownVersions()).isEmpty();
    assertThat(leader.deltasSent()).isZero();
  }

  @Test
  void aNoticeForADataInfoIdWithoutSubscribersHereIsIgnored() {
    subscribe("s1", SERVICE, "zone", "DEFAULT_ZONE");
    await().until(() -> sender.pushedVersion("s1") == 1);

    pushes.onChange(OTHER.id(), 5);

    await()
        .during(Duration.ofMillis(100))
        .atMost(Duration.ofSeconds(2))
        .until(() -> leader.fetchCount(OTHER.id()) == 0);
    await().until(() -> pushes.interestCount() == 1);
  }

  @Test
  void aNoticeNotNewerThanTheLastOneIsIgnored() {
    subscribe("s1", SERVICE, "zone", "DEFAULT_ZONE");
    await().until(() -> sender.pushedVersion("s1") == 1);
    leader.putDatum(datum(SERVICE, 20, publisher("p1", "DEFAULT_ZONE", "a")));
    pushes.onChange(SERVICE.id(), 20);
    await().until(() -> sender.pushedVersion("s1") == 20);

    pushes.onChange(SERVICE.id(), 20);
    pushes.onChange(SERVICE.id(), 15);

    await()
        .during(Duration.ofMillis(100))
        .atMost(Duration.ofSeconds(2))
        .until(() -> leader.fetchCount(SERVICE.id()) == 2);
  }

  @Test
  void aStormOfNoticesDuringAFetchCostsOneMoreFetchOfTheNewestDatum() {
    registry.putSubscriber(subscriber("s1", SERVICE, "zone", "DEFAULT_ZONE", port.connectId()));
    leader.putDatum(datum(SERVICE, 1_001, publisher("p1", "DEFAULT_ZONE", "v1")));
    CompletableFuture<Void> gate = leader.holdFetches(SERVICE.id());
    pushes.onChange(SERVICE.id(), 1_001);
    await().until(() -> leader.fetchCount(SERVICE.id()) == 1);

    for (int version = 1_002; version <= 1_010; version++) {
      leader.putDatum(datum(SERVICE, version, publisher("p1", "DEFAULT_ZONE", "v" + version)));
      pushes.onChange(SERVICE.id(), version);
    }
    assertThat(leader.fetchCount(SERVICE.id())).isEqualTo(1);
    gate.complete(null);

    await().until(() -> sender.pushedVersion("s1") == 1_010);
    assertThat(client.versions()).containsExactly(1_001L, 1_010L);
    await()
        .during(Duration.ofMillis(100))
        .atMost(Duration.ofSeconds(2))
        .until(() -> leader.fetchCount(SERVICE.id()) == 2);
  }

  @Test
  void aNewSubscriberDuringAFetchIsPushedItsResult() {
    registry.putSubscriber(subscriber("s1", SERVICE, "zone", "DEFAULT_ZONE", port.connectId()));
    leader.putDatum(datum(SERVICE, 40, publisher("p1", "DEFAULT_ZONE", "a")));
    CompletableFuture<Void> gate = leader.holdFetches(SERVICE.id());
    pushes.onChange(SERVICE.id(), 40);
    await().until(() -> leader.fetchCount(SERVICE.id()) == 1);

    subscribe("s2", SERVICE, "zone", "DEFAULT_ZONE");
    gate.complete(null);

    await().until(() -> sender.pushedVersion("s1") == 40 && sender.pushedVersion("s2") == 40);
  }

  @Test
  void aFailedFetchIsRetriedUntilItSucceedsAndStaleAnswersAskForANewTable() {
    leader.answerFetches(Status.NOT_LEADER, Status.BUSY, Status.STALE_EPOCH);

    subscribe("s1", SERVICE, "zone", "DEFAULT_ZONE");

    await().until(() -> sender.pushedVersion("s1") == Datum.EMPTY_PUSH_VERSION);
    assertThat(leader.fetchCount(SERVICE.id())).isEqualTo(4);
    assertThat(staleTableCalls).hasValue(2);
    assertThat(client.pushes()).hasSize(1);
  }

  @Test
  void aFetchWithoutAKnownLeaderIsRetriedUntilATableArrives() {
    SlotTableHolder empty = new SlotTableHolder(SLOTS);
    PushScheduler withoutTable =
        new PushScheduler(
            registry,
            new DatumFetcher(
                new SlotFunction(SLOTS), empty, link.client, Duration.ofSeconds(3), () -> {}),
            sender,
            BACKOFF,
            link.scheduler);
    Subscriber subscriber = subscriber("s1", SERVICE, "zone", "DEFAULT_ZONE", port.connectId());
    registry.putSubscriber(subscriber);

    withoutTable.onSubscribe(subscriber);
    await()
        .during(Duration.ofMillis(100))
        .atMost(Duration.ofSeconds(2))
        .until(() -> leader.fetches().isEmpty());
    empty.update(leader.tableLeadingAll(SLOTS, 1, 1));

    await().until(() -> sender.pushedVersion("s1") == Datum.EMPTY_PUSH_VERSION);
  }

  @Test
  void retriesStopAndTheInterestIsDroppedOnceNoSubscriberIsLeft() {
    List<Status> failures = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      failures.add(Status.BUSY);
    }
    leader.answerFetches(failures.toArray(Status[]::new));
    subscribe("s1", SERVICE, "zone", "DEFAULT_ZONE");
    await().until(() -> leader.fetchCount(SERVICE.id()) >= 2);

    registry.removeSubscriber("s1");

    await().until(() -> pushes.interestCount() == 0);
    long fetches = leader.fetchCount(SERVICE.id());
    await()
        .during(Duration.ofMillis(150))
        .atMost(Duration.ofSeconds(2))
        .until(() -> leader.fetchCount(SERVICE.id()) == fetches);
    assertThat(client.pushes()).isEmpty();
  }

  /** s1 subscribes to SERVICE, held at version 20 by a leader that answers with deltas. */
  private void subscribeToALeaderOfDeltas(Publisher... publishers) {
    leader.answerWithDeltas();
    leader.putDatum(datum(SERVICE, 20, publishers));
    subscribe("s1", SERVICE, "zone", "DEFAULT_ZONE");
    await().until(() -> sender.pushedVersion("s1") == 20);
  }

  private Subscriber subscribe(String registerId, DataInfo dataInfo, String scope, String zone) {
    Subscriber subscriber = subscriber(registerId, dataInfo, scope, zone, port.connectId());
    registry.putSubscriber(subscriber);
    pushes.onSubscribe(subscriber);
    return subscriber;
  }

  private static Subscriber subscriber(
      String registerId, DataInfo dataInfo, String scope, String zone, String connectId) {
    return new Subscriber(registerId, dataInfo, scope, zone, "app", connectId, 1L);
  }

  private static Datum datum(DataInfo dataInfo, long version, Publisher... publishers) {
    return new Datum(dataInfo.id(), version, List.of(publishers));
  }
}
