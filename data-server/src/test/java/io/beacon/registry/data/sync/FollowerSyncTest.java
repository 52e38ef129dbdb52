package io.beacon.registry.data.sync;

import static io.beacon.registry.testing.TestPublishers.publisher;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.beacon.registry.common.concurrent.Threads;
import io.beacon.registry.common.model.Datum;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.common.protocol.PublisherPut;
import io.beacon.registry.common.protocol.PublisherWrite;
import io.beacon.registry.common.protocol.SlotDigestRequest;
import io.beacon.registry.common.protocol.SlotPublisherDiffRequest;
import io.beacon.registry.common.protocol.Status;
import io.beacon.registry.common.rpc.RpcClient;
import io.beacon.registry.common.rpc.RpcServer;
import io.beacon.registry.common.slot.Slot;
import io.beacon.registry.common.slot.SlotTable;
import io.beacon.registry.data.SlotWorld;
import io.beacon.registry.data.rpc.SlotDigestHandler;
import io.beacon.registry.data.rpc.SlotPublisherDiffHandler;
import io.beacon.registry.data.slot.SlotAccess;
import io.beacon.registry.data.store.DatumStore;
import io.beacon.registry.data.store.ReadResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Leader to follower passes: a follower store and {@link FollowerSync} against a real leader store
 * answering through its handlers on an {@link RpcServer} on 127.0.0.1.
 */
class FollowerSyncTest {

  private static final String FOLLOWER_ADDRESS = "127.0.0.1:1";
  private static final int SLOTS = 8;
  private static final int SLOT = 5;
  private static final long TABLE_EPOCH = 30;
  private static final long LEADER_EPOCH = 7;
  private static final ProcessId LEADER = new ProcessId("127.0.0.1", 1L, 1L, 1);
  private static final ProcessId FOLLOWER = new ProcessId("127.0.0.1", 2L, 2L, 2);
  private static final ProcessId SESSION_A = new ProcessId("127.0.0.1", 3L, 3L, 3);
  private static final ProcessId SESSION_B = new ProcessId("127.0.0.1", 4L, 4L, 4);

  private final SlotWorld follower = new SlotWorld(FOLLOWER_ADDRESS, SLOTS);
  private final DatumStore leaderStore = follower.newStore();
  private final ExecutorService rpcExecutor = Threads.bounded("test-rpc", 4, 1000);
  private final ExecutorService syncExecutor = Threads.bounded("test-sync", 2, 1000);
  private final RpcClient client = new RpcClient(1, Duration.ofSeconds(2), rpcExecutor);
  private final RpcServer leaderServer = new RpcServer("leader", "127.0.0.1", 0, rpcExecutor);
  private final SlotAccess leaderAccess =
      new SlotAccess(follower.tables, this::leaderAddress, () -> {});
  private final SlotDiffSyncer syncer =
      new SlotDiffSyncer(
          client, syncExecutor, FOLLOWER, Duration.ofSeconds(2), 2, 4_000, process -> {});
  private final FollowerSync followerSync =
      new FollowerSync(
          follower.store,
          follower.access,
          syncer,
          follower.tables,
          () -> FOLLOWER_ADDRESS,
          address -> address.equals(leaderAddress()) ? LEADER : null);

  @BeforeEach
  void startTheLeader() {
    leaderServer.register(
        SlotDigestRequest.class,
        rpcExecutor,
        new SlotDigestHandler(leaderStore, leaderAccess, LEADER));
    leaderServer.register(
        SlotPublisherDiffRequest.class,
        rpcExecutor,
        new SlotPublisherDiffHandler(leaderStore, leaderAccess, LEADER, 512));
    leaderServer.start();
    follower.tables.update(table(TABLE_EPOCH, LEADER_EPOCH, leaderAddress(), FOLLOWER_ADDRESS));
  }

  @AfterEach
  void closeAll() {
    syncer.close();
    leaderServer.close();
    client.close();
    Threads.shutdown(syncExecutor, Duration.ofSeconds(5));
    Threads.shutdown(rpcExecutor, Duration.ofSeconds(5));
  }

  @Test
  void aPassAddsWhatTheFollowerLacksRemovesWhatTheLeaderDropsAndKeepsNewerCopies()
      throws Exception {
    lead(
        publisher(id(0), "r1", 1, SESSION_A),
        publisher(id(0), "r2", 2, SESSION_B),
        publisher(id(1), "r3", 1, SESSION_A),
        publisher(id(2), "r5", 1, SESSION_A));
    replicated(
        publisher(id(0), "r2", 1, SESSION_B),
        publisher(id(3), "extra", 1, SESSION_B),
        publisher(id(2), "r5", 3, SESSION_A));

    tick();

    assertThat(follower.store.datum(id(0)).publishers())
        .extracting(Publisher::registerId, p -> p.version().version())
        .containsExactlyInAnyOrder(tuple("r1", 1L), tuple("r2", 2L));
    assertThat(follower.store.datum(id(1)).publishers())
        .extracting(Publisher::registerId)
        .containsExactly("r3");
    assertThat(follower.store.datum(id(3)).publishers()).isEmpty();
    assertThat(follower.store.counts().tombstones()).isEqualTo(1);
    assertThat(follower.store.datum(id(2)).publishers())
        .extracting(p -> p.version().version())
        .containsExactly(3L);
  }

  @Test
  void aSlotIsReportedSyncedOnlyAfterAnEmptyDiffUnderTheCurrentLeaderEpoch() throws Exception {
    lead(publisher(id(0), "r1", 1, SESSION_A));

    tick();
    assertThat(followerSync.syncedSlots()).isEmpty();

    tick();
    assertThat(followerSync.syncedSlots()).containsExactly(SLOT);

    follower.tables.update(
        table(TABLE_EPOCH + 1, LEADER_EPOCH + 1, leaderAddress(), FOLLOWER_ADDRESS));
    assertThat(followerSync.syncedSlots()).isEmpty();

    leadUnder(LEADER_EPOCH + 1, publisher(id(1), "r2", 1, SESSION_A));
    tick();
    assertThat(followerSync.syncedSlots()).isEmpty();
    tick();
    assertThat(followerSync.syncedSlots()).containsExactly(SLOT);
    assertThat(follower.store.datum(id(1)).publishers()).hasSize(1);
  }

  @Test
  void aPromotedFollowerKeepsTheDataItReplicated() throws Exception {
    lead(publisher(id(0), "r1", 1, SESSION_A), publisher(id(1), "r2", 1, SESSION_B));
    tick();

    long promoted = LEADER_EPOCH + 1;
    follower.tables.update(table(TABLE_EPOCH + 1, promoted, FOLLOWER_ADDRESS, leaderAddress()));
    ReadResult read =
        follower
            .store
            .slot(SLOT)
            .read(() -> follower.access.check(SLOT, promoted), promoted, List.of(id(0), id(1)));

    assertThat(read.status()).isEqualTo(Status.OK);
    assertThat(read.datums()).extracting(d -> d.publishers().size()).containsExactly(1, 1);
  }

  @Test
  void aFormerLeaderGivenTheSlotAgainUnderANewerEpochStartsClean() {
    lead(publisher(id(0), "r1", 1, SESSION_A));

    ReadResult read =
        leaderStore.slot(SLOT).read(() -> Status.OK, LEADER_EPOCH + 2, List.of(id(0)));

    assertThat(read.datums()).containsExactly(Datum.empty(id(0)));
  }

  @Test
  void aFollowerScopeIsRefusedUnderAnotherEpochOrOnceTheSlotIsNoLongerFollowed() throws Exception {
    lead(publisher(id(0), "r1", 1, SESSION_A));
    tick();
    tick();
    FollowerSlotScope scope =
        new FollowerSlotScope(follower.store, follower.access, SLOT, LEADER_EPOCH);
    FollowerSlotScope stale =
        new FollowerSlotScope(follower.store, follower.access, SLOT, LEADER_EPOCH - 1);

    assertThat(scope.digest().status()).isEqualTo(Status.OK);
    assertThat(stale.digest().status()).isEqualTo(Status.STALE_EPOCH);
    follower.tables.update(table(TABLE_EPOCH + 1, LEADER_EPOCH, leaderAddress()));

    assertThat(scope.digest().status()).isEqualTo(Status.NOT_LEADER);
    assertThat(followerSync.syncedSlots()).isEmpty();
  }

  private void tick() throws Exception {
    followerSync.tick().get(10, TimeUnit.SECONDS);
  }

  private void lead(Publisher... publishers) {
    leadUnder(LEADER_EPOCH, publishers);
  }

  private void leadUnder(long leaderEpoch, Publisher... publishers) {
    List<PublisherWrite> writes = new ArrayList<>();
    for (Publisher publisher : publishers) {
      writes.add(new PublisherPut(publisher));
    }
    assertThat(
            leaderStore
                .slot(SLOT)
                .write(() -> Status.OK, leaderEpoch, writes, follower.clock.millis())
                .status())
        .isEqualTo(Status.OK);
  }

  private void replicated(Publisher... publishers) {
    assertThat(
            follower
                .store
                .slot(SLOT)
                .replicate(
                    () -> Status.OK,
                    LEADER_EPOCH,
                    List.of(publishers),
                    List.of(),
                    follower.clock.millis())
                .status())
        .isEqualTo(Status.OK);
  }

  private String leaderAddress() {
    return "127.0.0.1:" + leaderServer.port();
  }

  private String id(int nth) {
    return follower.idInSlot(SLOT, nth);
  }

  /** Every slot led by {@code leader}; {@link #SLOT} under {@code leaderEpoch}, with followers. */
  private SlotTable table(long tableEpoch, long leaderEpoch, String leader, String... followers) {
    return follower.table(
        tableEpoch,
        i ->
            i == SLOT
                ? new Slot(i, leader, leaderEpoch, List.of(followers))
                : new Slot(i, leader, 1, List.of()));
  }
}
