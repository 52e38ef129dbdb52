package io.beacon.registry.meta.slot;

import static io.beacon.registry.meta.slot.TestSlotTables.A;
import static io.beacon.registry.meta.slot.TestSlotTables.B;
import static io.beacon.registry.meta.slot.TestSlotTables.C;
import static io.beacon.registry.meta.slot.TestSlotTables.D;
import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.common.model.VersionClock;
import io.beacon.registry.common.slot.Slot;
import io.beacon.registry.common.slot.SlotTable;
import io.beacon.registry.testing.ManualClock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class DrainMovesTest {

  private final ManualClock clock = new ManualClock();
  private final VersionClock versions = new VersionClock(clock);
  private final DrainMoves drain = new DrainMoves(versions, 6, 10);

  @Test
  void aDrainingLeaderHandsItsSlotToACaughtUpFollowerAndStaysAsFollower() {
    SlotTable table = table(slot(0, A, 5, B, C), slot(1, B, 7, A, C));

    SlotTable next =
        drain.drain(table, Set.of(A, B, C), Set.of(A), 3, FollowerProgress.allCaughtUp()).get();

    Slot moved = next.slot(0);
    assertThat(moved.leader()).isEqualTo(C); // C leads no slot, B leads slot 1
    assertThat(next.epoch()).isGreaterThan(table.epoch());
    assertThat(moved.leaderEpoch()).isGreaterThan(5);
    assertThat(moved.followers()).containsExactly(B, A);
    // Slot 1 has surplus: with one eligible peer per slot the draining follower is just dropped.
    assertThat(next.slot(1).followers()).containsExactly(C);
    assertThat(next.slot(1).leaderEpoch()).isEqualTo(7);
  }

  @Test
  void promotesTheCaughtUpFollowerLeadingTheFewestSlots() {
    SlotTable table = table(slot(0, A, 5, B, C), slot(1, B, 7, C, A), slot(2, B, 7, C, A));

    SlotTable next =
        drain.drain(table, Set.of(A, B, C, D), Set.of(A), 3, FollowerProgress.allCaughtUp()).get();

    assertThat(next.slot(0).leader()).isEqualTo(C);
  }

  @Test
  void aLeaderWhoseEligibleFollowersAreCatchingUpWaits() {
    SlotTable table = table(slot(0, A, 5, B), slot(1, B, 7, A));

    Optional<SlotTable> next =
        drain.drain(table, Set.of(A, B), Set.of(A), 2, FollowerProgress.noneCaughtUp());

    // Slot 0 waits for B; slot 1's draining follower A is surplus (T = 0) and is dropped.
    assertThat(next).isPresent();
    assertThat(next.get().slot(0)).isEqualTo(table.slot(0));
    assertThat(next.get().slot(1).followers()).isEmpty();
  }

  @Test
  void aSlotWithOnlyDrainingFollowersFirstGetsAnEligibleFollower() {
    SlotTable table = table(slot(0, A, 5, B), slot(1, C, 7, A));

    SlotTable next =
        drain.drain(table, Set.of(A, B, C), Set.of(A, B), 2, FollowerProgress.noneCaughtUp()).get();

    assertThat(next.slot(0).leader()).isEqualTo(A);
    assertThat(next.slot(0).leaderEpoch()).isEqualTo(5);
    assertThat(next.slot(0).followers()).containsExactly(C);

    // Once C reports caught up it takes the leadership.
    SlotTable after =
        drain
            .drain(
                next, Set.of(A, B, C), Set.of(A, B), 2, FollowerProgress.of(Map.of(0, Set.of(C))))
            .get();
    assertThat(after.slot(0).leader()).isEqualTo(C);
    assertThat(after.slot(0).followers()).containsExactly(A);
  }

  @Test
  void withOneReplicaTheLeaderMovesStraightToTheLeastLoadedEligibleServer() {
    SlotTable table = table(slot(0, A, 5), slot(1, B, 7), slot(2, A, 9));

    SlotTable next =
        drain.drain(table, Set.of(A, B, C), Set.of(A), 1, FollowerProgress.noneCaughtUp()).get();

    assertThat(next.slot(0).leader()).isEqualTo(C);
    assertThat(next.slot(2).leader()).isEqualTo(B); // B and C then lead one each: lower address
    assertThat(next.slot(0).leaderEpoch()).isGreaterThan(5);
    assertThat(next.slot(1)).isEqualTo(table.slot(1));
  }

  @Test
  void aDrainingFollowerIsReplacedByTheEligibleServerFollowingTheFewestSlots() {
    SlotTable table = table(slot(0, B, 5, A, C), slot(1, C, 7, B, D), slot(2, D, 7, B, C));

    SlotTable next =
        drain.drain(table, Set.of(A, B, C, D), Set.of(A), 3, FollowerProgress.allCaughtUp()).get();

    assertThat(next.slot(0).followers()).containsExactly(D, C);
    assertThat(next.slot(0).leaderEpoch()).isEqualTo(5);
  }

  @Test
  void aCaughtUpDrainingFollowerIsReplacedOnlyInASettledSlot() {
    SlotTable table = table(slot(0, B, 5, A, C), slot(1, C, 7, B, D), slot(2, D, 7, B, C));

    Optional<SlotTable> next =
        drain.drain(
            table,
            Set.of(A, B, C, D),
            Set.of(A),
            3,
            FollowerProgress.of(Map.of(0, Set.of(A)))); // C is still catching up on slot 0

    assertThat(next).isEmpty();
  }

  @Test
  void nothingMovesWhenEveryLiveServerDrainsOrNoneDoes() {
    SlotTable table = table(slot(0, A, 5, B), slot(1, B, 7, A));

    assertThat(drain.drain(table, Set.of(A, B), Set.of(A, B), 2, FollowerProgress.allCaughtUp()))
        .isEmpty();
    assertThat(drain.drain(table, Set.of(A, B), Set.of(), 2, FollowerProgress.allCaughtUp()))
        .isEmpty();
    assertThat(drain.drain(table, Set.of(A, B), Set.of(C), 2, FollowerProgress.allCaughtUp()))
        .isEmpty();
  }

  @Test
  void movesPerRoundAreBounded() {
    List<Slot> slots = new ArrayList<>();
    for (int id = 0; id < 32; id++) {
      slots.add(id % 2 == 0 ? slot(id, A, 5, B) : slot(id, B, 5, A));
    }
    DrainMoves small = new DrainMoves(versions, 2, 3);

    SlotTable next =
        small
            .drain(
                new SlotTable(10, slots),
                Set.of(A, B, C),
                Set.of(A),
                2,
                FollowerProgress.allCaughtUp())
            .get();

    int leaderMoves = 0;
    int followerMoves = 0;
    for (Slot slot : next.slots()) {
      Slot old = slots.get(slot.id());
      leaderMoves += slot.leader().equals(old.leader()) ? 0 : 1;
      followerMoves += !slot.leader().equals(old.leader()) || slot.equals(old) ? 0 : 1;
    }
    assertThat(leaderMoves).isEqualTo(2);
    assertThat(followerMoves).isEqualTo(3);
  }

  /**
   * Seeded simulation: a random complete table, a random set of draining servers (never all), then
   * rounds of {@link SlotAssigner} (with the draining set) and {@link DrainMoves}, with followers
   * catching up 0 to {@value #MAX_CATCH_UP} rounds after they got their copy. Checked every round:
   * every slot keeps a live leader, epochs strictly grow, leader epochs change exactly with the
   * leader, no draining server gets a copy it did not hold, a leader moves to a follower that has
   * not caught up only when none has. At the end the draining servers hold nothing, within the
   * bound of {@link DrainMoves}' header, and the table is what the balancer expects.
   */
  @Test
  void randomTablesDrainWithinTheBoundKeepingEveryInvariant() {
    int maxRounds = 0;
    for (int seed = 1; seed <= SEEDS; seed++) {
      maxRounds = Math.max(maxRounds, new Simulation(seed).run());
    }
    System.out.printf("drain simulation: seeds=%d maxRounds=%d%n", SEEDS, maxRounds);
    assertThat(maxRounds).isPositive();
  }

  private static final int SEEDS = 300;
  private static final int MAX_CATCH_UP = 2;

  private static final class Simulation {

    private final int seed;
    private final Random random;
    private final VersionClock versions = new VersionClock(new ManualClock());
    private final int maxLeaderMoves;
    private final int maxFollowerMoves;
    private final DrainMoves drain;

    /** slot id -> follower -> the round it becomes caught up. */
    private final Map<Integer, Map<String, Integer>> caughtUpAt = new HashMap<>();

    private int round;

    Simulation(int seed) {
      this.seed = seed;
      this.random = new Random(seed);
      this.maxLeaderMoves = 1 + random.nextInt(6);
      this.maxFollowerMoves = 1 + random.nextInt(10);
      this.drain = new DrainMoves(versions, maxLeaderMoves, maxFollowerMoves);
    }

    int run() {
      int servers = 2 + random.nextInt(6);
      int replicas = 1 + random.nextInt(3);
      int slotCount = new int[] {8, 16, 64}[random.nextInt(3)];
      Set<String> live = new TreeSet<>();
      for (int i = 1; i <= servers; i++) {
        live.add("10.0.1." + i + ":9620");
      }
      Set<String> draining = new TreeSet<>();
      for (String node : live) {
        if (random.nextInt(3) == 0) {
          draining.add(node);
        }
      }
      if (draining.size() == live.size()) {
        draining.remove(draining.iterator().next());
      }
      if (draining.isEmpty()) {
        draining.add(live.iterator().next());
      }
      SlotTable table =
          SlotAssigner.assign(SlotTable.initial(slotCount), live, replicas, versions).orElseThrow();
      table.slots().forEach(slot -> slot.followers().forEach(f -> copied(slot.id(), f, true)));
      String context =
          String.format(
              "seed=%d servers=%d replicas=%d slots=%d draining=%s maxMoves=%d/%d",
              seed, servers, replicas, slotCount, draining, maxLeaderMoves, maxFollowerMoves);

      int drainingLeaders = 0;
      int drainingFollowers = 0;
      for (Slot slot : table.slots()) {
        drainingLeaders += draining.contains(slot.leader()) ? 1 : 0;
        drainingFollowers += (int) slot.followers().stream().filter(draining::contains).count();
      }
      int bound =
          ceil(drainingLeaders, maxLeaderMoves)
              + ceil(2 * drainingLeaders + drainingFollowers, maxFollowerMoves)
              + 2 * (MAX_CATCH_UP + 1);
      FollowerProgress progress =
          (slotId, follower) ->
              caughtUpAt.getOrDefault(slotId, Map.of()).getOrDefault(follower, Integer.MAX_VALUE)
                  <= round;
      while (holdsAny(table, draining)) {
        round++;
        assertThat(round)
            .as("rounds over the bound %d: %s", bound, context)
            .isLessThanOrEqualTo(bound);
        Optional<SlotTable> next =
            SlotAssigner.assign(table, live, replicas, versions, progress, draining);
        if (next.isEmpty()) {
          next = drain.drain(table, live, draining, replicas, progress);
        }
        if (next.isEmpty()) {
          continue; // waiting for a catch-up
        }
        check(table, next.get(), live, draining, progress, context);
        table = next.get();
      }
      Set<String> eligible = new TreeSet<>(live);
      eligible.removeAll(draining);
      assertThat(SlotBalancer.isComplete(table, eligible, replicas)).as(context).isTrue();
      assertThat(SlotAssigner.assign(table, live, replicas, versions, progress, draining))
          .as(context)
          .isEmpty();
      return round;
    }

    private void check(
        SlotTable before,
        SlotTable after,
        Set<String> live,
        Set<String> draining,
        FollowerProgress progress,
        String context) {
      String at = context + " round=" + round;
      assertThat(after.epoch()).as(at).isGreaterThan(before.epoch());
      for (Slot slot : after.slots()) {
        Slot old = before.slot(slot.id());
        assertThat(slot.leader()).as(at).isNotNull().isIn(live);
        if (slot.leader().equals(old.leader())) {
          assertThat(slot.leaderEpoch()).as(at).isEqualTo(old.leaderEpoch());
        } else {
          assertThat(slot.leaderEpoch()).as(at).isGreaterThan(old.leaderEpoch());
          if (old.followers().contains(slot.leader())
              && !progress.isCaughtUp(slot.id(), slot.leader())) {
            assertThat(old.followers())
                .as("%s slot %d promoted a follower still catching up", at, slot.id())
                .noneMatch(follower -> progress.isCaughtUp(slot.id(), follower));
          }
          if (!old.followers().isEmpty()) {
            assertThat(old.followers()).as(at).contains(slot.leader());
          }
        }
        List<String> holders = new ArrayList<>(slot.followers());
        holders.add(slot.leader());
        for (String holder : holders) {
          if (draining.contains(holder)) {
            assertThat(old.isOwnedBy(holder) || old.followers().contains(holder))
                .as("%s slot %d: new copy on draining %s", at, slot.id(), holder)
                .isTrue();
          }
        }
        for (String follower : slot.followers()) {
          if (!old.followers().contains(follower)) {
            copied(slot.id(), follower, false);
          }
        }
      }
    }

    private void copied(int slotId, String follower, boolean alreadyCaughtUp) {
      int at = alreadyCaughtUp ? 0 : round + random.nextInt(MAX_CATCH_UP + 1);
      caughtUpAt.computeIfAbsent(slotId, id -> new HashMap<>()).put(follower, at);
    }

    private static boolean holdsAny(SlotTable table, Set<String> nodes) {
      for (String node : nodes) {
        if (!table.slotsLedBy(node).isEmpty() || !table.slotsFollowedBy(node).isEmpty()) {
          return true;
        }
      }
      return false;
    }

    private static int ceil(int value, int divisor) {
      return (value + divisor - 1) / divisor;
    }
  }

  private static SlotTable table(Slot... slots) {
    return new SlotTable(10, List.of(slots));
  }

  private static Slot slot(int id, String leader, long leaderEpoch, String... followers) {
    return new Slot(id, leader, leaderEpoch, List.of(followers));
  }
}
