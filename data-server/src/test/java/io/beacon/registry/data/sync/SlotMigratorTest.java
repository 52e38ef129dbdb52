package io.beacon.registry.data.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.common.model.RegisterVersion;
import io.beacon.registry.common.model.VersionClock;
import io.beacon.registry.common.protocol.DataChangeNotice;
import io.beacon.registry.common.protocol.PublisherPut;
import io.beacon.registry.common.protocol.Status;
import io.beacon.registry.common.slot.Slot;
import io.beacon.registry.common.slot.SlotFunction;
import io.beacon.registry.common.slot.SlotTable;
import io.beacon.registry.common.slot.SlotTableHolder;
import io.beacon.registry.data.change.ChangeNotifier;
import io.beacon.registry.data.slot.SlotAccess;
import io.beacon.registry.data.slot.SlotLeadership;
import io.beacon.registry.data.slot.SlotMigrations;
import io.beacon.registry.data.store.DatumStore;
import io.beacon.registry.testing.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The slot migrator driven by hand: a new table gained through {@link SlotLeadership}, passes that
 * complete when the test says so, a scheduler whose tasks run when the fake clock reaches them.
 */
class SlotMigratorTest {

  private static final String SELF = "10.0.0.1:9620";
  private static final String OTHER = "10.0.0.2:9620";
  private static final String SESSION_ADDRESS = "10.0.0.9:9602";
  private static final Duration DEADLINE = Duration.ofSeconds(15);
  private static final Duration RETRY = Duration.ofMillis(200);
  private static final SyncPeer SESSION_A =
      new SyncPeer(new ProcessId("10.0.0.9", 1, 1, 1), SESSION_ADDRESS);
  private static final SyncPeer SESSION_B =
      new SyncPeer(new ProcessId("10.0.0.8", 1, 1, 1), "10.0.0.8:9602");

  private final ManualClock clock = new ManualClock();
  private final SlotTableHolder tables = new SlotTableHolder(4);
  private final DatumStore store =
      new DatumStore(new SlotFunction(4), new VersionClock(clock), clock, Duration.ofMinutes(3));
  private final SlotMigrations migrations = new SlotMigrations();
  private final SlotAccess access = new SlotAccess(tables, () -> SELF, () -> {}, migrations);
  private final List<DataChangeNotice> notices = new ArrayList<>();
  private final ChangeNotifier notifier =
      new ChangeNotifier(
          () -> SELF,
          (session, notice) -> {
            notices.add(notice);
            return CompletableFuture.completedFuture(null);
          },
          (task, delay) -> {},
          Duration.ofMillis(500));
  private final Map<String, CompletableFuture<SyncOutcome>> passes = new HashMap<>();
  private final List<Scheduled> scheduled = new ArrayList<>();
  private List<SyncPeer> listed = List.of(SESSION_A, SESSION_B);
  private SlotMigrator migrator;

  private record Scheduled(Runnable task, long atMillis) {}

  @BeforeEach
  void setUp() {
    notifier.updateSessions(List.of(SESSION_ADDRESS));
    migrator =
        new SlotMigrator(
            migrations,
            (slotId, leaderEpoch, session) -> {
              CompletableFuture<SyncOutcome> pass = new CompletableFuture<>();
              passes.put(key(slotId, leaderEpoch, session), pass);
              return pass;
            },
            store,
            access,
            notifier,
            () -> listed,
            (task, delay) -> scheduled.add(new Scheduled(task, clock.millis() + delay.toMillis())),
            clock,
            DEADLINE,
            RETRY);
    new SlotLeadership(tables, store, () -> SELF, migrator).listen();
  }

  @Test
  void aGainedSlotRefusesReadsUntilEverySessionSyncedItThenBumpsItsDatums() {
    String dataInfoId = idInSlot(0);
    tables.update(table(1, 7, SELF));
    put(dataInfoId, 7);
    long before = store.datum(dataInfoId).version();

    assertThat(access.checkRead(0, 1, 7)).isEqualTo(Status.MIGRATING);
    assertThat(access.check(0, 1, 7)).as("writes and passes go on").isEqualTo(Status.OK);
    complete(0, 7, SESSION_A, SyncOutcome.Result.SYNCED);
    assertThat(access.checkRead(0, 1, 7)).isEqualTo(Status.MIGRATING);
    complete(0, 7, SESSION_B, SyncOutcome.Result.EQUAL);

    assertThat(access.checkRead(0, 1, 7)).isEqualTo(Status.OK);
    long after = store.datum(dataInfoId).version();
    assertThat(after).isGreaterThan(before);
    assertThat(notices)
        .anySatisfy(notice -> assertThat(notice.versions()).containsEntry(dataInfoId, after));
  }

  @Test
  void aSlotIsUnreadableFromTheMomentItsTableIsVisibleBeforeAnyMigrationBegan() {
    SlotAccess unmigrated = new SlotAccess(tables, () -> SELF, () -> {}, new SlotMigrations());
    tables.update(table(1, 7, SELF));

    assertThat(unmigrated.checkRead(0, 1, 7)).isEqualTo(Status.MIGRATING);
  }

  @Test
  void anAbortedPassIsRetriedAfterTheDelayUntilItSucceeds() {
    tables.update(table(1, 7, SELF));
    complete(0, 7, SESSION_B, SyncOutcome.Result.EQUAL);
    complete(0, 7, SESSION_A, SyncOutcome.Result.ABORTED);
    passes.remove(key(0, 7, SESSION_A));

    runDue();
    assertThat(passes).doesNotContainKey(key(0, 7, SESSION_A));
    clock.advance(RETRY);
    runDue();
    assertThat(passes).containsKey(key(0, 7, SESSION_A));
    complete(0, 7, SESSION_A, SyncOutcome.Result.SYNCED);

    assertThat(access.checkRead(0, 1, 7)).isEqualTo(Status.OK);
  }

  @Test
  void aSessionThatNeverAnswersHoldsTheSlotOnlyUntilTheDeadline() {
    tables.update(table(1, 7, SELF));
    complete(0, 7, SESSION_A, SyncOutcome.Result.EQUAL);

    clock.advance(DEADLINE.minusMillis(1));
    runDue();
    assertThat(access.checkRead(0, 1, 7)).isEqualTo(Status.MIGRATING);
    clock.advance(Duration.ofMillis(1));
    runDue();

    assertThat(access.checkRead(0, 1, 7)).isEqualTo(Status.OK);
  }

  @Test
  void aSessionMetaStopsListingIsNoLongerWaitedFor() {
    tables.update(table(1, 7, SELF));
    complete(0, 7, SESSION_A, SyncOutcome.Result.EQUAL);

    migrator.onSessionsListed(Set.of(SESSION_A.processId()));

    assertThat(access.checkRead(0, 1, 7)).isEqualTo(Status.OK);
  }

  @Test
  void withNoSessionListedAGainedSlotIsReadableAtOnce() {
    listed = List.of();
    tables.update(table(1, 7, SELF));

    assertThat(access.checkRead(0, 1, 7)).isEqualTo(Status.OK);
    assertThat(passes).isEmpty();
  }

  @Test
  void aPassOfALostLeadershipDoesNotOpenTheSlotWhenItIsLedAgain() {
    tables.update(table(1, 7, SELF));
    tables.update(table(2, 8, OTHER));
    tables.update(table(3, 9, SELF));

    complete(0, 7, SESSION_A, SyncOutcome.Result.SYNCED);
    complete(0, 7, SESSION_B, SyncOutcome.Result.SYNCED);
    assertThat(access.checkRead(0, 3, 9)).isEqualTo(Status.MIGRATING);

    complete(0, 9, SESSION_A, SyncOutcome.Result.SYNCED);
    complete(0, 9, SESSION_B, SyncOutcome.Result.SYNCED);
    assertThat(access.checkRead(0, 3, 9)).isEqualTo(Status.OK);
  }

  @Test
  void aFollowerPromotedUnderANewLeaderEpochMigratesAgain() {
    tables.update(table(1, 7, SELF));
    complete(0, 7, SESSION_A, SyncOutcome.Result.EQUAL);
    complete(0, 7, SESSION_B, SyncOutcome.Result.EQUAL);
    assertThat(access.checkRead(0, 1, 7)).isEqualTo(Status.OK);

    tables.update(table(2, 8, SELF));

    assertThat(access.checkRead(0, 2, 8)).isEqualTo(Status.MIGRATING);
    assertThat(passes).containsKeys(key(0, 8, SESSION_A), key(0, 8, SESSION_B));
  }

  /** Every slot led by {@code leader} under {@code leaderEpoch}. */
  private static SlotTable table(long epoch, long leaderEpoch, String leader) {
    List<Slot> slots = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      slots.add(new Slot(i, leader, leaderEpoch, List.of()));
    }
    return new SlotTable(epoch, slots);
  }

  private void complete(int slotId, long leaderEpoch, SyncPeer session, SyncOutcome.Result result) {
    CompletableFuture<SyncOutcome> pass = passes.get(key(slotId, leaderEpoch, session));
    assertThat(pass)
        .as("pass of slot %s under %s from %s", slotId, leaderEpoch, session)
        .isNotNull();
    pass.complete(new SyncOutcome(result, 1, 0, 0, null));
  }

  private void runDue() {
    List<Scheduled> due = new ArrayList<>();
    for (Scheduled task : scheduled) {
      if (task.atMillis() <= clock.millis()) {
        due.add(task);
      }
    }
    scheduled.removeAll(due);
    due.forEach(task -> task.task().run());
  }

  private static String key(int slotId, long leaderEpoch, SyncPeer session) {
    return slotId + "/" + leaderEpoch + "/" + session.address();
  }

  private String idInSlot(int slotId) {
    for (int i = 0; ; i++) {
      String id = "data-" + i + "#@#DEFAULT_INSTANCE_ID#@#DEFAULT_GROUP";
      if (store.slotOf(id) == slotId) {
        return id;
      }
    }
  }

  private void put(String dataInfoId, long leaderEpoch) {
    Publisher publisher =
        new Publisher(
            dataInfoId,
            "r1",
            List.of("v"),
            new RegisterVersion(1, 1),
            "DEFAULT_ZONE",
            "app",
            "c",
            SESSION_A.processId());
    int slotId = store.slotOf(dataInfoId);
    assertThat(
            store
                .slot(slotId)
                .write(
                    () -> access.check(slotId, leaderEpoch),
                    leaderEpoch,
                    List.of(new PublisherPut(publisher)),
                    0L)
                .status())
        .isEqualTo(Status.OK);
  }
}
