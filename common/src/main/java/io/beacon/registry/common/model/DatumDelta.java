package io.beacon.registry.common.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What changed in one datum between two of its versions on one leader: the publishers whose storing
 * bumped the version since {@code fromVersion} (in the leader's order) and the registerIds removed
 * since then. A session that holds the datum at {@code fromVersion} from the same leader in the
 * same leader epoch applies it to get what subscribers see of the datum at {@code version}, without
 * fetching every publisher again: an owner-only replacement (same values through another
 * connection, no version bump) is not in it, so the session's record of that publisher keeps its
 * older owner until it changes visibly. Empty ({@code fromVersion == version}) when nothing
 * changed. Immutable.
 *
 * <p>A registerId both removed and stored again since {@code fromVersion} is in both lists, so that
 * applying the removals first and the stores second leaves it where the leader holds it: after
 * every publisher that stayed.
 */
public record DatumDelta(
    String dataInfoId,
    long fromVersion,
    long version,
    List<Publisher> changed,
    List<String> removedRegisterIds) {

  public DatumDelta {
    Objects.requireNonNull(dataInfoId, "dataInfoId");
    changed = changed == null ? List.of() : List.copyOf(changed);
    removedRegisterIds = removedRegisterIds == null ? List.of() : List.copyOf(removedRegisterIds);
  }

  /** The datum at {@link #version()}, from {@code base} at {@link #fromVersion()}. */
  public Datum applyTo(Datum base) {
    if (!base.dataInfoId().equals(dataInfoId) || base.version() != fromVersion) {
      throw new IllegalArgumentException(
          "delta of "
              + dataInfoId
              + " from version "
              + fromVersion
              + " does not apply to "
              + base.dataInfoId()
              + " at version "
              + base.version());
    }
    if (changed.isEmpty() && removedRegisterIds.isEmpty()) {
      return version == base.version() ? base : new Datum(dataInfoId, version, base.publishers());
    }
    Map<String, Publisher> byRegisterId = new LinkedHashMap<>();
    for (Publisher publisher : base.publishers()) {
      byRegisterId.put(publisher.registerId(), publisher);
    }
    for (String registerId : removedRegisterIds) {
      byRegisterId.remove(registerId);
    }
    for (Publisher publisher : changed) {
      byRegisterId.put(publisher.registerId(), publisher);
    }
    return new Datum(dataInfoId, version, new ArrayList<>(byRegisterId.values()));
  }
}
