package io.beacon.registry.data.slot;

import io.beacon.registry.common.slot.SlotTable;
import io.beacon.registry.common.slot.SlotTableHolder;
import io.beacon.registry.data.store.DatumStore;
import io.beacon.registry.data.store.StoreCounts;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the slot table this node holds and keeps the store to the slots this node leads: when a
 * slot is no longer led here, its data is dropped (followers keep nothing in this cut). A slot led
 * again under a newer leader epoch without this node seeing the table in between is handled by the
 * store's terms ({@link io.beacon.registry.data.store.SlotStore}), at the first request of the new
 * term, so that no write of the new term can be lost to a late drop.
 *
 * <p>State ({@code led}: the slot ids) is guarded by {@code this}. {@link #onTable} may be called
 * concurrently and out of order by {@link SlotTableHolder} listeners, so it always works on the
 * holder's current (newest) table, which makes late calls harmless.
 *
 * <p>Seam: migration will start a slot's sync where this class reports a gained slot, and follower
 * replication where it reports followed slots.
 */
public final class SlotLeadership {

  private static final Logger log = LoggerFactory.getLogger(SlotLeadership.class);

  private final SlotTableHolder tables;
  private final DatumStore store;
  private final Supplier<String> localAddress;
  private Set<Integer> led = Set.of();
  private long appliedEpoch = SlotTable.INITIAL_EPOCH;

  public SlotLeadership(SlotTableHolder tables, DatumStore store, Supplier<String> localAddress) {
    this.tables = tables;
    this.store = store;
    this.localAddress = localAddress;
  }

  /** Registers with the holder; call once. */
  public void listen() {
    tables.addListener(table -> onTable());
  }

  /** Applies the holder's current table: drops the data of slots this node no longer leads. */
  public synchronized void onTable() {
    SlotTable table = tables.current();
    if (table.epoch() <= appliedEpoch) {
      return;
    }
    Set<Integer> nowLed = table.slotsLedBy(localAddress.get());
    Set<Integer> lost = new TreeSet<>(led);
    lost.removeAll(nowLed);
    Set<Integer> gained = new TreeSet<>(nowLed);
    gained.removeAll(led);
    StoreCounts dropped = StoreCounts.ZERO;
    for (int slotId : lost) {
      dropped = dropped.plus(store.slot(slotId).drop());
    }
    led = Set.copyOf(nowLed);
    appliedEpoch = table.epoch();
    logChange(table, gained, lost, dropped);
  }

  /** The slots this node leads, as of the last applied table. */
  public synchronized Set<Integer> ledSlots() {
    return new TreeSet<>(led);
  }

  private void logChange(
      SlotTable table, Set<Integer> gained, Set<Integer> lost, StoreCounts dropped) {
    if (gained.isEmpty() && lost.isEmpty()) {
      log.debug("slot table applied node={} tableEpoch={}", localAddress.get(), table.epoch());
      return;
    }
    log.info(
        "slot leadership changed node={} tableEpoch={} led={} followed={} gained={} lost={}"
            + " droppedDatums={} droppedPublishers={}",
        localAddress.get(),
        table.epoch(),
        led.size(),
        table.slotsFollowedBy(localAddress.get()).size(),
        gained.size(),
        lost.size(),
        dropped.datums(),
        dropped.publishers());
  }
}
