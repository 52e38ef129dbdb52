package io.beacon.registry.meta.slot;

import io.beacon.registry.common.model.VersionClock;
import io.beacon.registry.common.slot.Slot;
import io.beacon.registry.common.slot.SlotTable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The next slot table while one {@link SlotBalancer#balance} call builds it: leaders, followers,
 * per-server counts, and which slots this round already changed. Confined to that call.
 *
 * <p>Used by {@link SlotBalancer} and {@link DrainMoves}. Every slot changes at most once per round
 * ({@link #isTouched}), so a round never stacks two moves on one slot and every change is checked
 * against the table meta last published.
 */
final class SlotDraft {

  private final SlotTable current;
  private final List<String> servers;
  private final int followersPerSlot;
  private final FollowerProgress progress;
  private final String[] leaders;
  private final List<List<String>> followers;
  private final boolean[] touched;
  private final Map<String, Integer> leaderCounts = new HashMap<>();
  private final Map<String, Integer> followerCounts = new HashMap<>();
  private int leaderMoves;
  private int followerMoves;

  SlotDraft(
      SlotTable current,
      Collection<String> liveServers,
      int followersPerSlot,
      FollowerProgress progress) {
    this.current = current;
    this.servers = liveServers.stream().sorted().toList();
    this.followersPerSlot = followersPerSlot;
    this.progress = progress;
    this.leaders = new String[current.slotCount()];
    this.followers = new ArrayList<>(current.slotCount());
    this.touched = new boolean[current.slotCount()];
    for (String node : servers) {
      leaderCounts.put(node, 0);
      followerCounts.put(node, 0);
    }
    for (Slot slot : current.slots()) {
      leaders[slot.id()] = slot.leader();
      leaderCounts.merge(slot.leader(), 1, Integer::sum);
      followers.add(new ArrayList<>(slot.followers()));
      slot.followers().forEach(node -> followerCounts.merge(node, 1, Integer::sum));
    }
  }

  int slotCount() {
    return leaders.length;
  }

  /** The live servers, sorted by address. */
  List<String> servers() {
    return servers;
  }

  int followersPerSlot() {
    return followersPerSlot;
  }

  String leader(int slotId) {
    return leaders[slotId];
  }

  List<String> followers(int slotId) {
    return Collections.unmodifiableList(followers.get(slotId));
  }

  Map<String, Integer> leaderCounts() {
    return Collections.unmodifiableMap(leaderCounts);
  }

  Map<String, Integer> followerCounts() {
    return Collections.unmodifiableMap(followerCounts);
  }

  boolean holds(int slotId, String node) {
    return node.equals(leaders[slotId]) || followers.get(slotId).contains(node);
  }

  boolean isTouched(int slotId) {
    return touched[slotId];
  }

  boolean isCaughtUp(int slotId, String follower) {
    return progress.isCaughtUp(slotId, follower);
  }

  /** Untouched this round and every follower caught up: the slot may lose a follower copy. */
  boolean isSettled(int slotId) {
    if (touched[slotId]) {
      return false;
    }
    for (String follower : followers.get(slotId)) {
      if (!progress.isCaughtUp(slotId, follower)) {
        return false;
      }
    }
    return true;
  }

  int leaderMoves() {
    return leaderMoves;
  }

  int followerMoves() {
    return followerMoves;
  }

  /** Swaps the leader of {@code slotId} with its follower {@code follower}, in that position. */
  void promote(int slotId, String follower) {
    List<String> slotFollowers = followers.get(slotId);
    int index = slotFollowers.indexOf(follower);
    if (touched[slotId] || index < 0) {
      throw new IllegalStateException("slot " + slotId + ": cannot promote " + follower);
    }
    String demoted = leaders[slotId];
    slotFollowers.set(index, demoted);
    leaders[slotId] = follower;
    leaderCounts.merge(follower, 1, Integer::sum);
    leaderCounts.merge(demoted, -1, Integer::sum);
    followerCounts.merge(demoted, 1, Integer::sum);
    followerCounts.merge(follower, -1, Integer::sum);
    touched[slotId] = true;
    leaderMoves++;
  }

  /** Replaces follower {@code from} of {@code slotId} with {@code to}, in that position. */
  void replaceFollower(int slotId, String from, String to) {
    List<String> slotFollowers = followers.get(slotId);
    int index = slotFollowers.indexOf(from);
    if (touched[slotId] || index < 0 || holds(slotId, to)) {
      throw new IllegalStateException(
          "slot " + slotId + ": cannot replace follower " + from + " by " + to);
    }
    slotFollowers.set(index, to);
    followerCounts.merge(from, -1, Integer::sum);
    followerCounts.merge(to, 1, Integer::sum);
    touched[slotId] = true;
    followerMoves++;
  }

  /**
   * Hands the leadership of {@code slotId} to {@code to}, which holds no copy: the old leader's
   * copy is dropped. Only for slots without followers (one replica), where no copy can be promoted.
   */
  void moveLeader(int slotId, String to) {
    if (touched[slotId] || holds(slotId, to) || !followers.get(slotId).isEmpty()) {
      throw new IllegalStateException("slot " + slotId + ": cannot move the leader to " + to);
    }
    leaderCounts.merge(leaders[slotId], -1, Integer::sum);
    leaderCounts.merge(to, 1, Integer::sum);
    leaders[slotId] = to;
    touched[slotId] = true;
    leaderMoves++;
  }

  /** Adds {@code to} as a new follower of {@code slotId}. */
  void addFollower(int slotId, String to) {
    if (touched[slotId] || holds(slotId, to)) {
      throw new IllegalStateException("slot " + slotId + ": cannot add follower " + to);
    }
    followers.get(slotId).add(to);
    followerCounts.merge(to, 1, Integer::sum);
    touched[slotId] = true;
    followerMoves++;
  }

  /** Drops follower {@code from} of {@code slotId}. */
  void removeFollower(int slotId, String from) {
    if (touched[slotId] || !followers.get(slotId).remove(from)) {
      throw new IllegalStateException("slot " + slotId + ": cannot remove follower " + from);
    }
    followerCounts.merge(from, -1, Integer::sum);
    touched[slotId] = true;
    followerMoves++;
  }

  /**
   * The table with this round's moves, or empty if none: a new leader epoch for each slot whose
   * leader changed, then one new table epoch, both after the previous ones.
   */
  Optional<SlotTable> build(VersionClock versions) {
    if (leaderMoves == 0 && followerMoves == 0) {
      return Optional.empty();
    }
    List<Slot> slots = new ArrayList<>(leaders.length);
    for (Slot old : current.slots()) {
      if (!touched[old.id()]) {
        slots.add(old);
        continue;
      }
      String leader = leaders[old.id()];
      long leaderEpoch =
          leader.equals(old.leader()) ? old.leaderEpoch() : versions.nextAfter(old.leaderEpoch());
      slots.add(new Slot(old.id(), leader, leaderEpoch, followers.get(old.id())));
    }
    return Optional.of(new SlotTable(versions.nextAfter(current.epoch()), slots));
  }
}
