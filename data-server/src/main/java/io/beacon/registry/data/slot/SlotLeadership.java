package io.beacon.registry.data.slot;

import io.beacon.registry.common.slot.SlotTable;
import io.beacon.registry.common.slot.SlotTableHolder;
import io.beacon.registry.data.store.DatumStore;
import io.beacon.registry.data.store.StoreCounts;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the slot table this node holds and keeps the store to the slots this node leads or
 * follows: when a slot is neither led nor followed here any more, its data is dropped (so a node
 * that gets it later starts clean). A follower keeps its copy, which a promotion keeps too (see the
 * store's terms). A slot led again under a newer leader epoch without this node seeing the table in
 * between is handled by the store's terms ({@link io.beacon.registry.data.store.SlotStore}), at the
 * first request of the new term, so that no write of the new term can be lost to a late drop.
 *
 * <p>State ({@code led}, {@code followed}: the slot ids) is guarded by {@code this}. {@link
 * #onTable} may be called concurrently and out of order by {@link SlotTableHolder} listeners, so it
 * always works on the holder's current (newest) table, which makes late calls harmless.
 *
 * <p>Every change of what this node leads goes to the {@link Listener} (the slot migrator), in
 * table order and under this object's lock, so a migration begins before a later table can end it;
 * the listener must only record and schedule, never block.
 */
public final class SlotLeadership {

  private static final Logger log = LoggerFactory.getLogger(SlotLeadership.class);

  /** Told what this node started and stopped leading. */
  public interface Listener {
    /**
     * Called after a new slot table changed what this node leads.
     *
     * @param gained slot id to leader epoch: slots led here now that were not, or were under
     *     another leader epoch
     * @param lost slots no longer led here
     */
    void onLeadershipChanged(Map<Integer, Long> gained, Set<Integer> lost);
  }

  private static final Listener NO_LISTENER = (gained, lost) -> {};

  private final SlotTableHolder tables;
  private final DatumStore store;
  private final Supplier<String> localAddress;
  private final Listener listener;
  private Map<Integer, Long> ledEpochs = Map.of();
  private Set<Integer> led = Set.of();
  private Set<Integer> followed = Set.of();
  private long appliedEpoch = SlotTable.INITIAL_EPOCH;

  public SlotLeadership(SlotTableHolder tables, DatumStore store, Supplier<String> localAddress) {
    this(tables, store, localAddress, NO_LISTENER);
  }

  public SlotLeadership(
      SlotTableHolder tables, DatumStore store, Supplier<String> localAddress, Listener listener) {
    this.tables = tables;
    this.store = store;
    this.localAddress = localAddress;
    this.listener = listener;
  }

  /** Registers with the holder; call once. */
  public void listen() {
    tables.addListener(table -> onTable());
  }

  /** Applies the holder's current table: drops the data of slots neither led nor followed now. */
  public synchronized void onTable() {
    SlotTable table = tables.current();
    if (table.epoch() <= appliedEpoch) {
      return;
    }
    Set<Integer> nowLed = table.slotsLedBy(localAddress.get());
    Set<Integer> nowFollowed = table.slotsFollowedBy(localAddress.get());
    Set<Integer> lost = new TreeSet<>(led);
    lost.removeAll(nowLed);
    Set<Integer> gained = new TreeSet<>(nowLed);
    gained.removeAll(led);
    Set<Integer> gone = new TreeSet<>(led);
    gone.addAll(followed);
    gone.removeAll(nowLed);
    gone.removeAll(nowFollowed);
    StoreCounts dropped = StoreCounts.ZERO;
    for (int slotId : gone) {
      dropped = dropped.plus(store.slot(slotId).drop());
    }
    Map<Integer, Long> nowLedEpochs = new TreeMap<>();
    Map<Integer, Long> gainedEpochs = new TreeMap<>();
    for (int slotId : nowLed) {
      long leaderEpoch = table.slot(slotId).leaderEpoch();
      nowLedEpochs.put(slotId, leaderEpoch);
      Long before = ledEpochs.get(slotId);
      if (before == null || before != leaderEpoch) {
        gainedEpochs.put(slotId, leaderEpoch);
      }
    }
    ledEpochs = Map.copyOf(nowLedEpochs);
    led = Set.copyOf(nowLed);
    Set<Integer> previouslyFollowed = followed;
    followed = Set.copyOf(nowFollowed);
    appliedEpoch = table.epoch();
    logChange(table, gained, lost, dropped, !nowFollowed.equals(previouslyFollowed));
    if (!gainedEpochs.isEmpty() || !lost.isEmpty()) {
      listener.onLeadershipChanged(gainedEpochs, lost);
    }
  }

  /** The slots this node leads, as of the last applied table. */
  public synchronized Set<Integer> ledSlots() {
    return new TreeSet<>(led);
  }

  /** The slots this node follows, as of the last applied table. */
  public synchronized Set<Integer> followedSlots() {
    return new TreeSet<>(followed);
  }

  private void logChange(
      SlotTable table,
      Set<Integer> gained,
      Set<Integer> lost,
      StoreCounts dropped,
      boolean followedChanged) {
    if (gained.isEmpty() && lost.isEmpty() && !followedChanged) {
      log.debug("slot table applied node={} tableEpoch={}", localAddress.get(), table.epoch());
      return;
    }
    log.info(
        "slot leadership changed node={} tableEpoch={} led={} followed={} gained={} lost={}"
            + " droppedDatums={} droppedPublishers={}",
        localAddress.get(),
        table.epoch(),
        led.size(),
        followed.size(),
        gained.size(),
        lost.size(),
        dropped.datums(),
        dropped.publishers());
  }
}
