package io.beacon.registry.meta.slot;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Whether a follower of a slot holds its leader's data: a planned move (the {@link SlotBalancer},
 * {@link DrainMoves}) promotes only a caught-up follower and replaces a follower copy only when the
 * slot's followers have all caught up; on failover the {@link SlotAssigner} prefers a caught-up
 * follower but takes another when none is alive (ADR 0006). Meta fills it from the data servers'
 * heartbeats; implementations must answer consistently during one {@link SlotBalancer#balance}
 * call.
 */
@FunctionalInterface
public interface FollowerProgress {

  /** True if {@code follower} has caught up with the leader of slot {@code slotId}. */
  boolean isCaughtUp(int slotId, String follower);

  /** Every follower has caught up. */
  static FollowerProgress allCaughtUp() {
    return (slotId, follower) -> true;
  }

  /** No follower has caught up: the balancer then moves no leader. */
  static FollowerProgress noneCaughtUp() {
    return (slotId, follower) -> false;
  }

  /** Slot id -> the followers of that slot that have caught up; a copy is taken. */
  static FollowerProgress of(Map<Integer, ? extends Set<String>> caughtUp) {
    Map<Integer, Set<String>> copy = new HashMap<>();
    caughtUp.forEach((slotId, followers) -> copy.put(slotId, Set.copyOf(followers)));
    return (slotId, follower) -> copy.getOrDefault(slotId, Set.of()).contains(follower);
  }
}
