package io.beacon.registry.data.sync;

import static io.beacon.registry.testing.TestPublishers.publisher;
import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.common.concurrent.Threads;
import io.beacon.registry.common.digest.PublisherSummary;
import io.beacon.registry.common.digest.SlotDigest;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.common.protocol.SlotPublisherDiffRequest;
import io.beacon.registry.common.protocol.Status;
import io.beacon.registry.common.rpc.RpcClient;
import io.beacon.registry.common.slot.SlotTable;
import io.beacon.registry.data.SlotWorld;
import io.beacon.registry.data.sync.SyncOutcome.Result;
import io.beacon.registry.testing.FakeSession;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Session to leader passes against a {@link FakeSession} over real RPC on 127.0.0.1. */
class SlotDiffSyncerTest {

  private static final String SELF = "127.0.0.1:1";
  private static final int SLOTS = 8;
  private static final int SLOT = 2;
  private static final long TABLE_EPOCH = 9;
  private static final long LEADER_EPOCH = 4;
  private static final ProcessId LEADER = new ProcessId("127.0.0.1", 1L, 1L, 7);
  private static final ProcessId SESSION = new ProcessId("127.0.0.1", 2L, 2L, 8);
  private static final ProcessId OTHER_SESSION = new ProcessId("127.0.0.1", 3L, 3L, 9);

  private final SlotWorld world = new SlotWorld(SELF, SLOTS);
  private final ExecutorService rpcExecutor = Threads.bounded("test-rpc", 4, 1000);
  private final ExecutorService syncExecutor = Threads.bounded("test-sync", 2, 1000);
  private final RpcClient client = new RpcClient(1, Duration.ofSeconds(1), rpcExecutor);
  private final FakeSession session = new FakeSession(SESSION, world.slots, rpcExecutor);

  @BeforeEach
  void leadEverySlot() {
    world.tables.update(table(LEADER_EPOCH));
    world.notifier.updateSessions(List.of(session.address()));
  }

  @AfterEach
  void closeAll() {
    session.close();
    client.close();
    Threads.shutdown(syncExecutor, Duration.ofSeconds(5));
    Threads.shutdown(rpcExecutor, Duration.ofSeconds(5));
  }

  @Test
  void publishersTheLeaderLacksAreAddedAndNotified() throws Exception {
    session.hold(publisher(id(0), "r1", 1, SESSION));
    session.hold(publisher(id(0), "r2", 1, SESSION));
    session.hold(publisher(id(1), "r3", 1, SESSION));

    SyncOutcome outcome = sync(512, 4_000);

    assertThat(outcome.result()).isEqualTo(Result.SYNCED);
    assertThat(outcome.updated()).isEqualTo(3);
    assertThat(ownedDigest()).isEqualTo(SlotDigest.ofPublishers(session.ofSlot(SLOT)));
    assertThat(world.notices.stream().flatMap(n -> n.versions().keySet().stream()))
        .contains(id(0), id(1));
    assertThat(world.leases.lastSeen(SESSION)).isPresent();
  }

  @Test
  void publishersTheSessionNoLongerHoldsAreRemovedAndTombstoned() throws Exception {
    Publisher kept = publisher(id(0), "r1", 1, SESSION);
    Publisher gone = publisher(id(0), "r2", 1, SESSION);
    Publisher othersOwn = publisher(id(0), "r3", 1, OTHER_SESSION);
    put(kept, gone, othersOwn);
    session.hold(kept);

    SyncOutcome outcome = sync(512, 4_000);

    assertThat(outcome.result()).isEqualTo(Result.SYNCED);
    assertThat(outcome.removed()).isEqualTo(1);
    assertThat(world.store.datum(id(0)).publishers())
        .extracting(Publisher::registerId)
        .containsExactlyInAnyOrder("r1", "r3");
    assertThat(world.store.counts().tombstones()).isEqualTo(1);
    assertThat(write(publisher(id(0), "r2", 1, SESSION))).isEmpty();
  }

  @Test
  void equalDigestsEndThePassAfterOneRoundTrip() throws Exception {
    Publisher held = publisher(id(0), "r1", 1, SESSION);
    put(held);
    session.hold(held);

    SyncOutcome outcome = sync(512, 4_000);

    assertThat(outcome.result()).isEqualTo(Result.EQUAL);
    assertThat(session.rounds()).isEmpty();
  }

  @Test
  void aNewerStoredVersionIsNeverReplacedByAnOlderOneFromTheSession() throws Exception {
    put(publisher(id(0), "r1", 5, SESSION, "newer"));
    session.hold(publisher(id(0), "r1", 3, SESSION, "older"));

    SyncOutcome outcome = sync(512, 4_000);

    assertThat(outcome.result()).isEqualTo(Result.SYNCED);
    assertThat(world.store.datum(id(0)).publishers())
        .singleElement()
        .satisfies(p -> assertThat(p.values()).containsExactly("newer"));
  }

  /**
   * Race: a client write lands on the leader between the summary the pass sent and the answer the
   * pass applies; the removal carries the summarized (older) version, so it must not apply.
   */
  @Test
  void aWriteThatLandsDuringThePassIsNotUndoneByIt() throws Exception {
    put(publisher(id(0), "r1", 2, SESSION));
    session.beforeRound(request -> put(publisher(id(0), "r1", 7, SESSION, "landed")));

    SyncOutcome outcome = sync(512, 4_000);

    assertThat(outcome.removed()).isEqualTo(1);
    assertThat(world.store.datum(id(0)).publishers())
        .singleElement()
        .satisfies(p -> assertThat(p.values()).containsExactly("landed"));
  }

  @Test
  void manyDifferencesConvergeInRoundsOfAtMostTheCap() throws Exception {
    for (int i = 0; i < 7; i++) {
      session.hold(publisher(id(i % 3), "add-" + i, 1, SESSION));
    }
    for (int i = 0; i < 3; i++) {
      put(publisher(id(3), "stale-" + i, 1, SESSION));
    }

    SyncOutcome outcome = sync(3, 4_000);

    assertThat(outcome.result()).isEqualTo(Result.SYNCED);
    assertThat(outcome.rounds()).isEqualTo(4);
    assertThat(outcome.updated() + outcome.removed()).isEqualTo(10);
    assertThat(ownedDigest()).isEqualTo(SlotDigest.ofPublishers(session.ofSlot(SLOT)));
  }

  @Test
  void summariesAreSentInChunksOfAtMostTheRegisterIdCap() throws Exception {
    for (int d = 0; d < 4; d++) {
      put(publisher(id(d), "held-" + d, 1, SESSION));
      session.hold(publisher(id(d), "held-" + d, 2, SESSION));
    }
    session.hold(publisher(id(4), "new", 1, SESSION));

    SyncOutcome outcome = sync(512, 2);

    assertThat(outcome.result()).isEqualTo(Result.SYNCED);
    assertThat(session.rounds()).hasSize(3);
    for (SlotPublisherDiffRequest round : session.rounds()) {
      int weight = round.summaries().stream().mapToInt(s -> Math.max(1, s.size())).sum();
      assertThat(weight).isLessThanOrEqualTo(2);
    }
    assertThat(session.rounds().stream().flatMap(r -> r.summaries().stream()))
        .extracting(PublisherSummary::dataInfoId)
        .doesNotHaveDuplicates()
        .hasSize(5);
    assertThat(ownedDigest()).isEqualTo(SlotDigest.ofPublishers(session.ofSlot(SLOT)));
  }

  @Test
  void aLeadershipChangeDuringThePassAbortsItBeforeAnythingIsApplied() throws Exception {
    session.hold(publisher(id(0), "r1", 1, SESSION));
    session.beforeDigest(request -> world.tables.update(table(LEADER_EPOCH + 1)));

    SyncOutcome outcome = sync(512, 4_000);

    assertThat(outcome.result()).isEqualTo(Result.ABORTED);
    assertThat(outcome.reason()).contains("STALE_EPOCH");
    assertThat(world.store.counts().publishers()).isZero();
  }

  @Test
  void anAnswerFromAnotherProcessAtTheSameAddressAbortsThePass() throws Exception {
    put(publisher(id(0), "r1", 1, SESSION));
    session.answerAs(OTHER_SESSION);

    SyncOutcome outcome = sync(512, 4_000);

    assertThat(outcome.result()).isEqualTo(Result.ABORTED);
    assertThat(world.store.counts().publishers()).isEqualTo(1);
    assertThat(world.leases.lastSeen(OTHER_SESSION)).isEmpty();
  }

  @Test
  void anUnreachableSessionAbortsThePassAndAllowsTheNextOne() throws Exception {
    SessionSync sync = sessionSync(512, 4_000);
    SyncPeer nowhere = new SyncPeer(SESSION, "127.0.0.1:1");

    SyncOutcome outcome = sync.schedule(SLOT, LEADER_EPOCH, nowhere).get(10, TimeUnit.SECONDS);

    assertThat(outcome.result()).isEqualTo(Result.ABORTED);
    assertThat(outcome.reason()).contains("call failed");
    assertThat(sync.isScheduled(SLOT, SESSION)).isFalse();
  }

  private SyncOutcome sync(int maxPublishers, int maxSummaryRegisterIds) throws Exception {
    return sessionSync(maxPublishers, maxSummaryRegisterIds)
        .schedule(SLOT, LEADER_EPOCH, new SyncPeer(session.processId(), session.address()))
        .get(10, TimeUnit.SECONDS);
  }

  private SessionSync sessionSync(int maxPublishers, int maxSummaryRegisterIds) {
    SlotDiffSyncer syncer =
        new SlotDiffSyncer(
            client,
            syncExecutor,
            LEADER,
            Duration.ofSeconds(2),
            maxPublishers,
            maxSummaryRegisterIds,
            world.leases::renew);
    return new SessionSync(world.store, world.access, world.notifier, syncer);
  }

  private SlotDigest ownedDigest() {
    return world.store.slot(SLOT).ownedDigest(() -> Status.OK, LEADER_EPOCH, SESSION).value();
  }

  private void put(Publisher... publishers) {
    for (Publisher publisher : publishers) {
      write(publisher);
    }
  }

  private java.util.Map<String, Long> write(Publisher publisher) {
    return world.write(SLOT, LEADER_EPOCH, publisher).changedVersions();
  }

  private String id(int nth) {
    return world.idInSlot(SLOT, nth);
  }

  private SlotTable table(long leaderEpoch) {
    return world.everySlotLedBy(TABLE_EPOCH + leaderEpoch, SELF, leaderEpoch);
  }
}
