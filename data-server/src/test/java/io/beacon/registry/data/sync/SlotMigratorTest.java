package io.beacon.registry.data.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.protocol.PublisherPut;
import io.beacon.registry.common.protocol.Status;
import io.beacon.registry.common.slot.SlotTable;
import io.beacon.registry.data.SlotWorld;
import io.beacon.registry.data.slot.SlotAccess;
import io.beacon.registry.data.slot.SlotLeadership;
import io.beacon.registry.data.slot.SlotMigrations;
import io.beacon.registry.testing.TestPublishers;
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

  private final SlotMigrations migrations = new SlotMigrations();
  private final SlotWorld world = new SlotWorld(SELF, 4, migrations);
  private final Map<String, CompletableFuture<SyncOutcome>> passes = new HashMap<>();
  private final List<Scheduled> scheduled = new ArrayList<>();
  private List<SyncPeer> listed = List.of(SESSION_A, SESSION_B);
  private SlotMigrator migrator;

  private record Scheduled(Runnable task, long atMillis) {}

  @BeforeEach
  void setUp() {
    world.notifier.updateSessions(List.of(SESSION_ADDRESS));
    migrator =
        new SlotMigrator(
            migrations,
            (slotId, leaderEpoch, session) -> {
              CompletableFuture<SyncOutcome> pass = new CompletableFuture<>();
              passes.put(key(slotId, leaderEpoch, session), pass);
              return pass;
            },
            world.store,
            world.access,
            world.notifier,
            () -> listed,
            (task, delay) ->
                scheduled.add(new Scheduled(task, world.clock.millis() + delay.toMillis())),
            world.clock,
            DEADLINE,
            RETRY);
    new SlotLeadership(world.tables, world.store, () -> SELF, migrator).listen();
  }

  @Test
  void aGainedSlotRefusesReadsUntilEverySessionSyncedItThenBumpsItsDatums() {
    String dataInfoId = idInSlot(0);
    world.tables.update(table(1, 7, SELF));
    put(dataInfoId, 7);
    long before = world.store.datum(dataInfoId).version();

    assertThat(world.access.checkRead(0, 1, 7)).isEqualTo(Status.MIGRATING);
    assertThat(world.access.check(0, 1, 7)).as("writes and passes go on").isEqualTo(Status.OK);
    complete(0, 7, SESSION_A, SyncOutcome.Result.SYNCED);
    assertThat(world.access.checkRead(0, 1, 7)).isEqualTo(Status.MIGRATING);
    complete(0, 7, SESSION_B, SyncOutcome.Result.EQUAL);

    assertThat(world.access.checkRead(0, 1, 7)).isEqualTo(Status.OK);
    long after = world.store.datum(dataInfoId).version();
    assertThat(after).isGreaterThan(before);
    assertThat(world.notices)
        .anySatisfy(notice -> assertThat(notice.versions()).containsEntry(dataInfoId, after));
  }

  @Test
  void aSlotIsUnreadableFromTheMomentItsTableIsVisibleBeforeAnyMigrationBegan() {
    SlotAccess unmigrated =
        new SlotAccess(world.tables, () -> SELF, () -> {}, new SlotMigrations());
    world.tables.update(table(1, 7, SELF));

    assertThat(unmigrated.checkRead(0, 1, 7)).isEqualTo(Status.MIGRATING);
  }

  @Test
  void anAbortedPassIsRetriedAfterTheDelayUntilItSucceeds() {
    world.tables.update(table(1, 7, SELF));
    complete(0, 7, SESSION_B, SyncOutcome.Result.EQUAL);
    complete(0, 7, SESSION_A, SyncOutcome.Result.ABORTED);
    passes.remove(key(0, 7, SESSION_A));

    runDue();
    assertThat(passes).doesNotContainKey(key(0, 7, SESSION_A));
    world.clock.advance(RETRY);
    runDue();
    assertThat(passes).containsKey(key(0, 7, SESSION_A));
    complete(0, 7, SESSION_A, SyncOutcome.Result.SYNCED);

    assertThat(world.access.checkRead(0, 1, 7)).isEqualTo(Status.OK);
  }

  @Test
  void aSessionThatNeverAnswersHoldsTheSlotOnlyUntilTheDeadline() {
    world.tables.update(table(1, 7, SELF));
    complete(0, 7, SESSION_A, SyncOutcome.Result.EQUAL);

    world.clock.advance(DEADLINE.minusMillis(1));
    runDue();
    assertThat(world.access.checkRead(0, 1, 7)).isEqualTo(Status.MIGRATING);
    world.clock.advance(Duration.ofMillis(1));
    runDue();

    assertThat(world.access.checkRead(0, 1, 7)).isEqualTo(Status.OK);
  }

  @Test
  void aSessionMetaStopsListingIsNoLongerWaitedFor() {
    world.tables.update(table(1, 7, SELF));
    complete(0, 7, SESSION_A, SyncOutcome.Result.EQUAL);

    migrator.onSessionsListed(Set.of(SESSION_A.processId()));

    assertThat(world.access.checkRead(0, 1, 7)).isEqualTo(Status.OK);
  }

  @Test
  void withNoSessionListedAGainedSlotIsReadableAtOnce() {
    listed = List.of();
    world.tables.update(table(1, 7, SELF));

    assertThat(world.access.checkRead(0, 1, 7)).isEqualTo(Status.OK);
    assertThat(passes).isEmpty();
  }

  @Test
  void aPassOfALostLeadershipDoesNotOpenTheSlotWhenItIsLedAgain() {
    world.tables.update(table(1, 7, SELF));
    world.tables.update(table(2, 8, OTHER));
    world.tables.update(table(3, 9, SELF));

    complete(0, 7, SESSION_A, SyncOutcome.Result.SYNCED);
    complete(0, 7, SESSION_B, SyncOutcome.Result.SYNCED);
    assertThat(world.access.checkRead(0, 3, 9)).isEqualTo(Status.MIGRATING);

    complete(0, 9, SESSION_A, SyncOutcome.Result.SYNCED);
    complete(0, 9, SESSION_B, SyncOutcome.Result.SYNCED);
    assertThat(world.access.checkRead(0, 3, 9)).isEqualTo(Status.OK);
  }

  @Test
  void aFollowerPromotedUnderANewLeaderEpochMigratesAgain() {
    world.tables.update(table(1, 7, SELF));
    complete(0, 7, SESSION_A, SyncOutcome.Result.EQUAL);
    complete(0, 7, SESSION_B, SyncOutcome.Result.EQUAL);
    assertThat(world.access.checkRead(0, 1, 7)).isEqualTo(Status.OK);

    world.tables.update(table(2, 8, SELF));

    assertThat(world.access.checkRead(0, 2, 8)).isEqualTo(Status.MIGRATING);
    assertThat(passes).containsKeys(key(0, 8, SESSION_A), key(0, 8, SESSION_B));
  }

  /** Every slot led by {@code leader} under {@code leaderEpoch}. */
  private SlotTable table(long epoch, long leaderEpoch, String leader) {
    return world.everySlotLedBy(epoch, leader, leaderEpoch);
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
      if (task.atMillis() <= world.clock.millis()) {
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
    return world.idInSlot(slotId, 0);
  }

  private void put(String dataInfoId, long leaderEpoch) {
    int slotId = world.store.slotOf(dataInfoId);
    assertThat(
            world
                .store
                .slot(slotId)
                .write(
                    () -> world.access.check(slotId, leaderEpoch),
                    leaderEpoch,
                    List.of(
                        new PublisherPut(
                            TestPublishers.publisher(dataInfoId, "r1", 1, SESSION_A.processId()))),
                    0L)
                .status())
        .isEqualTo(Status.OK);
  }
}
