package io.beacon.registry.common.digest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Which dataInfoIds of one slot differ between a requester and a responder, from their {@link
 * SlotDigest}s. Immutable; a wire value (what a responder answers to a digest request). Every list
 * is sorted.
 *
 * @param added held by the responder, not by the requester
 * @param updated held by both, with different digests
 * @param removed held by the requester, not by the responder
 */
public record DigestDiff(List<String> added, List<String> updated, List<String> removed) {

  public static final DigestDiff NONE = new DigestDiff(List.of(), List.of(), List.of());

  public DigestDiff {
    added = added == null ? List.of() : List.copyOf(added);
    updated = updated == null ? List.of() : List.copyOf(updated);
    removed = removed == null ? List.of() : List.copyOf(removed);
  }

  /** Compares what the requester holds with what the responder holds. */
  public static DigestDiff between(SlotDigest requester, SlotDigest responder) {
    List<String> added = new ArrayList<>();
    List<String> updated = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    for (Map.Entry<String, DatumDigest> entry : responder.datums().entrySet()) {
      DatumDigest mine = requester.datums().get(entry.getKey());
      if (mine == null) {
        added.add(entry.getKey());
      } else if (!mine.equals(entry.getValue())) {
        updated.add(entry.getKey());
      }
    }
    for (String dataInfoId : requester.datums().keySet()) {
      if (!responder.datums().containsKey(dataInfoId)) {
        removed.add(dataInfoId);
      }
    }
    added.sort(null);
    updated.sort(null);
    removed.sort(null);
    return new DigestDiff(added, updated, removed);
  }

  public boolean isEmpty() {
    return added.isEmpty() && updated.isEmpty() && removed.isEmpty();
  }

  /**
   * Every differing dataInfoId, sorted: the ones the requester asks a {@link PublisherDiff} for
   * (with an empty summary for the added ones), so removals take the same version-guarded path.
   */
  public List<String> differing() {
    TreeSet<String> all = new TreeSet<>(added);
    all.addAll(updated);
    all.addAll(removed);
    return List.copyOf(all);
  }
}
