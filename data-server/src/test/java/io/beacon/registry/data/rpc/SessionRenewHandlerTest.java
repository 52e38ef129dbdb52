package io.beacon.registry.data.rpc;

import static io.beacon.registry.testing.TestPublishers.publisher;
import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.common.digest.SlotDigest;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.common.protocol.SessionRenewRequest;
import io.beacon.registry.common.protocol.SessionRenewResponse;
import io.beacon.registry.common.protocol.SlotChecksum;
import io.beacon.registry.common.protocol.Status;
import io.beacon.registry.common.rpc.RpcClient;
import io.beacon.registry.common.slot.Slot;
import io.beacon.registry.data.SlotWorld;
import io.beacon.registry.data.slot.SlotAccess;
import io.beacon.registry.data.sync.SessionSync;
import io.beacon.registry.data.sync.SlotDiffSyncer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The renew check. Sync passes go to an executor that only collects them, so what the handler
 * schedules (and deduplicates) is visible and nothing runs.
 */
class SessionRenewHandlerTest {

  private static final String SELF = "10.0.0.1:9620";
  private static final String OTHER = "10.0.0.2:9620";
  private static final String SESSION_ADDRESS = "10.0.0.5:9602";
  private static final ProcessId SESSION = new ProcessId("10.0.0.5", 1L, 1L, 1);
  private static final ProcessId OTHER_SESSION = new ProcessId("10.0.0.6", 1L, 1L, 2);
  private static final long TABLE_EPOCH = 9;
  private static final long LEADER_EPOCH = 4;
  private static final int SLOTS = 8;

  private final SlotWorld world = new SlotWorld(SELF, SLOTS);
  private final List<Runnable> syncSteps = new ArrayList<>();
  private final List<Long> refreshes = new ArrayList<>();
  private final SlotAccess access =
      new SlotAccess(world.tables, () -> SELF, () -> refreshes.add(world.clock.millis()));
  private final RpcClient client = new RpcClient(1, Duration.ofSeconds(1), Runnable::run);
  private final SlotDiffSyncer syncer =
      new SlotDiffSyncer(
          client,
          syncSteps::add,
          new ProcessId("10.0.0.1", 1L, 1L, 9),
          Duration.ofSeconds(1),
          512,
          4_000,
          world.leases::renew);
  private final SessionSync sync = new SessionSync(world.store, access, world.notifier, syncer);
  private final Map<ProcessId, String> listed = new HashMap<>(Map.of(SESSION, SESSION_ADDRESS));
  private final SessionRenewHandler handler =
      new SessionRenewHandler(world.store, access, world.leases, sync, listed::get);

  @BeforeEach
  void leadEverySlotButSeven() {
    world.tables.update(
        world.table(TABLE_EPOCH, i -> new Slot(i, i == 7 ? OTHER : SELF, LEADER_EPOCH, List.of())));
  }

  @AfterEach
  void closeClient() {
    client.close();
  }

  @Test
  void matchingChecksumsRenewTheLeaseAndScheduleNothing() {
    List<Publisher> held = List.of(publisher(world.idInSlot(2, 0), "r1", 1, SESSION));
    put(2, held.get(0));
    // Another session's publisher in the same slot is not part of this session's checksum.
    put(2, publisher(world.idInSlot(2, 0), "r2", 1, OTHER_SESSION));

    SessionRenewResponse response =
        handler.handle(renew(checksum(2, held), checksum(3, List.of())), null);

    assertThat(response.status()).isEqualTo(Status.OK);
    assertThat(response.tableEpoch()).isEqualTo(TABLE_EPOCH);
    assertThat(response.mismatchedSlots()).isEmpty();
    assertThat(response.refusedSlots()).isEmpty();
    assertThat(world.leases.lastSeen(SESSION)).contains(world.clock.instant());
    assertThat(syncer.scheduledCount()).isZero();
  }

  @Test
  void aMismatchSchedulesOnePassAndARenewWhileItIsQueuedSchedulesNoOther() {
    Publisher missing = publisher(world.idInSlot(2, 0), "r1", 1, SESSION);

    SessionRenewResponse first = handler.handle(renew(checksum(2, List.of(missing))), null);
    SessionRenewResponse second = handler.handle(renew(checksum(2, List.of(missing))), null);

    assertThat(first.mismatchedSlots()).containsExactly(2);
    assertThat(second.mismatchedSlots()).containsExactly(2);
    assertThat(sync.isScheduled(2, SESSION)).isTrue();
    assertThat(syncer.scheduledCount()).isEqualTo(1);
    assertThat(syncSteps).hasSize(1);
  }

  @Test
  void aSessionMetaDoesNotListIsToldOfTheMismatchButNotSyncedUntilListed() {
    listed.clear();
    Publisher missing = publisher(world.idInSlot(2, 0), "r1", 1, SESSION);

    SessionRenewResponse unlisted = handler.handle(renew(checksum(2, List.of(missing))), null);

    assertThat(unlisted.mismatchedSlots()).containsExactly(2);
    assertThat(world.leases.lastSeen(SESSION)).contains(world.clock.instant());
    assertThat(syncer.scheduledCount()).isZero();

    listed.put(SESSION, SESSION_ADDRESS);
    handler.handle(renew(checksum(2, List.of(missing))), null);
    assertThat(sync.isScheduled(2, SESSION)).isTrue();
  }

  @Test
  void aSameCountWithAnotherVersionIsAMismatch() {
    put(2, publisher(world.idInSlot(2, 0), "r1", 1, SESSION));

    SessionRenewResponse response =
        handler.handle(
            renew(checksum(2, List.of(publisher(world.idInSlot(2, 0), "r1", 2, SESSION)))), null);

    assertThat(response.mismatchedSlots()).containsExactly(2);
  }

  @Test
  void slotsLedElsewhereOrUnderAnotherLeaderEpochAreRefusedAndNotSynced() {
    SessionRenewResponse response =
        handler.handle(
            renew(
                new SlotChecksum(7, LEADER_EPOCH, 1, 99L),
                new SlotChecksum(2, LEADER_EPOCH + 1, 1, 99L),
                new SlotChecksum(3, LEADER_EPOCH, 0, 0L)),
            null);

    assertThat(response.status()).isEqualTo(Status.OK);
    assertThat(response.refusedSlots()).containsExactly(7, 2);
    assertThat(response.mismatchedSlots()).isEmpty();
    assertThat(syncer.scheduledCount()).isZero();
  }

  @Test
  void aRenewCarryingANewerTableEpochRefreshesOurTableOnce() {
    handler.handle(
        new SessionRenewRequest(
            SESSION,
            SESSION_ADDRESS,
            TABLE_EPOCH + 1,
            List.of(checksum(2, List.of()), checksum(3, List.of()))),
        null);

    assertThat(refreshes).hasSize(1);
  }

  @Test
  void aRenewWithoutAddressOrWithASlotOutOfRangeIsInvalidAndRenewsNothing() {
    SessionRenewResponse noAddress =
        handler.handle(new SessionRenewRequest(SESSION, " ", TABLE_EPOCH, List.of()), null);
    SessionRenewResponse badSlot =
        handler.handle(renew(new SlotChecksum(SLOTS, LEADER_EPOCH, 0, 0L)), null);

    assertThat(noAddress.status()).isEqualTo(Status.INVALID);
    assertThat(badSlot.status()).isEqualTo(Status.INVALID);
    assertThat(world.leases.lastSeen(SESSION)).isEmpty();
  }

  private SessionRenewRequest renew(SlotChecksum... checksums) {
    return new SessionRenewRequest(SESSION, SESSION_ADDRESS, TABLE_EPOCH, List.of(checksums));
  }

  /** What the session sends for a slot in which it holds {@code held}. */
  private static SlotChecksum checksum(int slotId, List<Publisher> held) {
    return new SlotChecksum(
        slotId, LEADER_EPOCH, held.size(), SlotDigest.ofPublishers(held).signature());
  }

  private void put(int slotId, Publisher publisher) {
    world.put(slotId, LEADER_EPOCH, publisher);
  }
}
