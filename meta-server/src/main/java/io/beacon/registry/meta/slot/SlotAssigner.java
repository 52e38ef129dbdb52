package io.beacon.registry.meta.slot;

import io.beacon.registry.common.model.VersionClock;
import io.beacon.registry.common.slot.Slot;
import io.beacon.registry.common.slot.SlotTable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Computes the next slot table from the current one and the live data servers. A pure function: all
 * state is local to one {@link #assign} call, so it is trivially thread-safe.
 *
 * <p>Design. Leaders first, then followers, so follower placement sees the final leaders:
 *
 * <ol>
 *   <li>A slot whose leader is alive keeps it.
 *   <li>A slot whose leader died promotes its first alive follower: that follower already holds the
 *       data. A caught-up follower goes before one still catching up, and among those a server that
 *       is not draining before a draining one.
 *   <li>A slot without any alive owner goes to the eligible server leading the fewest slots (ties
 *       by address), counting the leaders of steps 1 and 2.
 *   <li>Every slot keeps its alive followers (minus its leader), is trimmed to {@code min(replicas
 *       - 1, live - 1)}, and gets followers up to {@code min(replicas - 1, eligible - 1)} from the
 *       eligible servers following the fewest slots (ties by address), never the slot's leader or
 *       an existing follower.
 * </ol>
 *
 * <p>Eligible servers are the live ones that are not draining (all live ones if every live server
 * drains). A draining server keeps the copies it holds, but gets no new one while an eligible
 * server exists: {@link DrainMoves} takes its copies away step by step. Filling only up to the
 * eligible target keeps the assigner from undoing those steps.
 *
 * <p>The assigner never moves a healthy slot (moving leaders of healthy slots is the {@link
 * SlotBalancer}'s and {@link DrainMoves}' business, towards caught-up followers only). A slot's
 * {@code leaderEpoch} changes only when its leader changes; the table epoch changes only when some
 * slot changed, and both come from {@link VersionClock#nextAfter}, so they strictly grow. With no
 * live data server the table is left alone: meta losing every heartbeat (a network fault on its
 * side) must not wipe the leaders.
 */
public final class SlotAssigner {

  private final SlotTable current;
  private final NavigableSet<String> live;
  private final NavigableSet<String> eligible;
  private final int maxFollowers;
  private final int targetFollowers;
  private final VersionClock versions;
  private final FollowerProgress progress;
  private final Map<String, Integer> leaderCounts = new HashMap<>();
  private final Map<String, Integer> followerCounts = new HashMap<>();
  private final String[] leaders;
  private final List<List<String>> followers = new ArrayList<>();

  private SlotAssigner(
      SlotTable current,
      NavigableSet<String> live,
      NavigableSet<String> eligible,
      int replicas,
      VersionClock versions,
      FollowerProgress progress) {
    this.progress = progress;
    this.current = current;
    this.live = live;
    this.eligible = eligible;
    this.maxFollowers = Math.max(0, Math.min(replicas - 1, live.size() - 1));
    this.targetFollowers = Math.max(0, Math.min(replicas - 1, eligible.size() - 1));
    this.versions = versions;
    this.leaders = new String[current.slotCount()];
    for (String node : live) {
      leaderCounts.put(node, 0);
      followerCounts.put(node, 0);
    }
  }

  /**
   * The table that follows {@code current} for the data servers in {@code liveDataServers}, or
   * empty if nothing changes.
   *
   * @param replicas copies per slot: one leader plus up to {@code replicas - 1} followers
   * @param versions issues the new leader epochs and table epoch
   */
  public static Optional<SlotTable> assign(
      SlotTable current, Iterable<String> liveDataServers, int replicas, VersionClock versions) {
    return assign(current, liveDataServers, replicas, versions, FollowerProgress.allCaughtUp());
  }

  /**
   * Like {@link #assign(SlotTable, Iterable, int, VersionClock)}; a slot whose leader died promotes
   * a caught-up follower ({@code progress}) before one that is still catching up.
   */
  public static Optional<SlotTable> assign(
      SlotTable current,
      Iterable<String> liveDataServers,
      int replicas,
      VersionClock versions,
      FollowerProgress progress) {
    return assign(current, liveDataServers, replicas, versions, progress, Set.of());
  }

  /**
   * Like {@link #assign(SlotTable, Iterable, int, VersionClock, FollowerProgress)}; no new copy
   * goes to a server in {@code draining} while a live server outside it exists.
   */
  public static Optional<SlotTable> assign(
      SlotTable current,
      Iterable<String> liveDataServers,
      int replicas,
      VersionClock versions,
      FollowerProgress progress,
      Set<String> draining) {
    if (replicas < 1) {
      throw new IllegalArgumentException("replicas: " + replicas + " (expected: >= 1)");
    }
    NavigableSet<String> live = new TreeSet<>();
    liveDataServers.forEach(live::add);
    if (live.isEmpty()) {
      return Optional.empty();
    }
    NavigableSet<String> eligible = new TreeSet<>(live);
    eligible.removeAll(draining);
    if (eligible.isEmpty()) {
      eligible = live;
    }
    return new SlotAssigner(current, live, eligible, replicas, versions, progress).run();
  }

  private Optional<SlotTable> run() {
    List<Integer> orphans = keepOrPromoteLeaders();
    for (int slotId : orphans) {
      String chosen = leastLoaded(eligible, leaderCounts, List.of());
      setLeader(slotId, chosen);
    }
    keepAliveFollowers();
    for (int slotId = 0; slotId < leaders.length; slotId++) {
      fillFollowers(slotId);
    }
    return build();
  }

  /** Steps 1 and 2; returns the slots left without an alive owner. */
  private List<Integer> keepOrPromoteLeaders() {
    List<Integer> orphans = new ArrayList<>();
    for (Slot slot : current.slots()) {
      if (slot.leader() != null && live.contains(slot.leader())) {
        setLeader(slot.id(), slot.leader());
        continue;
      }
      String promoted =
          slot.followers().stream()
              .filter(live::contains)
              .min(
                  Comparator.comparing(
                          (String follower) -> !progress.isCaughtUp(slot.id(), follower))
                      .thenComparing(follower -> !eligible.contains(follower)))
              .orElse(null);
      if (promoted != null) {
        setLeader(slot.id(), promoted);
      } else {
        orphans.add(slot.id());
      }
    }
    return orphans;
  }

  private void keepAliveFollowers() {
    for (Slot slot : current.slots()) {
      List<String> kept = new ArrayList<>();
      for (String follower : slot.followers()) {
        if (kept.size() < maxFollowers
            && live.contains(follower)
            && !follower.equals(leaders[slot.id()])) {
          kept.add(follower);
          followerCounts.merge(follower, 1, Integer::sum);
        }
      }
      followers.add(kept);
    }
  }

  private void fillFollowers(int slotId) {
    List<String> slotFollowers = followers.get(slotId);
    while (slotFollowers.size() < targetFollowers) {
      List<String> excluded = new ArrayList<>(slotFollowers);
      excluded.add(leaders[slotId]);
      String chosen =
          eligible.stream().allMatch(excluded::contains)
              ? leastLoaded(live, followerCounts, excluded)
              : leastLoaded(eligible, followerCounts, excluded);
      slotFollowers.add(chosen);
      followerCounts.merge(chosen, 1, Integer::sum);
    }
  }

  private void setLeader(int slotId, String leader) {
    leaders[slotId] = leader;
    leaderCounts.merge(leader, 1, Integer::sum);
  }

  /**
   * The server of {@code candidates} with the lowest count outside {@code excluded}; ties go to the
   * lowest address.
   */
  private String leastLoaded(
      NavigableSet<String> candidates, Map<String, Integer> counts, List<String> excluded) {
    return candidates.stream()
        .filter(node -> !excluded.contains(node))
        .min(
            Comparator.comparingInt((String node) -> counts.get(node))
                .thenComparing(Comparator.naturalOrder()))
        .orElseThrow(() -> new IllegalStateException("no eligible data server in " + live));
  }

  private Optional<SlotTable> build() {
    List<Slot> slots = new ArrayList<>(leaders.length);
    boolean changed = false;
    for (Slot old : current.slots()) {
      String leader = leaders[old.id()];
      List<String> slotFollowers = followers.get(old.id());
      if (leader.equals(old.leader()) && slotFollowers.equals(old.followers())) {
        slots.add(old);
        continue;
      }
      changed = true;
      long leaderEpoch =
          leader.equals(old.leader()) ? old.leaderEpoch() : versions.nextAfter(old.leaderEpoch());
      slots.add(new Slot(old.id(), leader, leaderEpoch, slotFollowers));
    }
    if (!changed) {
      return Optional.empty();
    }
    return Optional.of(new SlotTable(versions.nextAfter(current.epoch()), slots));
  }
}
