package io.beacon.registry.data.store;

import io.beacon.registry.common.colocation.PublisherPool;
import io.beacon.registry.common.model.Datum;
import io.beacon.registry.common.model.VersionClock;
import io.beacon.registry.common.slot.SlotFunction;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * All datums on this node, one {@link SlotStore} per slot.
 *
 * <p>Concurrency: one writer per slot, by a lock per slot (each {@link SlotStore}'s monitor) rather
 * than striped executors: writes arrive on the RPC threads, are short (a few map operations per
 * publisher) and answer synchronously, so a lock gives per-slot ordering without a thread hop or a
 * queue on the latency-critical path. Different slots never contend. Later writers (replication,
 * digest sync, lease expiry) take the same lock for bounded steps. This class itself is immutable
 * after construction; the clock is read by whichever thread writes.
 */
public final class DatumStore {

  private final SlotFunction slotFunction;
  private final InstantSource clock;
  private final Duration tombstoneRetention;
  private final SlotStore[] slots;

  /** A store that shares no publisher with anything else. */
  public DatumStore(
      SlotFunction slotFunction,
      VersionClock versions,
      InstantSource clock,
      Duration tombstoneRetention) {
    this(slotFunction, versions, clock, tombstoneRetention, PublisherPool.none());
  }

  /**
   * @param publisherPool every stored publisher goes through it: a session server in the same JVM
   *     shares its instances this way
   */
  public DatumStore(
      SlotFunction slotFunction,
      VersionClock versions,
      InstantSource clock,
      Duration tombstoneRetention,
      PublisherPool publisherPool) {
    this.slotFunction = slotFunction;
    this.clock = clock;
    this.tombstoneRetention = tombstoneRetention;
    this.slots = new SlotStore[slotFunction.slotCount()];
    for (int i = 0; i < slots.length; i++) {
      slots[i] = new SlotStore(i, versions, publisherPool);
    }
  }

  public int slotCount() {
    return slots.length;
  }

  public int slotOf(String dataInfoId) {
    return slotFunction.slotOf(dataInfoId);
  }

  public SlotStore slot(int slotId) {
    return slots[slotId];
  }

  /** The current time for tombstones, from the injected clock. */
  public long nowMillis() {
    return clock.millis();
  }

  /** The datum of {@code dataInfoId} as held here, whatever this node's role for its slot. */
  public Datum datum(String dataInfoId) {
    return slots[slotOf(dataInfoId)].datum(dataInfoId);
  }

  /**
   * Periodic upkeep: drops the tombstones older than the retention. Returns how many were dropped.
   */
  public int tick(Instant now) {
    long cutoff = now.toEpochMilli() - tombstoneRetention.toMillis();
    int removed = 0;
    for (SlotStore slot : slots) {
      removed += slot.compact(cutoff);
    }
    return removed;
  }

  public StoreCounts counts() {
    StoreCounts total = StoreCounts.ZERO;
    for (SlotStore slot : slots) {
      total = total.plus(slot.counts());
    }
    return total;
  }
}
