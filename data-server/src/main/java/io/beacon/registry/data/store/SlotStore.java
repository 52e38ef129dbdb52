package io.beacon.registry.data.store;

import io.beacon.registry.common.colocation.PublisherPool;
import io.beacon.registry.common.digest.PublisherSummary;
import io.beacon.registry.common.digest.RemovedPublisher;
import io.beacon.registry.common.digest.SlotDigest;
import io.beacon.registry.common.model.Datum;
import io.beacon.registry.common.model.DatumDelta;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.common.model.VersionClock;
import io.beacon.registry.common.protocol.PublisherPut;
import io.beacon.registry.common.protocol.PublisherRemoval;
import io.beacon.registry.common.protocol.PublisherWrite;
import io.beacon.registry.common.protocol.Status;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The datums of one slot. Guarded by {@code this}: the monitor is the slot's single writer, so
 * every mutation of the slot (client writes, sync rounds, lease expiry, compaction, dropping it) is
 * serialized, while other slots proceed in parallel. Each locked step is bounded: one batch, one
 * sync round, one owner's expiry.
 *
 * <p>Reads and writes take an {@code access} check that runs under the same lock. A slot is dropped
 * under the lock too, after the new slot table is visible, so an access decision and the read or
 * write it admits are atomic: a request either sees the old table and the old data, or the new
 * table and is refused. A read can therefore never return a datum emptied by a concurrent drop, and
 * a sync round or an expiry that started under one leader epoch never writes under another.
 *
 * <p>Every mutation goes through {@link #apply}, the one path that keeps the per-owner digests
 * ({@link OwnerDigests}) equal to the stored publishers; sync and expiry use the same version- and
 * owner-guarded writes as sessions, so they bump datum versions and leave tombstones alike.
 *
 * <p>Terms: the store remembers the leader epoch its data was written under, and whether it was
 * replicated there as a follower ({@link Role}). An access admitted under a newer leader epoch
 * first discards data of an older term, unless that data was replicated from the older term's
 * leader: a follower promoted to leader (or following the next leader) keeps its copy, which the
 * next passes repair; data this node wrote as a leader of an older term is stale, since another
 * node led the slot in between. Doing this under the lock, at the first admitted access, cannot
 * lose a write of the new term.
 */
public final class SlotStore {

  private static final long NO_TERM = -1L;

  /**
   * Version bumps a followed datum remembers for deltas (see {@link ChangeLog}): more than the
   * changes that usually arrive while one fetch of a session is in flight, few enough to cost under
   * a kilobyte per datum.
   */
  static final int CHANGE_LOG_CAPACITY = 64;

  /** The role an access acts in: it decides what a newer term keeps (see the class header). */
  public enum Role {
    /** Writes and reads of the slot's leader, including what it answers a follower. */
    LEADER,
    /** A follower replicating the slot from its leader. */
    FOLLOWER
  }

  private final int slotId;
  private final VersionClock versions;
  private final PublisherPool publisherPool;
  private final Map<String, PublisherGroup> groups = new HashMap<>();
  // The groups that may hold tombstones, so that compaction (every second) does not walk every
  // group of the slot, most of which never had a removal or were compacted long ago.
  private final Set<PublisherGroup> withTombstones = new HashSet<>();
  // Kept by apply and compact, so that counts() (polled by the admin endpoint) costs O(1).
  private int publisherCount;
  private int tombstoneCount;
  private final OwnerDigests owners = new OwnerDigests();
  private long term = NO_TERM;
  private boolean replicated;

  SlotStore(int slotId, VersionClock versions, PublisherPool publisherPool) {
    this.slotId = slotId;
    this.versions = versions;
    this.publisherPool = publisherPool;
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
    enterTerm(leaderEpoch, Role.LEADER);
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
    return readLocked(access, leaderEpoch, dataInfoIds, null);
  }

  /**
   * Like {@link #read(Supplier, long, List)}, but a dataInfoId whose {@code knownVersions} entry
   * names a version this store can still tell the changes from is answered with a {@link
   * DatumDelta} instead of the whole datum. Each datum read this way keeps a change log from then
   * on (see {@link PublisherGroup#changesSince}).
   *
   * @param knownVersions one per dataInfoId, {@link Datum#NO_VERSION} where the caller holds none
   */
  public synchronized ReadResult read(
      Supplier<Status> access,
      long leaderEpoch,
      List<String> dataInfoIds,
      List<Long> knownVersions) {
    if (knownVersions.size() != dataInfoIds.size()) {
      throw new IllegalArgumentException(
          "knownVersions: "
              + knownVersions.size()
              + " (expected: one per dataInfoId, "
              + dataInfoIds.size()
              + ")");
    }
    return readLocked(access, leaderEpoch, dataInfoIds, knownVersions);
  }

  /** The reads above; {@code knownVersions} null for whole datums only, and no change logs. */
  private ReadResult readLocked(
      Supplier<Status> access,
      long leaderEpoch,
      List<String> dataInfoIds,
      List<Long> knownVersions) {
    Status status = access.get();
    if (status != Status.OK) {
      return new ReadResult(status, List.of());
    }
    enterTerm(leaderEpoch, Role.LEADER);
    List<Datum> datums = new ArrayList<>(dataInfoIds.size());
    List<DatumDelta> deltas = new ArrayList<>();
    for (int i = 0; i < dataInfoIds.size(); i++) {
      String dataInfoId = dataInfoIds.get(i);
      PublisherGroup group = groups.get(dataInfoId);
      if (group == null) {
        datums.add(Datum.empty(dataInfoId));
        continue;
      }
      DatumDelta delta =
          knownVersions == null
              ? null
              : group.changesSince(knownVersions.get(i), CHANGE_LOG_CAPACITY);
      if (delta != null) {
        deltas.add(delta);
      } else {
        datums.add(group.snapshot());
      }
    }
    return new ReadResult(Status.OK, datums, deltas);
  }

  /**
   * The digest of the publishers {@code owner} owns in this slot, if {@code access} answers OK.
   * Kept incrementally: O(dataInfoIds of that owner here).
   */
  public synchronized SlotRead<SlotDigest> ownedDigest(
      Supplier<Status> access, long leaderEpoch, ProcessId owner) {
    return checkedRead(access, leaderEpoch, Role.LEADER, () -> owners.digest(owner));
  }

  /**
   * One summary per dataInfoId, in order, of the publishers {@code owner} owns there (empty if
   * none), if {@code access} answers OK.
   */
  public synchronized SlotRead<List<PublisherSummary>> ownedSummaries(
      Supplier<Status> access, long leaderEpoch, ProcessId owner, Collection<String> dataInfoIds) {
    return checkedRead(
        access, leaderEpoch, Role.LEADER, () -> summaries(dataInfoIds, g -> g.ownedBy(owner)));
  }

  /**
   * The digest of every publisher held here, whatever its owner, if {@code access} answers OK: what
   * a leader answers a follower with, and what a follower compares. A scan of the slot.
   */
  public synchronized SlotRead<SlotDigest> wholeDigest(
      Supplier<Status> access, long leaderEpoch, Role role) {
    return checkedRead(
        access,
        leaderEpoch,
        role,
        () -> {
          List<Publisher> all = new ArrayList<>();
          for (PublisherGroup group : groups.values()) {
            all.addAll(group.snapshot().publishers());
          }
          return SlotDigest.ofPublishers(all);
        });
  }

  /**
   * One summary per dataInfoId, in order, of every publisher held there (empty if none), if {@code
   * access} answers OK.
   */
  public synchronized SlotRead<List<PublisherSummary>> wholeSummaries(
      Supplier<Status> access, long leaderEpoch, Role role, Collection<String> dataInfoIds) {
    return checkedRead(
        access, leaderEpoch, role, () -> summaries(dataInfoIds, g -> g.snapshot().publishers()));
  }

  /**
   * The publishers held for each of {@code dataInfoIds} (absent where none), as a leader reads them
   * to answer a follower's publisher-diff round, if {@code access} answers OK.
   */
  public synchronized SlotRead<Map<String, List<Publisher>>> publishers(
      Supplier<Status> access, long leaderEpoch, Collection<String> dataInfoIds) {
    return checkedRead(
        access,
        leaderEpoch,
        Role.LEADER,
        () -> {
          Map<String, List<Publisher>> held = new HashMap<>();
          for (String dataInfoId : dataInfoIds) {
            PublisherGroup group = groups.get(dataInfoId);
            if (group != null && group.publisherCount() > 0) {
              held.put(dataInfoId, group.snapshot().publishers());
            }
          }
          return held;
        });
  }

  /** Under the lock: {@code read} if {@code access} answers OK, in the term of {@code role}. */
  private <T> SlotRead<T> checkedRead(
      Supplier<Status> access, long leaderEpoch, Role role, Supplier<T> read) {
    Status status = access.get();
    if (status != Status.OK) {
      return SlotRead.refused(status);
    }
    enterTerm(leaderEpoch, role);
    return SlotRead.ok(read.get());
  }

  /**
   * Under the lock: one summary per dataInfoId of what {@code publishersOf} picks from its group.
   */
  private List<PublisherSummary> summaries(
      Collection<String> dataInfoIds,
      Function<PublisherGroup, Collection<Publisher>> publishersOf) {
    List<PublisherSummary> summaries = new ArrayList<>(dataInfoIds.size());
    for (String dataInfoId : dataInfoIds) {
      PublisherGroup group = groups.get(dataInfoId);
      summaries.add(
          group == null
              ? PublisherSummary.empty(dataInfoId)
              : PublisherSummary.of(dataInfoId, publishersOf.apply(group)));
    }
    return summaries;
  }

  /**
   * Applies one round a follower received from the slot's leader, if {@code access} answers OK:
   * puts are stored only if newer; a removal deletes the stored publisher if it is not newer than
   * the removal, whoever owns it (the leader is the truth for the whole slot), and leaves a
   * tombstone. Returns the datums whose version grew.
   */
  public synchronized WriteResult replicate(
      Supplier<Status> access,
      long leaderEpoch,
      List<Publisher> puts,
      List<RemovedPublisher> removals,
      long nowMillis) {
    Status status = access.get();
    if (status != Status.OK) {
      return WriteResult.rejected(status);
    }
    enterTerm(leaderEpoch, Role.FOLLOWER);
    Map<String, Long> changed = new LinkedHashMap<>();
    List<PublisherWrite> writes = new ArrayList<>(puts.size() + removals.size());
    for (Publisher publisher : puts) {
      writes.add(new PublisherPut(publisher));
    }
    for (RemovedPublisher removed : removals) {
      PublisherGroup group = groups.get(removed.dataInfoId());
      Publisher held = group == null ? null : group.publisher(removed.registerId());
      // Guarded by version only: the removal takes the stored publisher's owner.
      writes.add(PublisherRemoval.of(removed, held == null ? null : held.sessionProcessId()));
    }
    for (PublisherWrite write : writes) {
      PublisherGroup group = apply(write, nowMillis);
      if (group != null) {
        changed.put(write.dataInfoId(), group.version());
      }
    }
    return new WriteResult(Status.OK, changed);
  }

  /**
   * Gives every datum of this slot a new version, if {@code access} answers OK: the end of a
   * migration ({@link io.beacon.registry.data.slot.SlotMigrations}), after which sessions must
   * fetch and push this leader's view even where an earlier leader had reached a higher version.
   * Returns the new versions.
   */
  public synchronized WriteResult bumpVersions(Supplier<Status> access, long leaderEpoch) {
    Status status = access.get();
    if (status != Status.OK) {
      return WriteResult.rejected(status);
    }
    enterTerm(leaderEpoch, Role.LEADER);
    Map<String, Long> bumped = new LinkedHashMap<>();
    for (Map.Entry<String, PublisherGroup> entry : groups.entrySet()) {
      entry.getValue().bumpVersion(versions);
      bumped.put(entry.getKey(), entry.getValue().version());
    }
    return new WriteResult(Status.OK, bumped);
  }

  /** The session processes owning at least one publisher here. */
  public synchronized Set<ProcessId> owners() {
    return owners.owners();
  }

  /**
   * Removes every publisher {@code owner} owns here, each by an owner-guarded removal at its stored
   * version (so it leaves a tombstone like a session's removal), if {@code access} answers OK.
   */
  public synchronized ExpiryResult expire(
      Supplier<Status> access, long leaderEpoch, ProcessId owner, long nowMillis) {
    Status status = access.get();
    if (status != Status.OK) {
      return ExpiryResult.rejected(status);
    }
    enterTerm(leaderEpoch, Role.LEADER);
    List<PublisherRemoval> removals = new ArrayList<>();
    for (PublisherGroup group : groups.values()) {
      for (Publisher publisher : group.ownedBy(owner)) {
        removals.add(
            new PublisherRemoval(
                publisher.dataInfoId(), publisher.registerId(), publisher.version(), owner));
      }
    }
    Map<String, Long> changed = new LinkedHashMap<>();
    for (PublisherRemoval removal : removals) {
      PublisherGroup group = apply(removal, nowMillis);
      if (group != null) {
        changed.put(removal.dataInfoId(), group.version());
      }
    }
    return new ExpiryResult(Status.OK, removals.size(), changed);
  }

  /** The datum of {@code dataInfoId}, or {@link Datum#empty} if this slot never saw it. */
  public synchronized Datum datum(String dataInfoId) {
    PublisherGroup group = groups.get(dataInfoId);
    return group == null ? Datum.empty(dataInfoId) : group.snapshot();
  }

  /** Forgets everything in this slot; returns how much it held. */
  public synchronized StoreCounts drop() {
    StoreCounts held = counts();
    clear();
    term = NO_TERM;
    replicated = false;
    return held;
  }

  /**
   * Drops tombstones made at or before {@code cutoffMillis}; returns how many. Costs one check per
   * group that holds tombstones (not every group of the slot), and a walk of the tombstones of
   * those whose oldest is due.
   */
  public synchronized int compact(long cutoffMillis) {
    int removed = 0;
    for (Iterator<PublisherGroup> it = withTombstones.iterator(); it.hasNext(); ) {
      PublisherGroup group = it.next();
      removed += group.compact(cutoffMillis);
      if (group.tombstoneCount() == 0) {
        it.remove();
      }
    }
    tombstoneCount -= removed;
    return removed;
  }

  public synchronized StoreCounts counts() {
    return new StoreCounts(groups.size(), publisherCount, tombstoneCount);
  }

  /** The counts walked from the groups, against which tests check the running ones. */
  synchronized StoreCounts countedByWalking() {
    int publishers = 0;
    int tombstones = 0;
    for (PublisherGroup group : groups.values()) {
      publishers += group.publisherCount();
      tombstones += group.tombstoneCount();
    }
    return new StoreCounts(groups.size(), publishers, tombstones);
  }

  private void clear() {
    groups.clear();
    withTombstones.clear();
    owners.clear();
    publisherCount = 0;
    tombstoneCount = 0;
  }

  private void enterTerm(long leaderEpoch, Role role) {
    if (leaderEpoch > term) {
      if (!replicated) {
        clear();
      }
      term = leaderEpoch;
      replicated = role == Role.FOLLOWER;
    }
  }

  /** Applies one write; returns its group if the datum version grew, else null. */
  private PublisherGroup apply(PublisherWrite write, long nowMillis) {
    // Created if absent: a removal that overtook its put leaves a tombstone for that put.
    PublisherGroup group = groups.computeIfAbsent(write.dataInfoId(), PublisherGroup::new);
    Publisher before = group.publisher(write.registerId());
    int publishersBefore = group.publisherCount();
    int tombstonesBefore = group.tombstoneCount();
    boolean bumped;
    if (write instanceof PublisherPut put) {
      bumped = group.put(publisherPool.share(put.publisher()), versions);
    } else {
      bumped = group.remove((PublisherRemoval) write, nowMillis, versions);
      if (group.tombstoneCount() > 0) {
        withTombstones.add(group);
      }
    }
    publisherCount += group.publisherCount() - publishersBefore;
    tombstoneCount += group.tombstoneCount() - tombstonesBefore;
    owners.replaced(before, group.publisher(write.registerId()));
    return bumped ? group : null;
  }
}
