package io.beacon.registry.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.common.model.VersionClock;
import io.beacon.registry.common.protocol.DataChangeNotice;
import io.beacon.registry.common.protocol.PublisherPut;
import io.beacon.registry.common.protocol.PublisherWrite;
import io.beacon.registry.common.protocol.Status;
import io.beacon.registry.common.slot.Slot;
import io.beacon.registry.common.slot.SlotFunction;
import io.beacon.registry.common.slot.SlotTable;
import io.beacon.registry.common.slot.SlotTableHolder;
import io.beacon.registry.data.change.ChangeNotifier;
import io.beacon.registry.data.lease.SessionLeases;
import io.beacon.registry.data.slot.SlotAccess;
import io.beacon.registry.data.slot.SlotMigrations;
import io.beacon.registry.data.store.DatumStore;
import io.beacon.registry.data.store.WriteResult;
import io.beacon.registry.testing.DataNodeHarness;
import io.beacon.registry.testing.ManualClock;
import io.beacon.registry.testing.TestPublishers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntFunction;

/**
 * One data server's slot world for the unit tests of what reads and writes its store, built the way
 * the server builds it and driven by hand: a {@link ManualClock}, the slot table the node holds,
 * its {@link DatumStore} (three minutes of tombstones) and the {@link SlotAccess} checks of the
 * node at {@code self}, 30-second {@link SessionLeases}, and a {@link ChangeNotifier} that records
 * its notices ({@link #notices}) instead of sending them and never retries.
 *
 * <p>The parts are final fields the test uses directly. Nothing runs by itself; the parts are as
 * thread-safe as in the server, and the recorded notices are a concurrent list, since a test may
 * write from an RPC thread.
 */
public final class SlotWorld {

  private static final Duration RETENTION = Duration.ofMinutes(3);

  public final ManualClock clock = new ManualClock();
  public final SlotFunction slots;
  public final SlotTableHolder tables;
  public final DatumStore store;
  public final SlotAccess access;
  public final SessionLeases leases = new SessionLeases(clock, Duration.ofSeconds(30));
  public final List<DataChangeNotice> notices = new CopyOnWriteArrayList<>();
  public final ChangeNotifier notifier;
  private final String self;

  /** A world whose led slots are readable at once (no migrations). */
  public SlotWorld(String self, int slotCount) {
    this(self, slotCount, null);
  }

  /** A world whose reads wait for {@code migrations}. */
  public SlotWorld(String self, int slotCount, SlotMigrations migrations) {
    this.self = self;
    this.slots = new SlotFunction(slotCount);
    this.tables = new SlotTableHolder(slotCount);
    this.store = newStore();
    this.access = new SlotAccess(tables, () -> self, () -> {}, migrations);
    this.notifier =
        new ChangeNotifier(
            () -> self,
            (session, notice) -> {
              notices.add(notice);
              return CompletableFuture.completedFuture(null);
            },
            (task, delay) -> {},
            Duration.ofMillis(500));
  }

  /** Another node's store on this world's slots and clock: a follower's beside the leader's. */
  public DatumStore newStore() {
    return new DatumStore(slots, new VersionClock(clock), clock, RETENTION);
  }

  /** A table of this world's slots, slot {@code i} as {@code slot.apply(i)}. */
  public SlotTable table(long tableEpoch, IntFunction<Slot> slot) {
    List<Slot> table = new ArrayList<>();
    for (int i = 0; i < slots.slotCount(); i++) {
      table.add(slot.apply(i));
    }
    return new SlotTable(tableEpoch, table);
  }

  /** A table in which {@code leader} leads every slot under {@code leaderEpoch}, unfollowed. */
  public SlotTable everySlotLedBy(long tableEpoch, String leader, long leaderEpoch) {
    return DataNodeHarness.everySlotLedBy(
        tableEpoch, slots.slotCount(), leader, leaderEpoch, List.of());
  }

  /** The node at {@code self} holds a table in which it leads every slot under the epochs. */
  public void leadEverySlot(long tableEpoch, long leaderEpoch) {
    tables.update(everySlotLedBy(tableEpoch, self, leaderEpoch));
  }

  /** The {@code nth} dataInfoId of {@link TestPublishers#idInSlot} that falls into the slot. */
  public String idInSlot(int slotId, int nth) {
    return TestPublishers.idInSlot(slots, slotId, nth);
  }

  /**
   * Writes {@code publishers} into {@code slotId} as one client write under {@code leaderEpoch}.
   */
  public WriteResult write(int slotId, long leaderEpoch, Publisher... publishers) {
    List<PublisherWrite> writes = new ArrayList<>();
    for (Publisher publisher : publishers) {
      writes.add(new PublisherPut(publisher));
    }
    return store.slot(slotId).write(() -> Status.OK, leaderEpoch, writes, clock.millis());
  }

  /**
   * Puts {@code publisher} into its slot under the leader epoch of the table held, asserting OK.
   */
  public void put(Publisher publisher) {
    int slotId = slots.slotOf(publisher.dataInfoId());
    put(slotId, tables.current().slot(slotId).leaderEpoch(), publisher);
  }

  /** {@link #write}, asserting that the slot took it. */
  public void put(int slotId, long leaderEpoch, Publisher... publishers) {
    assertThat(write(slotId, leaderEpoch, publishers).status()).isEqualTo(Status.OK);
  }
}
