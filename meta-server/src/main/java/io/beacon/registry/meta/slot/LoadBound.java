package io.beacon.registry.meta.slot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The balance bound for one kind of copy (leaders or followers): {@code total} copies over {@code
 * servers} live servers are balanced when every server holds between {@code floor(avg)} and {@code
 * ceil(avg)}, which is the same as the largest and smallest count differing by at most one.
 * Immutable.
 *
 * @param floor {@code floor(total / servers)}
 * @param ceil {@code ceil(total / servers)}
 */
record LoadBound(int floor, int ceil) {

  static LoadBound of(int total, int servers) {
    if (servers < 1) {
      throw new IllegalArgumentException("servers: " + servers + " (expected: >= 1)");
    }
    int floor = total / servers;
    return new LoadBound(floor, total % servers == 0 ? floor : floor + 1);
  }

  boolean contains(int count) {
    return count >= floor && count <= ceil;
  }

  boolean containsAll(Map<String, Integer> counts) {
    return counts.values().stream().allMatch(this::contains);
  }

  /**
   * A target per server that sums to {@code total}: {@code ceil} for the {@code total mod servers}
   * servers holding the most (ties to the lowest address), {@code floor} for the others. Giving the
   * higher targets to the fuller servers makes the fewest moves, and a server over its target then
   * always holds at least two more than a server under its target.
   */
  static Map<String, Integer> targets(Map<String, Integer> counts, int total) {
    LoadBound bound = of(total, counts.size());
    List<String> fullestFirst = new ArrayList<>(counts.keySet());
    fullestFirst.sort(
        Comparator.comparingInt((String node) -> counts.get(node))
            .reversed()
            .thenComparing(Comparator.naturalOrder()));
    int ceilings = total % counts.size();
    Map<String, Integer> targets = new TreeMap<>();
    for (int i = 0; i < fullestFirst.size(); i++) {
      targets.put(fullestFirst.get(i), i < ceilings ? bound.ceil : bound.floor);
    }
    return targets;
  }
}
