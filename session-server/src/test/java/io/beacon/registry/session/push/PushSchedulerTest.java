package io.beacon.registry.session.push;

import static io.beacon.registry.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.alipay.sofa.registry.core.model.DataBox;
import io.beacon.registry.common.concurrent.Threads;
import io.beacon.registry.common.model.DataInfo;
import io.beacon.registry.common.model.Datum;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.common.model.RegisterVersion;
import io.beacon.registry.common.protocol.FetchDatumRequest;
import io.beacon.registry.common.protocol.Status;
import io.beacon.registry.common.retry.Backoff;
import io.beacon.registry.common.rpc.RpcClient;
import io.beacon.registry.common.rpc.RpcServer;
import io.beacon.registry.common.slot.SlotFunction;
import io.beacon.registry.common.slot.SlotTableHolder;
import io.beacon.registry.session.FakeDataLeader;
import io.beacon.registry.session.connection.ClientConnections;
import io.beacon.registry.session.registration.SessionRegistry;
import io.beacon.registry.session.registration.Subscriber;
import io.beacon.registry.session.routing.DatumFetcher;
import io.beacon.registry.session.settings.PushLimits;
import io.beacon.registry.testing.Settings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link PushScheduler} end to end within one session: a fake data leader answers fetches, a real
 * {@link PushSender} pushes over a real client connection to a fake client.
 */
class PushSchedulerTest {

  private static final int SLOTS = 4;
  private static final DataInfo SERVICE = new DataInfo("com.example.Service", null, null);
  private static final DataInfo OTHER = new DataInfo("com.example.Other", null, null);
  private static final ProcessId SESSION = new ProcessId("127.0.0.1", 1L, 1L, 1);
  private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(5), Duration.ofMillis(50));

  private final ThreadPoolExecutor serverExecutor = Threads.bounded("test-server", 2, 1_000);
  private final ThreadPoolExecutor callbackExecutor = Threads.bounded("test-callback", 2, 1_000);
  private final ScheduledExecutorService scheduler = Threads.scheduled("test-scheduler", 1);
  private final FakeDataLeader leader = new FakeDataLeader(serverExecutor);
  private final RpcClient dataClient = new RpcClient(1, Duration.ofSeconds(1), callbackExecutor);
  private final RpcServer clientPort =
      new RpcServer("test-client-port", "127.0.0.1", 0, callbackExecutor);
  private final ClientConnections connections = new ClientConnections();
  private final SlotTableHolder tables = new SlotTableHolder(SLOTS);
  private final AtomicInteger staleTableCalls = new AtomicInteger();
  private final SessionRegistry registry = new SessionRegistry();
  private final PushSender sender =
      new PushSender(
          connections,
          new ReceivedDataFactory("DefaultDataCenter"),
          Duration.ofSeconds(3),
          3,
          BACKOFF,
          Settings.defaults(PushLimits.class),
          scheduler,
          ip -> true);
  private final PushScheduler pushes =
      new PushScheduler(
          registry,
          new DatumFetcher(
              new SlotFunction(SLOTS),
              tables,
              dataClient,
              Duration.ofSeconds(3),
              staleTableCalls::incrementAndGet),
          sender,
          BACKOFF,
          scheduler);
  private FakeClient client;
  private String connectId;

  @BeforeEach
  void connect() throws Exception {
    clientPort.addConnectionListener(connections);
    clientPort.start();
    client = new FakeClient();
    connectId = client.connect(clientPort.port());
    await().until(() -> connections.isOpen(connectId));
    tables.update(leader.tableLeadingAll(SLOTS, 3, 2));
  }

  @AfterEach
  void close() {
    client.close();
    clientPort.close();
    dataClient.close();
    leader.close();
    Threads.shutdown(scheduler, Duration.ofSeconds(1));
    Threads.shutdown(callbackExecutor, Duration.ofSeconds(1));
    Threads.shutdown(serverExecutor, Duration.ofSeconds(1));
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
    String secondConnection = client.connect(clientPort.port());
    await().until(() -> connections.isOpen(secondConnection));
    subscribe("s1", SERVICE, "zone", "ZONE_A");
    registry.putSubscriber(subscriber("s2", SERVICE, "global", "ZONE_B", secondConnection));
    pushes.onSubscribe(registry.subscriber("s2"));
    await().until(() -> sender.pushedVersion("s1") == 1 && sender.pushedVersion("s2") == 1);

    leader.putDatum(
        datum(SERVICE, 30, publisher("p1", "ZONE_A", "a"), publisher("p2", "ZONE_B", "b")));
    pushes.onChange(SERVICE.id(), 30);

    await().until(() -> sender.pushedVersion("s1") == 30 && sender.pushedVersion("s2") == 30);
    assertThat(client.pushesTo(connectId).get(1).data().getData()).containsOnlyKeys("ZONE_A");
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
    registry.putSubscriber(subscriber("s1", SERVICE, "zone", "DEFAULT_ZONE", connectId));
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
    registry.putSubscriber(subscriber("s1", SERVICE, "zone", "DEFAULT_ZONE", connectId));
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
                new SlotFunction(SLOTS), empty, dataClient, Duration.ofSeconds(3), () -> {}),
            sender,
            BACKOFF,
            scheduler);
    Subscriber subscriber = subscriber("s1", SERVICE, "zone", "DEFAULT_ZONE", connectId);
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
    Subscriber subscriber = subscriber(registerId, dataInfo, scope, zone, connectId);
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

  private static Publisher publisher(String registerId, String zone, String... values) {
    return new Publisher(
        SERVICE.id(),
        registerId,
        List.of(values),
        new RegisterVersion(1, 1),
        zone,
        "app",
        "10.0.0.1:1_127.0.0.1:9600",
        SESSION);
  }

  private static List<String> values(List<DataBox> boxes) {
    return boxes.stream().map(DataBox::getData).toList();
  }
}
