package io.beacon.registry.meta.slot;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The follower half of one balancing round, run once leaders are within their bound. Confined to
 * one {@link SlotBalancer#balance} call.
 *
 * <p>A server may hand a follower copy to another server through slot {@code s} when it follows
 * {@code s}, the other server holds no copy of {@code s} and {@code s} is settled. Each step finds
 * the shortest chain of such hand-offs (breadth-first, over distinct slots) from the server
 * following the most slots to a server following at least two fewer, and applies it: the ends
 * change by one, the servers in between keep their count, so the sum of squared follower counts
 * strictly falls. A direct hand-off is usually available; the chain matters when every slot the
 * fullest server follows is already held by the emptiest one.
 */
final class FollowerMoves {

  private final SlotDraft draft;
  private final int maxFollowerMoves;

  FollowerMoves(SlotDraft draft, int maxFollowerMoves) {
    this.draft = draft;
    this.maxFollowerMoves = maxFollowerMoves;
  }

  /** One follower copy changing hands through one slot. */
  private record Handoff(int slotId, String from, String to) {}

  void run() {
    while (draft.followerMoves() < maxFollowerMoves) {
      List<Handoff> chain = findChain(maxFollowerMoves - draft.followerMoves());
      if (chain == null) {
        return;
      }
      for (Handoff handoff : chain) {
        draft.replaceFollower(handoff.slotId(), handoff.from(), handoff.to());
      }
    }
  }

  private List<Handoff> findChain(int maxLength) {
    Map<String, Integer> counts = draft.followerCounts();
    int min = Collections.min(counts.values());
    List<String> fullestFirst = new ArrayList<>(draft.servers());
    fullestFirst.sort(
        Comparator.comparingInt((String node) -> -counts.get(node))
            .thenComparing(Comparator.naturalOrder()));
    for (String source : fullestFirst) {
      int limit = counts.get(source) - 2;
      if (limit < min) {
        return null;
      }
      List<Handoff> chain = search(source, limit, maxLength);
      if (chain != null) {
        return chain;
      }
    }
    return null;
  }

  /** Breadth-first from {@code source} to a server following at most {@code limit} slots. */
  private List<Handoff> search(String source, int limit, int maxLength) {
    Map<String, Handoff> reachedBy = new HashMap<>();
    Set<String> visited = new HashSet<>(List.of(source));
    Deque<String> queue = new ArrayDeque<>(List.of(source));
    while (!queue.isEmpty()) {
      String from = queue.poll();
      List<Handoff> pathToFrom = chainTo(from, reachedBy);
      if (pathToFrom.size() >= maxLength) {
        continue;
      }
      Set<Integer> usedSlots = new HashSet<>();
      pathToFrom.forEach(handoff -> usedSlots.add(handoff.slotId()));
      for (String to : draft.servers()) {
        if (visited.contains(to)) {
          continue;
        }
        int slotId = handoffSlot(from, to, usedSlots);
        if (slotId < 0) {
          continue;
        }
        visited.add(to);
        reachedBy.put(to, new Handoff(slotId, from, to));
        if (draft.followerCounts().get(to) <= limit) {
          return chainTo(to, reachedBy);
        }
        queue.add(to);
      }
    }
    return null;
  }

  /** The lowest settled slot {@code from} follows and {@code to} does not hold, or -1. */
  private int handoffSlot(String from, String to, Set<Integer> usedSlots) {
    for (int slotId = 0; slotId < draft.slotCount(); slotId++) {
      if (!usedSlots.contains(slotId)
          && draft.followers(slotId).contains(from)
          && !draft.holds(slotId, to)
          && draft.isSettled(slotId)) {
        return slotId;
      }
    }
    return -1;
  }

  private static List<Handoff> chainTo(String node, Map<String, Handoff> reachedBy) {
    List<Handoff> chain = new ArrayList<>();
    for (Handoff step = reachedBy.get(node); step != null; step = reachedBy.get(step.from())) {
      chain.add(step);
    }
    Collections.reverse(chain);
    return chain;
  }
}
