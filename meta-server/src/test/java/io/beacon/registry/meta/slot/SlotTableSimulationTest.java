package io.beacon.registry.meta.slot;

import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.common.model.VersionClock;
import io.beacon.registry.common.slot.Slot;
import io.beacon.registry.common.slot.SlotTable;
import io.beacon.registry.testing.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Deterministic simulation of meta's slot loop: random data servers join, leave and flap; every
 * step runs {@link SlotAssigner} and then, on a complete table, {@link SlotBalancer} with simulated
 * follower catch-up. Invariants are checked after every step; after each burst of churn the
 * membership is held stable and the table must reach the balance bound within a computed number of
 * rounds and then stay unchanged. A failure names the seed, which replays it exactly.
 */
class SlotTableSimulationTest {

  private static final int SEEDS = 200;
  private static final int PHASES = 3;
  private static final int CHURN_STEPS_PER_PHASE = 70;
  private static final int MAX_CATCH_UP_ROUNDS = 3;
  private static final int[] SLOT_COUNTS = {16, 64, 256};
  private static final List<String> POOL = pool(8);

  @Test
  void randomMembershipKeepsEveryInvariantAndConvergesWithinTheBound() {
    int steps = 0;
    int maxRounds = 0;
    String worst = "";
    for (int seed = 1; seed <= SEEDS; seed++) {
      Simulation simulation = new Simulation(seed);
      simulation.run();
      steps += simulation.steps;
      if (simulation.maxRoundsToConverge > maxRounds) {
        maxRounds = simulation.maxRoundsToConverge;
        worst = simulation.worst;
      }
    }
    System.out.printf(
        "slot table simulation: seeds=%d steps=%d maxRoundsToConverge=%d worst={%s}%n",
        SEEDS, steps, maxRounds, worst);
    assertThat(steps).isGreaterThan(SEEDS * PHASES * CHURN_STEPS_PER_PHASE);
  }

  /** One seeded run; all randomness comes from {@code random}. */
  private static final class Simulation {

    private final long seed;
    private final Random random;
    private final int slotCount;
    private final int replicas;
    private final ManualClock clock = new ManualClock();
    private final VersionClock versions = new VersionClock(clock);
    private final SlotBalancer balancer = new SlotBalancer(versions);
    private final Set<String> live = new TreeSet<>();
    private final Map<String, Integer> rejoinAtStep = new TreeMap<>();

    /** [slot][server index in POOL]: the step at which that follower has caught up, or -1. */
    private int[][] caughtUpAtStep;

    private SlotTable table;
    private int steps;
    private int maxRoundsToConverge;
    private String worst = "";

    Simulation(long seed) {
      this.seed = seed;
      this.random = new Random(seed);
      this.slotCount = SLOT_COUNTS[random.nextInt(SLOT_COUNTS.length)];
      this.replicas = 1 + random.nextInt(3);
      this.table = SlotTable.initial(slotCount);
      this.caughtUpAtStep = new int[slotCount][POOL.size()];
      for (int[] row : caughtUpAtStep) {
        Arrays.fill(row, -1);
      }
      int initial = 1 + random.nextInt(3);
      live.addAll(POOL.subList(0, initial));
    }

    void run() {
      for (int phase = 0; phase < PHASES; phase++) {
        for (int i = 0; i < CHURN_STEPS_PER_PHASE; i++) {
          changeMembership();
          step();
        }
        rejoinEveryFlappingServer();
        if (live.isEmpty()) {
          live.add(POOL.get(random.nextInt(POOL.size())));
        }
        converge();
      }
    }

    String describe() {
      return String.format(
          "seed=%d slots=%d replicas=%d servers=%d", seed, slotCount, replicas, live.size());
    }

    private void changeMembership() {
      rejoinAtStep
          .entrySet()
          .removeIf(entry -> entry.getValue() <= steps && live.add(entry.getKey()));
      List<String> absent = new ArrayList<>(POOL);
      absent.removeAll(live);
      absent.removeAll(rejoinAtStep.keySet());
      int event = random.nextInt(10);
      if (event < 2 && !absent.isEmpty()) {
        live.add(absent.get(random.nextInt(absent.size())));
      } else if (event == 2 && !live.isEmpty()) {
        live.remove(pick(live));
      } else if (event == 3 && !live.isEmpty()) {
        String flapping = pick(live);
        live.remove(flapping);
        rejoinAtStep.put(flapping, steps + 1 + random.nextInt(3));
      }
    }

    private void rejoinEveryFlappingServer() {
      live.addAll(rejoinAtStep.keySet());
      rejoinAtStep.clear();
    }

    /** Holds membership until balanced; asserts the bound and that the table then stays put. */
    private void converge() {
      int bound = convergenceBound();
      int rounds = 0;
      while (!step() || !withinBound()) {
        rounds++;
        assertThat(rounds).as("rounds to converge, %s", describe()).isLessThanOrEqualTo(bound);
      }
      if (rounds > maxRoundsToConverge) {
        maxRoundsToConverge = rounds;
        worst = describe() + " bound=" + bound;
      }
      long epoch = table.epoch();
      for (int i = 0; i <= MAX_CATCH_UP_ROUNDS + 2; i++) {
        step();
      }
      assertThat(table.epoch())
          .as("a balanced table stays unchanged, %s", describe())
          .isEqualTo(epoch);
    }

    /**
     * Rounds a stable membership may take: preparing and promoting up to {@code slotCount} leaders
     * (the leader surplus is below the slot count), waiting for the prepared copies to catch up,
     * then spreading up to {@code slotCount * followers} follower copies, each wait for catch-up
     * counted once more, plus a small constant for rounds only waiting.
     */
    private int convergenceBound() {
      int followers = Math.max(0, Math.min(replicas - 1, live.size() - 1));
      return ceilDiv(slotCount, balancer.maxLeaderMoves())
          + ceilDiv(slotCount, balancer.maxFollowerMoves())
          + ceilDiv(slotCount * followers, balancer.maxFollowerMoves())
          + 2 * (MAX_CATCH_UP_ROUNDS + 1)
          + 2;
    }

    /** One round of meta's loop; returns whether the balancer had nothing to do. */
    private boolean step() {
      clock.advance(Duration.ofMillis(random.nextInt(3) * 500L));
      SlotAssigner.assign(table, live, replicas, versions).ifPresent(next -> accept(next, false));
      boolean idle = true;
      if (SlotBalancer.isComplete(table, live, replicas)) {
        Optional<SlotTable> balanced = balancer.balance(table, live, replicas, this::isCaughtUp);
        balanced.ifPresent(next -> accept(next, true));
        idle = balanced.isEmpty();
      }
      checkInvariants();
      steps++;
      return idle;
    }

    private boolean isCaughtUp(int slotId, String follower) {
      int at = caughtUpAtStep[slotId][POOL.indexOf(follower)];
      return at >= 0 && at <= steps;
    }

    private void accept(SlotTable next, boolean balanced) {
      checkTransition(table, next, balanced);
      int[][] tracked = new int[slotCount][POOL.size()];
      for (Slot slot : next.slots()) {
        Slot old = table.slot(slot.id());
        Arrays.fill(tracked[slot.id()], -1);
        for (String follower : slot.followers()) {
          int index = POOL.indexOf(follower);
          int at = caughtUpAtStep[slot.id()][index];
          if (!old.followers().contains(follower)) {
            // A demoted leader holds the data; a new follower catches up k rounds later.
            at =
                follower.equals(old.leader())
                    ? steps
                    : steps + random.nextInt(MAX_CATCH_UP_ROUNDS + 1);
          }
          tracked[slot.id()][index] = at;
        }
      }
      caughtUpAtStep = tracked;
      table = next;
    }

    private void checkTransition(SlotTable before, SlotTable after, boolean balanced) {
      check(after.epoch() > before.epoch(), "table epoch grows");
      int leaderChanges = 0;
      int followerChanges = 0;
      for (Slot slot : after.slots()) {
        Slot old = before.slot(slot.id());
        boolean leaderChanged = !slot.leader().equals(old.leader());
        if (leaderChanged) {
          leaderChanges++;
          check(slot.leaderEpoch() > old.leaderEpoch(), "leader epoch grows, slot %d", slot.id());
          check(after.epoch() >= slot.leaderEpoch(), "table epoch >= leader epoch");
        } else {
          check(slot.leaderEpoch() == old.leaderEpoch(), "leader epoch kept, slot %d", slot.id());
          if (!slot.followers().equals(old.followers())) {
            followerChanges++;
          }
        }
        if (balanced && leaderChanged) {
          check(
              old.followers().contains(slot.leader()) && isCaughtUp(slot.id(), slot.leader()),
              "slot %d: new leader was a caught-up follower",
              slot.id());
          check(slot.followers().contains(old.leader()), "slot %d keeps old leader", slot.id());
        }
      }
      check(leaderChanges + followerChanges > 0, "a new table changes something");
      if (balanced) {
        check(leaderChanges <= balancer.maxLeaderMoves(), "leader moves %d", leaderChanges);
        check(followerChanges <= balancer.maxFollowerMoves(), "follower moves %d", followerChanges);
      }
    }

    private void checkInvariants() {
      int followersPerSlot = Math.max(0, Math.min(replicas - 1, live.size() - 1));
      for (Slot slot : table.slots()) {
        check(
            new HashSet<>(slot.followers()).size() == slot.followers().size(),
            "slot %d: duplicate followers %s",
            slot.id(),
            slot.followers());
        check(
            slot.leader() == null || !slot.followers().contains(slot.leader()),
            "slot %d: leader is also follower",
            slot.id());
        if (!live.isEmpty()) {
          check(live.contains(slot.leader()), "slot %d: leader %s", slot.id(), slot.leader());
          check(live.containsAll(slot.followers()), "slot %d: dead follower", slot.id());
          check(
              slot.followers().size() == followersPerSlot,
              "slot %d: followers %s",
              slot.id(),
              slot.followers());
        }
      }
    }

    private void check(boolean condition, String format, Object... args) {
      if (!condition) {
        throw new AssertionError(
            String.format(format, args) + " at step " + steps + ", " + describe());
      }
    }

    /** The bound, computed here independently; with one replica leaders are exempt. */
    private boolean withinBound() {
      int n = live.size();
      int followers = Math.min(replicas - 1, n - 1);
      Map<String, Integer> leaderCounts = new HashMap<>();
      Map<String, Integer> followerCounts = new HashMap<>();
      live.forEach(node -> leaderCounts.put(node, 0));
      live.forEach(node -> followerCounts.put(node, 0));
      for (Slot slot : table.slots()) {
        leaderCounts.merge(slot.leader(), 1, Integer::sum);
        slot.followers().forEach(node -> followerCounts.merge(node, 1, Integer::sum));
      }
      boolean leadersOk = replicas == 1 || spreadWithinOne(leaderCounts, slotCount, n);
      boolean followersOk = spreadWithinOne(followerCounts, slotCount * followers, n);
      boolean within = leadersOk && followersOk;
      if (within && replicas > 1) {
        assertThat(SlotBalancer.isBalanced(table, live, replicas)).as(describe()).isTrue();
      }
      return within;
    }

    private String pick(Set<String> nodes) {
      return new ArrayList<>(nodes).get(random.nextInt(nodes.size()));
    }
  }

  private static boolean spreadWithinOne(Map<String, Integer> counts, int total, int servers) {
    int floor = total / servers;
    int ceil = (total + servers - 1) / servers;
    return counts.values().stream().allMatch(count -> count >= floor && count <= ceil);
  }

  private static int ceilDiv(int dividend, int divisor) {
    return (dividend + divisor - 1) / divisor;
  }

  private static List<String> pool(int size) {
    List<String> nodes = new ArrayList<>();
    for (int i = 1; i <= size; i++) {
      nodes.add("10.0.0." + i + ":9620");
    }
    return nodes;
  }
}
