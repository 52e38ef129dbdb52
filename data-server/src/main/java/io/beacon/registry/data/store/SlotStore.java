package io.beacon.registry.data.store;

import io.beacon.registry.common.model.Datum;
import io.beacon.registry.common.model.VersionClock;
import io.beacon.registry.common.protocol.PublisherPut;
import io.beacon.registry.common.protocol.PublisherRemoval;
import io.beacon.registry.common.protocol.PublisherWrite;
import io.beacon.registry.common.protocol.Status;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The datums of one slot. Guarded by {@code this}: the monitor is the slot's single writer, so
 * every mutation of the slot (writes, compaction, dropping it) is serialized, while other slots
 * proceed in parallel.
 *
 * <p>Reads and writes take an {@code access} check that runs under the same lock. A slot is dropped
 * under the lock too, after the new slot table is visible, so an access decision and the read or
 * write it admits are atomic: a request either sees the old table and the old data, or the new
 * table and is refused. A read can therefore never return a datum emptied by a concurrent drop.
 *
 * <p>Terms: the store remembers the leader epoch its data was written under. A request admitted
 * under a newer leader epoch first discards data of an older term: another node led the slot in
 * between, so what is held here may be stale (migration will later replace this with a sync). Doing
 * this under the lock, at the first admitted access, cannot lose a write of the new term.
 */
public final class SlotStore {

  private static final long NO_TERM = -1L;

  private final int slotId;
  private final VersionClock versions;
  private final Map<String, PublisherGroup> groups = new HashMap<>();
  private long term = NO_TERM;

  SlotStore(int slotId, VersionClock versions) {
    this.slotId = slotId;
    this.versions = versions;
  }

  public int slotId() {
    return slotId;
  }

  /**
   * Applies {@code writes} in order if {@code access} answers OK; returns the datums whose version
   * grew. Writes older than what is stored are skipped, which is still OK.
   *
   * @param leaderEpoch the slot's leader epoch that {@code access} admits the request under
   */
  public synchronized WriteResult write(
      Supplier<Status> access, long leaderEpoch, List<PublisherWrite> writes, long nowMillis) {
    Status status = access.get();
    if (status != Status.OK) {
      return WriteResult.rejected(status);
    }
    enterTerm(leaderEpoch);
    Map<String, Long> changed = new LinkedHashMap<>();
    for (PublisherWrite write : writes) {
      PublisherGroup group = apply(write, nowMillis);
      if (group != null) {
        changed.put(write.dataInfoId(), group.version());
      }
    }
    return new WriteResult(Status.OK, changed);
  }

  /**
   * The datums of {@code dataInfoIds} in order, if {@code access} answers OK.
   *
   * @param leaderEpoch the slot's leader epoch that {@code access} admits the request under
   */
  public synchronized ReadResult read(
      Supplier<Status> access, long leaderEpoch, List<String> dataInfoIds) {
    Status status = access.get();
    if (status != Status.OK) {
      return new ReadResult(status, List.of());
    }
    enterTerm(leaderEpoch);
    List<Datum> datums = new ArrayList<>(dataInfoIds.size());
    for (String dataInfoId : dataInfoIds) {
      datums.add(datum(dataInfoId));
    }
    return new ReadResult(Status.OK, datums);
  }

  /** The datum of {@code dataInfoId}, or {@link Datum#empty} if this slot never saw it. */
  public synchronized Datum datum(String dataInfoId) {
    PublisherGroup group = groups.get(dataInfoId);
    return group == null ? Datum.empty(dataInfoId) : group.snapshot();
  }

  /** Forgets everything in this slot; returns how much it held. */
  public synchronized StoreCounts drop() {
    StoreCounts held = counts();
    groups.clear();
    term = NO_TERM;
    return held;
  }

  /** Drops tombstones made at or before {@code cutoffMillis}; returns how many. */
  public synchronized int compact(long cutoffMillis) {
    int removed = 0;
    for (PublisherGroup group : groups.values()) {
      removed += group.compact(cutoffMillis);
    }
    return removed;
  }

  public synchronized StoreCounts counts() {
    int publishers = 0;
    int tombstones = 0;
    for (PublisherGroup group : groups.values()) {
      publishers += group.publisherCount();
      tombstones += group.tombstoneCount();
    }
    return new StoreCounts(groups.size(), publishers, tombstones);
  }

  private void enterTerm(long leaderEpoch) {
    if (leaderEpoch > term) {
      groups.clear();
      term = leaderEpoch;
    }
  }

  /** Applies one write; returns its group if the datum version grew, else null. */
  private PublisherGroup apply(PublisherWrite write, long nowMillis) {
    if (write instanceof PublisherPut put) {
      PublisherGroup group = groups.computeIfAbsent(put.dataInfoId(), PublisherGroup::new);
      return group.put(put.publisher(), versions) ? group : null;
    }
    PublisherRemoval removal = (PublisherRemoval) write;
    // Created if absent: a removal that overtook its put leaves a tombstone for that put.
    PublisherGroup group = groups.computeIfAbsent(removal.dataInfoId(), PublisherGroup::new);
    return group.remove(removal, nowMillis, versions) ? group : null;
  }
}
