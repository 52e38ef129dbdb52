package io.beacon.registry.meta.slot;

import io.beacon.registry.common.model.VersionClock;
import io.beacon.registry.common.slot.Slot;
import io.beacon.registry.common.slot.SlotTable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Spreads the leaders and followers of a complete slot table evenly over the live data servers, a
 * bounded number of moves per round. Deterministic and side-effect free apart from drawing epochs
 * from the {@link VersionClock}: all working state lives in one {@link #balance} call, so the meta
 * loop and simulations can call it freely.
 *
 * <p><b>Bound.</b> With {@code n} live servers, {@code S} slots and {@code F = min(replicas - 1, n
 * - 1)} followers per slot (the cap {@link SlotAssigner} applies), the table is balanced when every
 * live server leads between {@code floor(S/n)} and {@code ceil(S/n)} slots and follows between
 * {@code floor(S*F/n)} and {@code ceil(S*F/n)} slots ({@link #isBalanced}). Tolerances:
 *
 * <ul>
 *   <li>{@code replicas == 1}: no slot has a second copy, so no leader can move without losing
 *       data; leaders stay where assignment put them ({@link #isBalanced} may stay false). Moving
 *       them needs a temporary extra copy, which {@link SlotAssigner} would trim.
 *   <li>{@code S < 2n}: a server may be unable to take its share of both leaders and followers
 *       without holding two copies of one slot; the balancer then stops when no move improves the
 *       spread. With {@code S >= 2n} (256 slots: up to 128 servers) the bound is always reachable.
 * </ul>
 *
 * When {@code n <= replicas - 1} every server holds every slot: a server follows {@code S} minus
 * the slots it leads, which is within the follower bound whenever its leaders are, so the exact
 * bound holds.
 *
 * <p><b>Design.</b> Each round first balances leaders ({@link LeaderMoves}), and only when they are
 * within the bound balances followers ({@link FollowerMoves}):
 *
 * <ol>
 *   <li>A leader moves only by swapping with a follower that has caught up ({@link
 *       FollowerProgress}), so every leader change hands the slot to a server that already holds
 *       its data. A server that needs leaders but follows no suitable slot first gets a follower
 *       copy of a slot of an overloaded server (it catches up) and is promoted in a later round.
 *   <li>Followers move by handing a copy from the server following the most slots to one following
 *       at least two fewer, directly or through a chain of servers that each pass a copy on.
 * </ol>
 *
 * Leaders go first because a leader move needs a follower copy in place, and the follower moves it
 * takes would be undone by a follower pass that ran on leader counts that are about to change. A
 * round makes at most {@code maxLeaderMoves} leader changes and {@code maxFollowerMoves} follower
 * changes (the preparing copies included) and changes each slot at most once.
 *
 * <p><b>Convergence.</b> Membership fixed, every leader move lowers the sum of squared leader
 * counts (the over server holds at least two more than the under server, see {@link
 * LoadBound#targets}), and every prepared follower catches up and is claimed rather than prepared
 * again, so leaders reach the bound after about {@code ceil(D/maxFollowerMoves) + catch-up +
 * ceil(D/maxLeaderMoves)} rounds for a leader surplus {@code D < S}. Follower moves never touch
 * leaders and lower the sum of squared follower counts; whenever the bound is reachable such a
 * chain exists once the slots have settled (the difference between the current and a balanced
 * assignment decomposes into alternating chains), so followers reach the bound after about {@code
 * ceil(surplus/maxFollowerMoves)} rounds plus catch-up waits. A balanced table yields no move, so
 * it then stays unchanged.
 *
 * <p><b>Failure safety.</b> A promotion keeps both copies (the old leader becomes a follower). A
 * follower copy is replaced only in a settled slot (untouched this round, all followers caught up),
 * so a slot has at most one copy in flight and always keeps its leader plus {@code F - 1} caught-up
 * followers. If followers never catch up the balancer just waits; nothing is ever lost by waiting.
 * A table that is not complete is left to {@link SlotAssigner}. Epochs: a slot's leader epoch
 * changes exactly when its leader does, the table epoch once per returned table, both through
 * {@link VersionClock#nextAfter} so they strictly grow.
 */
public final class SlotBalancer {

  public static final int DEFAULT_MAX_LEADER_MOVES = 6;
  public static final int DEFAULT_MAX_FOLLOWER_MOVES = 10;

  private final VersionClock versions;
  private final int maxLeaderMoves;
  private final int maxFollowerMoves;

  public SlotBalancer(VersionClock versions) {
    this(versions, DEFAULT_MAX_LEADER_MOVES, DEFAULT_MAX_FOLLOWER_MOVES);
  }

  public SlotBalancer(VersionClock versions, int maxLeaderMoves, int maxFollowerMoves) {
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

  public int maxLeaderMoves() {
    return maxLeaderMoves;
  }

  public int maxFollowerMoves() {
    return maxFollowerMoves;
  }

  /**
   * The next table of one balancing round, or empty if nothing should move now: the table is
   * balanced, not complete (see {@link #isComplete}), or every useful move waits for a follower to
   * catch up.
   *
   * @param replicas copies per slot: one leader plus up to {@code replicas - 1} followers
   * @param caughtUp which followers hold their leader's data, e.g. {@code SlotReports::isCaughtUp}
   */
  public Optional<SlotTable> balance(
      SlotTable current, Set<String> liveDataServers, int replicas, FollowerProgress caughtUp) {
    if (!isComplete(current, liveDataServers, replicas)) {
      return Optional.empty();
    }
    SlotDraft draft =
        new SlotDraft(
            current, liveDataServers, followersPerSlot(liveDataServers, replicas), caughtUp);
    if (new LeaderMoves(draft, maxLeaderMoves, maxFollowerMoves).run()) {
      new FollowerMoves(draft, maxFollowerMoves).run();
    }
    return draft.build(versions);
  }

  /**
   * True if every slot has a live leader and exactly {@code min(replicas - 1, live - 1)} distinct
   * live followers other than the leader: the tables {@link SlotAssigner} produces.
   */
  public static boolean isComplete(SlotTable table, Set<String> liveDataServers, int replicas) {
    if (liveDataServers.isEmpty()) {
      return false;
    }
    int followersPerSlot = followersPerSlot(liveDataServers, replicas);
    for (Slot slot : table.slots()) {
      if (slot.leader() == null
          || !liveDataServers.contains(slot.leader())
          || slot.followers().size() != followersPerSlot
          || !liveDataServers.containsAll(slot.followers())
          || !distinct(slot.followers())) {
        return false;
      }
    }
    return true;
  }

  /** True if {@code table} is complete and within the bound described in the class header. */
  public static boolean isBalanced(SlotTable table, Set<String> liveDataServers, int replicas) {
    if (!isComplete(table, liveDataServers, replicas)) {
      return false;
    }
    int servers = liveDataServers.size();
    int slots = table.slotCount();
    SlotTableStatus status = SlotTableStatus.of(table, liveDataServers);
    Map<String, Integer> leaders = status.leaders();
    Map<String, Integer> followers = status.followers();
    return LoadBound.of(slots, servers).containsAll(leaders)
        && LoadBound.of(slots * followersPerSlot(liveDataServers, replicas), servers)
            .containsAll(followers);
  }

  private static boolean distinct(List<String> nodes) {
    for (int i = 1; i < nodes.size(); i++) {
      for (int j = 0; j < i; j++) {
        if (nodes.get(i).equals(nodes.get(j))) {
          return false;
        }
      }
    }
    return true;
  }

  private static int followersPerSlot(Set<String> liveDataServers, int replicas) {
    if (replicas < 1) {
      throw new IllegalArgumentException("replicas: " + replicas + " (expected: >= 1)");
    }
    return Math.max(0, Math.min(replicas - 1, liveDataServers.size() - 1));
  }
}
