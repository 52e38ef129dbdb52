package io.beacon.registry.meta.slot;

import io.beacon.registry.common.model.VersionClock;
import io.beacon.registry.common.slot.Slot;
import io.beacon.registry.common.slot.SlotTable;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Moves the copies of draining data servers to the other live ("eligible") servers, a bounded
 * number of moves per round, so an operator can stop a drained server without losing a slot's data
 * or its leader. Deterministic and side-effect free apart from drawing epochs from the {@link
 * VersionClock}: all working state lives in one {@link #drain} call.
 *
 * <p><b>Target.</b> With eligible servers {@code E} the drained table has every leader in {@code E}
 * and {@code T = min(replicas - 1, |E| - 1)} followers per slot, all in {@code E}: the table {@link
 * SlotAssigner} and {@link SlotBalancer} keep once the draining servers are gone. {@link
 * SlotAssigner} never places a new copy on a draining server while an eligible one exists, and
 * fills followers only up to {@code T}, so it never undoes a drain move.
 *
 * <p><b>Design.</b> One round, in order; each slot changes at most once, a round makes at most
 * {@code maxLeaderMoves} leader changes and {@code maxFollowerMoves} follower changes:
 *
 * <ol>
 *   <li>Leaders (slot id order). A slot led by a draining server promotes its caught-up eligible
 *       follower leading the fewest slots; the old leader stays as a follower (it still holds the
 *       data), so the slot never loses a copy. A slot whose eligible followers are all catching up
 *       waits. A slot without an eligible follower first gets one: a draining follower is replaced
 *       by the eligible server following the fewest slots (or one is added if the slot has none);
 *       it is promoted once it reports caught up. With one replica there is no follower to promote:
 *       the leader moves straight to the eligible server leading the fewest slots, whose migration
 *       re-syncs the slot from every session before it serves.
 *   <li>Followers (slot id order). In a slot led by an eligible server, a draining follower is
 *       dropped if the slot has more than {@code T} followers, otherwise replaced by the eligible
 *       server following the fewest slots that holds no copy of it.
 * </ol>
 *
 * A caught-up follower copy is replaced only in a settled slot (untouched, every follower caught
 * up), as in {@link SlotBalancer}, so a slot has at most one copy in flight; one still catching up
 * may be replaced at once (it holds nothing yet). Epochs: a slot's leader epoch changes exactly
 * when its leader does, the table epoch once per returned table, both through {@link
 * VersionClock#nextAfter}.
 *
 * <p><b>Convergence.</b> Membership fixed and followers catching up within {@code c} rounds, every
 * round removes at least one draining copy or starts one catch-up, so a draining server with {@code
 * Ld} leaders and {@code Fd} follower copies (summed over all draining servers) holds nothing after
 * about {@code ceil(Ld/maxLeaderMoves) + ceil((2 Ld + Fd)/maxFollowerMoves) + 2 (c + 1)} rounds. If
 * no eligible server exists the table is left alone: a drain never takes slots from the last
 * servers.
 */
public final class DrainMoves {

  private final VersionClock versions;
  private final int maxLeaderMoves;
  private final int maxFollowerMoves;

  public DrainMoves(VersionClock versions, int maxLeaderMoves, int maxFollowerMoves) {
    if (maxLeaderMoves < 1) {
      throw new IllegalArgumentException("maxLeaderMoves: " + maxLeaderMoves + " (expected: >= 1)");
    }
    if (maxFollowerMoves < 1) {
      throw new IllegalArgumentException(
          "maxFollowerMoves: " + maxFollowerMoves + " (expected: >= 1)");
    }
    this.versions = versions;
    this.maxLeaderMoves = maxLeaderMoves;
    this.maxFollowerMoves = maxFollowerMoves;
  }

  /**
   * The next table of one drain round, or empty if nothing should move now: no live server is
   * draining or holds a copy, no server is eligible, the table has a slot without a live leader
   * (that is {@link SlotAssigner}'s job), or every useful move waits for a follower to catch up.
   *
   * @param draining the draining servers; those not in {@code liveDataServers} are ignored
   * @param replicas copies per slot: one leader plus up to {@code replicas - 1} followers
   */
  public Optional<SlotTable> drain(
      SlotTable current,
      Set<String> liveDataServers,
      Set<String> draining,
      int replicas,
      FollowerProgress caughtUp) {
    if (replicas < 1) {
      throw new IllegalArgumentException("replicas: " + replicas + " (expected: >= 1)");
    }
    Set<String> eligible = new TreeSet<>(liveDataServers);
    eligible.removeAll(draining);
    if (eligible.isEmpty()
        || eligible.size() == liveDataServers.size()
        || !isLed(current, liveDataServers)) {
      return Optional.empty();
    }
    int target = Math.max(0, Math.min(replicas - 1, eligible.size() - 1));
    SlotDraft draft = new SlotDraft(current, liveDataServers, target, caughtUp);
    Round round = new Round(draft, eligible, draining, replicas, target);
    round.moveLeaders();
    round.moveFollowers();
    return draft.build(versions);
  }

  private static boolean isLed(SlotTable table, Set<String> live) {
    for (Slot slot : table.slots()) {
      if (slot.leader() == null || !live.contains(slot.leader())) {
        return false;
      }
    }
    return true;
  }

  /** The working state of one {@link #drain} call. */
  private final class Round {

    private final SlotDraft draft;
    private final Set<String> eligible;
    private final Set<String> draining;
    private final int replicas;
    private final int target;

    Round(SlotDraft draft, Set<String> eligible, Set<String> draining, int replicas, int target) {
      this.draft = draft;
      this.eligible = eligible;
      this.draining = draining;
      this.replicas = replicas;
      this.target = target;
    }

    void moveLeaders() {
      for (int slotId = 0; slotId < draft.slotCount(); slotId++) {
        if (!draining.contains(draft.leader(slotId)) || draft.isTouched(slotId)) {
          continue;
        }
        List<String> followers = draft.followers(slotId);
        List<String> eligibleFollowers = followers.stream().filter(eligible::contains).toList();
        int id = slotId;
        String promoted =
            fewest(
                eligibleFollowers.stream().filter(node -> draft.isCaughtUp(id, node)).toList(),
                draft.leaderCounts());
        if (promoted != null) {
          if (draft.leaderMoves() < maxLeaderMoves) {
            draft.promote(slotId, promoted);
          }
        } else if (!eligibleFollowers.isEmpty()) {
          // An eligible copy is catching up: promote it in a later round.
        } else if (!followers.isEmpty()) {
          String replaced = replaceableFollower(slotId);
          String to = newHolder(slotId, draft.followerCounts());
          if (replaced != null && to != null && draft.followerMoves() < maxFollowerMoves) {
            draft.replaceFollower(slotId, replaced, to);
          }
        } else if (replicas > 1) {
          String to = newHolder(slotId, draft.followerCounts());
          if (to != null && draft.followerMoves() < maxFollowerMoves) {
            draft.addFollower(slotId, to);
          }
        } else {
          String to = newHolder(slotId, draft.leaderCounts());
          if (to != null && draft.leaderMoves() < maxLeaderMoves) {
            draft.moveLeader(slotId, to);
          }
        }
      }
    }

    void moveFollowers() {
      for (int slotId = 0; slotId < draft.slotCount(); slotId++) {
        if (draft.followerMoves() >= maxFollowerMoves) {
          return;
        }
        if (draining.contains(draft.leader(slotId)) || draft.isTouched(slotId)) {
          continue;
        }
        List<String> followers = draft.followers(slotId);
        if (followers.stream().noneMatch(draining::contains)) {
          continue;
        }
        if (followers.size() > target) {
          // A surplus copy: the slot keeps at least its target without it.
          draft.removeFollower(
              slotId, followers.stream().filter(draining::contains).findFirst().orElseThrow());
          continue;
        }
        String replaced = replaceableFollower(slotId);
        String to = newHolder(slotId, draft.followerCounts());
        if (replaced != null && to != null) {
          draft.replaceFollower(slotId, replaced, to);
        }
      }
    }

    /**
     * The draining follower of {@code slotId} to replace: one still catching up (nothing is lost),
     * else any if the slot is settled, else null (a copy is in flight: wait).
     */
    private String replaceableFollower(int slotId) {
      List<String> drainingFollowers =
          draft.followers(slotId).stream().filter(draining::contains).toList();
      for (String follower : drainingFollowers) {
        if (!draft.isCaughtUp(slotId, follower)) {
          return follower;
        }
      }
      return drainingFollowers.isEmpty() || !draft.isSettled(slotId)
          ? null
          : drainingFollowers.get(0);
    }

    /** The eligible server with the lowest count that holds no copy of {@code slotId}, or null. */
    private String newHolder(int slotId, Map<String, Integer> counts) {
      return fewest(eligible.stream().filter(node -> !draft.holds(slotId, node)).toList(), counts);
    }
  }

  /** The node with the lowest count, ties to the lowest address, or null if none. */
  private static String fewest(List<String> nodes, Map<String, Integer> counts) {
    return nodes.stream()
        .min(
            Comparator.comparingInt((String node) -> counts.getOrDefault(node, 0))
                .thenComparing(Comparator.naturalOrder()))
        .orElse(null);
  }
}
