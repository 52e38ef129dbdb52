package io.beacon.registry.meta.slot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The leader half of one balancing round. Confined to one {@link SlotBalancer#balance} call.
 *
 * <p>Servers above their leader target ({@link LoadBound#targets}) are "over", servers below are
 * "under". In order:
 *
 * <ol>
 *   <li>Promote: a slot led by an over server swaps its leader with a caught-up follower on an
 *       under server (fullest over server first, then lowest slot id, then the neediest follower).
 *   <li>Claim: every remaining deficit is matched with a slot led by an over server that already
 *       has a (still catching up) follower on the under server; it is promoted in a later round.
 *   <li>Prepare: for deficits still unmatched, a follower of a settled slot led by an over server
 *       is replaced by the under server (the replaced follower is the one following the most
 *       slots). It catches up and is promoted in a later round.
 * </ol>
 *
 * Claims make the preparation idempotent across rounds: a follower prepared in one round is
 * claimed, not prepared again, in the next.
 */
final class LeaderMoves {

  private final SlotDraft draft;
  private final int maxLeaderMoves;
  private final int maxFollowerMoves;
  private final Map<String, Integer> surplus = new TreeMap<>();
  private final Map<String, Integer> deficit = new TreeMap<>();
  private final List<String> overServers = new ArrayList<>();
  private final boolean[] claimed;

  LeaderMoves(SlotDraft draft, int maxLeaderMoves, int maxFollowerMoves) {
    this.draft = draft;
    this.maxLeaderMoves = maxLeaderMoves;
    this.maxFollowerMoves = maxFollowerMoves;
    this.claimed = new boolean[draft.slotCount()];
  }

  /** Runs the round's leader moves; returns whether leaders are now within the bound. */
  boolean run() {
    if (draft.followersPerSlot() == 0) {
      // No copy to promote: leaders stay where assignment put them (see SlotBalancer).
      return true;
    }
    Map<String, Integer> targets = LoadBound.targets(draft.leaderCounts(), draft.slotCount());
    targets.forEach(
        (node, target) -> {
          int count = draft.leaderCounts().get(node);
          surplus.put(node, Math.max(0, count - target));
          deficit.put(node, Math.max(0, target - count));
        });
    overServers.addAll(neediestFirst(surplus));
    promoteCaughtUpFollowers();
    if (totalDeficit() == 0) {
      return true;
    }
    claimCatchingUpFollowers();
    prepareFollowers();
    return false;
  }

  private void promoteCaughtUpFollowers() {
    for (String over : overServers) {
      for (int slotId = 0; slotId < draft.slotCount(); slotId++) {
        if (draft.leaderMoves() >= maxLeaderMoves || surplus.get(over) == 0) {
          break;
        }
        if (!draft.isTouched(slotId) && over.equals(draft.leader(slotId))) {
          String under = neediestFollower(slotId, true);
          if (under != null) {
            draft.promote(slotId, under);
            match(over, under);
          }
        }
      }
    }
  }

  private void claimCatchingUpFollowers() {
    for (String over : overServers) {
      for (int slotId = 0; slotId < draft.slotCount() && surplus.get(over) > 0; slotId++) {
        if (!draft.isTouched(slotId) && over.equals(draft.leader(slotId))) {
          String under = neediestFollower(slotId, false);
          if (under != null) {
            claimed[slotId] = true;
            match(over, under);
          }
        }
      }
    }
  }

  private void prepareFollowers() {
    for (String under : neediestFirst(deficit)) {
      while (deficit.get(under) > 0 && draft.followerMoves() < maxFollowerMoves) {
        int slotId = preparableSlot(under);
        if (slotId < 0) {
          break;
        }
        String over = draft.leader(slotId);
        String replaced =
            draft.followers(slotId).stream()
                .min(
                    Comparator.comparingInt((String node) -> -draft.followerCounts().get(node))
                        .thenComparing(Comparator.naturalOrder()))
                .orElseThrow();
        draft.replaceFollower(slotId, replaced, under);
        claimed[slotId] = true;
        match(over, under);
      }
    }
  }

  /** A settled, unclaimed slot led by an over server that {@code under} does not hold, or -1. */
  private int preparableSlot(String under) {
    for (String over : overServers) {
      if (surplus.get(over) == 0) {
        continue;
      }
      for (int slotId = 0; slotId < draft.slotCount(); slotId++) {
        if (!claimed[slotId]
            && over.equals(draft.leader(slotId))
            && !draft.holds(slotId, under)
            && draft.isSettled(slotId)) {
          return slotId;
        }
      }
    }
    return -1;
  }

  /** The follower of {@code slotId} with the largest remaining deficit, or null if none has one. */
  private String neediestFollower(int slotId, boolean caughtUpOnly) {
    String best = null;
    for (String follower : draft.followers(slotId)) {
      int need = deficit.getOrDefault(follower, 0);
      if (need > 0
          && (!caughtUpOnly || draft.isCaughtUp(slotId, follower))
          && (best == null || need > deficit.get(best))) {
        best = follower;
      }
    }
    return best;
  }

  private void match(String over, String under) {
    surplus.merge(over, -1, Integer::sum);
    deficit.merge(under, -1, Integer::sum);
  }

  private int totalDeficit() {
    return deficit.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** The servers with a positive amount, largest first, ties to the lowest address. */
  private static List<String> neediestFirst(Map<String, Integer> amounts) {
    return amounts.entrySet().stream()
        .filter(entry -> entry.getValue() > 0)
        .sorted(
            Map.Entry.<String, Integer>comparingByValue()
                .reversed()
                .thenComparing(Map.Entry.comparingByKey()))
        .map(Map.Entry::getKey)
        .toList();
  }
}
