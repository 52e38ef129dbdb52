package io.beacon.registry.data.store;

import java.util.HashSet;
import java.util.Set;

/**
 * The registerIds of the last few version bumps of one datum, so that its leader can answer a
 * session that holds an older version with what changed instead of every publisher. Holds every
 * bump after {@link #from()}; when full it forgets the oldest bump and {@code from} moves up to it.
 * Starts small and grows to {@code capacity}, so a datum that changes rarely costs a few slots.
 * Mutable; confined to the owning {@link SlotStore}'s lock, like its {@link PublisherGroup}.
 */
final class ChangeLog {

  private static final int INITIAL_CAPACITY = 4;

  private final int capacity;
  private long from;
  private long[] versions;
  private String[] registerIds;
  private boolean[] removals;
  private int start;
  private int size;

  /** An empty log of the bumps after {@code from} (the datum's version when the log starts). */
  ChangeLog(long from, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity: " + capacity + " (expected: >= 1)");
    }
    this.capacity = capacity;
    this.from = from;
    int initial = Math.min(INITIAL_CAPACITY, capacity);
    this.versions = new long[initial];
    this.registerIds = new String[initial];
    this.removals = new boolean[initial];
  }

  /**
   * The datum took {@code version} because the publisher of {@code registerId} was stored ({@code
   * removal} false) or removed.
   */
  void record(long version, String registerId, boolean removal) {
    if (size == versions.length) {
      if (versions.length < capacity) {
        grow();
      } else {
        from = versions[start];
        registerIds[start] = null;
        start = (start + 1) % versions.length;
        size--;
      }
    }
    int at = (start + size) % versions.length;
    versions[at] = version;
    registerIds[at] = registerId;
    removals[at] = removal;
    size++;
  }

  /** Every bump after this version is held. */
  long from() {
    return from;
  }

  /** True if the changes since {@code version} are all held. */
  boolean covers(long version) {
    return version >= from;
  }

  /** The registerIds changed after {@code version}; requires {@link #covers}. */
  Changes changesSince(long version) {
    Set<String> changed = new HashSet<>();
    Set<String> removed = new HashSet<>();
    for (int i = 0; i < size; i++) {
      int at = (start + i) % versions.length;
      if (versions[at] > version) {
        changed.add(registerIds[at]);
        if (removals[at]) {
          removed.add(registerIds[at]);
        }
      }
    }
    return new Changes(changed, removed);
  }

  /**
   * The registerIds stored or removed after some version ({@code changed}), and those of them
   * removed at least once in that time ({@code removed}, a subset).
   */
  record Changes(Set<String> changed, Set<String> removed) {}

  private void grow() {
    int length = Math.min(capacity, versions.length * 2);
    long[] grownVersions = new long[length];
    String[] grownIds = new String[length];
    boolean[] grownRemovals = new boolean[length];
    for (int i = 0; i < size; i++) {
      int at = (start + i) % versions.length;
      grownVersions[i] = versions[at];
      grownIds[i] = registerIds[at];
      grownRemovals[i] = removals[at];
    }
    versions = grownVersions;
    registerIds = grownIds;
    removals = grownRemovals;
    start = 0;
  }
}
