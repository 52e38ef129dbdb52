package io.beacon.registry.data.store;

import io.beacon.registry.common.model.Datum;
import io.beacon.registry.common.model.DatumDelta;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.common.model.RegisterVersion;
import io.beacon.registry.common.model.VersionClock;
import io.beacon.registry.common.protocol.PublisherRemoval;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The publishers of one dataInfoId, its datum version and the tombstones of recent removals.
 * Mutable; confined to the owning {@link SlotStore}'s lock.
 *
 * <p>Invariants: a registerId holds at most one publisher, and never one whose version is not newer
 * than what was stored or removed before (the tombstone keeps a removal's version until it is
 * compacted). The datum version grows exactly when what subscribers see changes (the values, zone
 * or appName of a publisher, or the set of registerIds); an owner-only change (same client through
 * another session or connection) replaces the stored publisher without a bump. A group whose
 * publishers are all gone stays, empty, with its version, so subscribers are pushed the empty list.
 */
final class PublisherGroup {

  private final String dataInfoId;
  private final Map<String, Publisher> publishers = new LinkedHashMap<>();
  private final Map<String, Tombstone> tombstones = new HashMap<>();
  // No tombstone is older than this (it may be older than the oldest left, after a put superseded
  // one): compaction skips the group until its cutoff reaches it.
  private long oldestTombstoneMillis = Long.MAX_VALUE;
  private long version = Datum.NO_VERSION;
  private Datum snapshot;
  // Null until a session first fetches this datum: only datums that sessions follow keep one.
  private ChangeLog changes;

  PublisherGroup(String dataInfoId) {
    this.dataInfoId = dataInfoId;
  }

  /** Stores {@code publisher} if it is newer; returns whether the datum version was bumped. */
  boolean put(Publisher publisher, VersionClock versions) {
    String registerId = publisher.registerId();
    Publisher existing = publishers.get(registerId);
    if (existing != null && !publisher.version().isNewerThan(existing.version())) {
      return false;
    }
    Tombstone tombstone = tombstones.get(registerId);
    if (tombstone != null && !publisher.version().isNewerThan(tombstone.version())) {
      return false;
    }
    // A newer put supersedes the removal: the stored publisher's version now guards the registerId.
    tombstones.remove(registerId);
    publishers.put(registerId, publisher);
    snapshot = null;
    if (existing != null && looksTheSame(existing, publisher)) {
      return false;
    }
    version = versions.nextAfter(version);
    if (changes != null) {
      changes.record(version, registerId, false);
    }
    return true;
  }

  /**
   * Removes the publisher the removal names if it is owned by the removal's session and not newer
   * than the removal; returns whether the datum version was bumped. A removal of a publisher not
   * held here still leaves its tombstone.
   */
  boolean remove(PublisherRemoval removal, long nowMillis, VersionClock versions) {
    Publisher existing = publishers.get(removal.registerId());
    if (existing == null) {
      // The put it removes may still be on its way (a retried batch overtaken by the removal):
      // the tombstone keeps that late, older put out.
      Tombstone tombstone = tombstones.get(removal.registerId());
      if (tombstone == null || removal.version().isNewerThan(tombstone.version())) {
        addTombstone(removal.registerId(), new Tombstone(removal.version(), nowMillis));
      }
      return false;
    }
    if (!removal.sessionProcessId().equals(existing.sessionProcessId())
        || existing.version().isNewerThan(removal.version())) {
      return false;
    }
    publishers.remove(removal.registerId());
    addTombstone(removal.registerId(), new Tombstone(removal.version(), nowMillis));
    snapshot = null;
    version = versions.nextAfter(version);
    if (changes != null) {
      changes.record(version, removal.registerId(), true);
    }
    return true;
  }

  /**
   * Gives the datum a new version without changing its content: after a slot migrated in, so that
   * every session fetches and re-pushes it, whatever version an earlier leader had reached.
   */
  void bumpVersion(VersionClock versions) {
    version = versions.nextAfter(version);
    snapshot = null;
    // The new version changed nothing a log could name: sessions holding an older one fetch whole.
    changes = null;
  }

  /**
   * What a session that holds this datum at {@code knownVersion} (from this group) lacks, or null
   * if it must be sent whole: nothing known, a version this group has not reached, or changes the
   * log does not hold. The first read of a session starts the log, so only datums that sessions
   * follow keep one, and their next change is answered with a delta.
   */
  DatumDelta changesSince(long knownVersion, int logCapacity) {
    if (changes == null) {
      changes = new ChangeLog(version, logCapacity);
    }
    if (knownVersion == Datum.NO_VERSION
        || knownVersion > version
        || !changes.covers(knownVersion)) {
      return null;
    }
    if (knownVersion == version) {
      return new DatumDelta(dataInfoId, version, version, List.of(), List.of());
    }
    ChangeLog.Changes since = changes.changesSince(knownVersion);
    List<Publisher> changed = new ArrayList<>(since.changed().size());
    List<String> removed = new ArrayList<>(since.removed());
    // In this group's order, which applying the delta reproduces (see DatumDelta).
    for (Publisher publisher : publishers.values()) {
      if (since.changed().contains(publisher.registerId())) {
        changed.add(publisher);
      }
    }
    return new DatumDelta(dataInfoId, knownVersion, version, changed, removed);
  }

  /** The stored publisher of {@code registerId}, or null. */
  Publisher publisher(String registerId) {
    return publishers.get(registerId);
  }

  /** The stored publishers owned by {@code owner}. */
  List<Publisher> ownedBy(ProcessId owner) {
    List<Publisher> owned = new ArrayList<>();
    for (Publisher publisher : publishers.values()) {
      if (owner.equals(publisher.sessionProcessId())) {
        owned.add(publisher);
      }
    }
    return owned;
  }

  private void addTombstone(String registerId, Tombstone tombstone) {
    tombstones.put(registerId, tombstone);
    oldestTombstoneMillis = Math.min(oldestTombstoneMillis, tombstone.removedAtMillis());
  }

  /**
   * Drops the tombstones made at or before {@code cutoffMillis}; returns how many. Walks the
   * tombstones only when the oldest may be due, so a group whose removals are all recent costs
   * nothing per compaction.
   */
  int compact(long cutoffMillis) {
    if (oldestTombstoneMillis > cutoffMillis) {
      return 0;
    }
    int removed = 0;
    long oldestLeft = Long.MAX_VALUE;
    for (Iterator<Tombstone> it = tombstones.values().iterator(); it.hasNext(); ) {
      long removedAt = it.next().removedAtMillis();
      if (removedAt <= cutoffMillis) {
        it.remove();
        removed++;
      } else {
        oldestLeft = Math.min(oldestLeft, removedAt);
      }
    }
    oldestTombstoneMillis = oldestLeft;
    return removed;
  }

  /** The current content as an immutable datum, rebuilt only after a change. */
  Datum snapshot() {
    if (snapshot == null) {
      snapshot = new Datum(dataInfoId, version, publishers.values().stream().toList());
    }
    return snapshot;
  }

  long version() {
    return version;
  }

  int publisherCount() {
    return publishers.size();
  }

  int tombstoneCount() {
    return tombstones.size();
  }

  /** True if a subscriber could not tell the two apart (owner and version may differ). */
  private static boolean looksTheSame(Publisher a, Publisher b) {
    return a.values().equals(b.values())
        && Objects.equals(a.zone(), b.zone())
        && Objects.equals(a.appName(), b.appName());
  }

  /** A removal's version and time, kept for the tombstone retention. Immutable. */
  record Tombstone(RegisterVersion version, long removedAtMillis) {}
}
