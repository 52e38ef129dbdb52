package io.beacon.registry.data.store;

import io.beacon.registry.common.digest.DatumDigest;
import io.beacon.registry.common.digest.SlotDigest;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.model.Publisher;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Per owning session process, the digests of the publishers it owns in one slot, kept current on
 * every change so that a renew costs O(dataInfoIds of that session in the slot) instead of a scan
 * of the slot. Mutable; confined to the owning {@link SlotStore}'s lock.
 *
 * <p>Invariant: for every owner, {@code digests.get(owner)} equals {@code
 * SlotDigest.ofPublishers(the stored publishers owned by owner)}: each stored publisher is added
 * once when it becomes stored and subtracted (at exactly its stored version) when it is replaced or
 * removed. An owner without publishers has no entry, so {@link #owners()} names exactly the
 * processes owning something here.
 */
final class OwnerDigests {

  private final Map<ProcessId, Map<String, DatumDigest>> digests = new HashMap<>();

  /** Accounts for a publisher replaced by another ({@code before} or {@code after} may be null). */
  void replaced(Publisher before, Publisher after) {
    if (Objects.equals(before, after)) {
      return; // unchanged (a refused write leaves the very same publisher): nothing to account
    }
    // A publisher without an owner (never accepted from the wire) is not indexed.
    if (before != null && before.sessionProcessId() != null) {
      remove(before);
    }
    if (after != null && after.sessionProcessId() != null) {
      add(after);
    }
  }

  void clear() {
    digests.clear();
  }

  Set<ProcessId> owners() {
    return Set.copyOf(digests.keySet());
  }

  /** The digest of what {@code owner} owns here ({@link SlotDigest#EMPTY} if nothing). */
  SlotDigest digest(ProcessId owner) {
    Map<String, DatumDigest> owned = digests.get(owner);
    return owned == null ? SlotDigest.EMPTY : new SlotDigest(owned);
  }

  private void add(Publisher publisher) {
    digests
        .computeIfAbsent(publisher.sessionProcessId(), owner -> new HashMap<>())
        .merge(
            publisher.dataInfoId(),
            DatumDigest.EMPTY.with(publisher.registerId(), publisher.version()),
            (held, ignored) -> held.with(publisher.registerId(), publisher.version()));
  }

  private void remove(Publisher publisher) {
    Map<String, DatumDigest> owned = digests.get(publisher.sessionProcessId());
    DatumDigest held = owned == null ? null : owned.get(publisher.dataInfoId());
    if (held == null) {
      throw new IllegalStateException("no digest holds " + publisher.registerId());
    }
    DatumDigest next = held.without(publisher.registerId(), publisher.version());
    if (next.isEmpty()) {
      owned.remove(publisher.dataInfoId());
      if (owned.isEmpty()) {
        digests.remove(publisher.sessionProcessId());
      }
    } else {
      owned.put(publisher.dataInfoId(), next);
    }
  }
}
