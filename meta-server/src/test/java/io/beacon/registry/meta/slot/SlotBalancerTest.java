package io.beacon.registry.meta.slot;

import static io.beacon.registry.meta.slot.TestSlotTables.A;
import static io.beacon.registry.meta.slot.TestSlotTables.B;
import static io.beacon.registry.meta.slot.TestSlotTables.C;
import static io.beacon.registry.meta.slot.TestSlotTables.D;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.beacon.registry.common.model.VersionClock;
import io.beacon.registry.common.slot.Slot;
import io.beacon.registry.common.slot.SlotTable;
import io.beacon.registry.testing.ManualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SlotBalancerTest {

  private final ManualClock clock = new ManualClock();
  private final VersionClock versions = new VersionClock(clock);
  private final SlotBalancer balancer = new SlotBalancer(versions);

  @Test
  void aNewServerGetsFollowerCopiesFirstAndLeadsOnlyOnceTheyCaughtUp() {
    SlotTable twoServers = assign(SlotTable.initial(16), Set.of(A, B), 2);
    Set<String> live = Set.of(A, B, C);
    assertThat(SlotAssigner.assign(twoServers, live, 2, versions)).isEmpty();

    FollowerProgress newServerLags = (slotId, follower) -> !follower.equals(C);

    SlotTable prepared = balance(twoServers, live, 2, newServerLags);

    assertThat(leaderChanges(twoServers, prepared)).isZero();
    assertThat(prepared.slotsLedBy(C)).isEmpty();
    assertThat(prepared.slotsFollowedBy(C)).hasSize(5);
    assertThat(balancer.balance(prepared, live, 2, newServerLags)).isEmpty();

    SlotTable promoted = balance(prepared, live, 2, FollowerProgress.allCaughtUp());

    assertThat(promoted.slotsLedBy(C)).isEqualTo(prepared.slotsFollowedBy(C));
    for (int slotId : promoted.slotsLedBy(C)) {
      assertThat(promoted.slot(slotId).followers()).containsExactly(prepared.slot(slotId).leader());
    }
    SlotTable balanced = balanceUntilIdle(promoted, live, 2, FollowerProgress.allCaughtUp());
    assertThat(SlotBalancer.isBalanced(balanced, live, 2)).isTrue();
  }

  @Test
  void noFollowerCopyIsReplacedWhileTheSlotsFollowersLag() {
    SlotTable twoServers = assign(SlotTable.initial(16), Set.of(A, B), 2);

    assertThat(balancer.balance(twoServers, Set.of(A, B, C), 2, FollowerProgress.noneCaughtUp()))
        .isEmpty();
  }

  @Test
  void noLeaderMovesWhileNoFollowerHasCaughtUp() {
    SlotTable alone = assign(SlotTable.initial(64), Set.of(A), 2);
    Set<String> live = Set.of(A, B, C);
    SlotTable table = assign(alone, live, 2);

    for (int round = 0; round < 20; round++) {
      Optional<SlotTable> next = balancer.balance(table, live, 2, FollowerProgress.noneCaughtUp());
      if (next.isEmpty()) {
        break;
      }
      assertThat(leaderChanges(table, next.get())).isZero();
      table = next.get();
    }

    assertThat(table.slotsLedBy(A)).hasSize(64);
    assertThat(balancer.balance(table, live, 2, FollowerProgress.noneCaughtUp())).isEmpty();
  }

  @Test
  void onlyCaughtUpFollowersArePromoted() {
    SlotTable twoServers = assign(SlotTable.initial(16), Set.of(A, B), 2);
    Set<String> live = Set.of(A, B, C);
    SlotTable prepared = balance(twoServers, live, 2, (slotId, follower) -> !follower.equals(C));
    int readySlot = prepared.slotsFollowedBy(C).iterator().next();

    SlotTable next = balance(prepared, live, 2, FollowerProgress.of(Map.of(readySlot, Set.of(C))));

    assertThat(next.slotsLedBy(C)).containsExactly(readySlot);
  }

  @Test
  void everyRoundStaysWithinTheMoveLimits() {
    SlotTable alone = assign(SlotTable.initial(256), Set.of(A), 3);
    Set<String> live = Set.of(A, B, C, D);
    for (SlotBalancer limited :
        List.of(balancer, new SlotBalancer(versions, 1, 2), new SlotBalancer(versions, 3, 1))) {
      SlotTable table = assign(alone, live, 3);
      int rounds = 0;
      for (Optional<SlotTable> next = balanceCaughtUp(limited, table, live, 3);
          next.isPresent();
          next = balanceCaughtUp(limited, table, live, 3)) {
        assertThat(leaderChanges(table, next.get())).isLessThanOrEqualTo(limited.maxLeaderMoves());
        assertThat(followerChanges(table, next.get()))
            .isLessThanOrEqualTo(limited.maxFollowerMoves());
        table = next.get();
        assertThat(++rounds).isLessThan(1000);
      }
      assertThat(SlotBalancer.isBalanced(table, live, 3)).isTrue();
    }
  }

  @Test
  void aBalancedTableYieldsNoNewTable() {
    Set<String> live = Set.of(A, B, C);
    SlotTable table = assign(SlotTable.initial(256), live, 2);

    assertThat(SlotBalancer.isBalanced(table, live, 2)).isTrue();
    assertThat(balancer.balance(table, live, 2, FollowerProgress.allCaughtUp())).isEmpty();
  }

  @Test
  void leaderEpochsChangeOnlyForPromotedSlotsAndTheTableEpochOncePerTable() {
    SlotTable before = assign(SlotTable.initial(16), Set.of(A), 2);
    Set<String> live = Set.of(A, B);
    SlotTable followed = assign(before, live, 2);

    SlotTable after = balance(followed, live, 2, FollowerProgress.allCaughtUp());

    long maxLeaderEpoch = 0;
    for (Slot slot : after.slots()) {
      Slot old = followed.slot(slot.id());
      if (slot.leader().equals(old.leader())) {
        assertThat(slot.leaderEpoch()).isEqualTo(old.leaderEpoch());
      } else {
        assertThat(slot.leaderEpoch()).isGreaterThan(old.leaderEpoch());
      }
      maxLeaderEpoch = Math.max(maxLeaderEpoch, slot.leaderEpoch());
    }
    assertThat(after.epoch()).isGreaterThan(followed.epoch()).isGreaterThan(maxLeaderEpoch);
    assertThat(after.slotsLedBy(B)).hasSize(6);
  }

  @Test
  void incompleteTablesAreLeftToTheAssigner() {
    SlotTable table = assign(SlotTable.initial(16), Set.of(A, B), 2);

    assertThat(SlotBalancer.isComplete(table, Set.of(A), 2)).isFalse();
    assertThat(balancer.balance(table, Set.of(A), 2, FollowerProgress.allCaughtUp())).isEmpty();
    assertThat(SlotBalancer.isComplete(table, Set.of(A, B, C), 3)).isFalse();
    assertThat(balancer.balance(SlotTable.initial(16), Set.of(A), 2, (s, f) -> true)).isEmpty();
    assertThat(balancer.balance(table, Set.of(), 2, FollowerProgress.allCaughtUp())).isEmpty();
  }

  @Test
  void withOneReplicaLeadersNeverMoveBecauseNoOtherCopyExists() {
    SlotTable alone = assign(SlotTable.initial(16), Set.of(A), 1);
    Set<String> live = Set.of(A, B);

    assertThat(SlotAssigner.assign(alone, live, 1, versions)).isEmpty();
    assertThat(balancer.balance(alone, live, 1, FollowerProgress.allCaughtUp())).isEmpty();
    assertThat(SlotBalancer.isBalanced(alone, live, 1)).isFalse();
  }

  @Test
  void leadersSpreadWhenEveryServerHoldsEverySlot() {
    SlotTable alone = assign(SlotTable.initial(16), Set.of(A), 3);
    Set<String> live = Set.of(A, B);
    SlotTable table = assign(alone, live, 3);

    SlotTable balanced = balanceUntilIdle(table, live, 3, FollowerProgress.allCaughtUp());

    assertThat(balanced.slotsLedBy(A)).hasSize(8);
    assertThat(balanced.slotsLedBy(B)).hasSize(8);
    assertThat(balanced.slotsFollowedBy(A)).hasSize(8);
    assertThat(balanced.slots()).allSatisfy(slot -> assertThat(slot.followers()).hasSize(1));
  }

  @Test
  void followersSpreadWithoutMovingBalancedLeaders() {
    SlotTable skewed = skewedFollowers();
    Set<String> live = Set.of(A, B, C, D);
    assertThat(SlotBalancer.isComplete(skewed, live, 2)).isTrue();
    assertThat(SlotBalancer.isBalanced(skewed, live, 2)).isFalse();

    SlotTable balanced = balanceUntilIdle(skewed, live, 2, FollowerProgress.allCaughtUp());

    assertThat(leaderChanges(skewed, balanced)).isZero();
    for (String node : live) {
      assertThat(balanced.slotsFollowedBy(node)).hasSize(2);
    }
  }

  @Test
  void aFollowerCopyIsReplacedOnlyInSlotsWhoseFollowersCaughtUp() {
    SlotTable skewed = skewedFollowers();
    Set<String> live = Set.of(A, B, C, D);
    FollowerProgress onlySlotsZeroToThree = (slotId, follower) -> slotId < 4;

    SlotTable next = balance(skewed, live, 2, onlySlotsZeroToThree);

    for (int slotId = 4; slotId < 8; slotId++) {
      assertThat(next.slot(slotId)).isEqualTo(skewed.slot(slotId));
    }
  }

  @Test
  void invalidArgumentsAreRejected() {
    assertThatThrownBy(() -> new SlotBalancer(versions, 0, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SlotBalancer(versions, 6, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                balancer.balance(
                    SlotTable.initial(4), Set.of(A), 0, FollowerProgress.allCaughtUp()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Eight slots, two led by each server; D follows six slots, A two, B and C none. */
  private SlotTable skewedFollowers() {
    String[] leaders = {A, A, B, B, C, C, D, D};
    List<Slot> slots = new ArrayList<>();
    for (int id = 0; id < leaders.length; id++) {
      String follower = leaders[id].equals(D) ? A : D;
      slots.add(new Slot(id, leaders[id], 1L, List.of(follower)));
    }
    return new SlotTable(2L, slots);
  }

  private SlotTable assign(SlotTable current, Set<String> live, int replicas) {
    return TestSlotTables.assigned(current, live, replicas, versions);
  }

  private SlotTable balance(
      SlotTable current, Set<String> live, int replicas, FollowerProgress progress) {
    Optional<SlotTable> next = balancer.balance(current, live, replicas, progress);
    assertThat(next).isPresent();
    return next.get();
  }

  private Optional<SlotTable> balanceCaughtUp(
      SlotBalancer limited, SlotTable table, Set<String> live, int replicas) {
    return limited.balance(table, live, replicas, FollowerProgress.allCaughtUp());
  }

  private SlotTable balanceUntilIdle(
      SlotTable table, Set<String> live, int replicas, FollowerProgress progress) {
    for (int round = 0; round < 1000; round++) {
      Optional<SlotTable> next = balancer.balance(table, live, replicas, progress);
      if (next.isEmpty()) {
        return table;
      }
      assertThat(next.get().epoch()).isGreaterThan(table.epoch());
      table = next.get();
    }
    throw new AssertionError("not balanced after 1000 rounds");
  }

  private static int leaderChanges(SlotTable before, SlotTable after) {
    int changes = 0;
    for (Slot slot : after.slots()) {
      if (!slot.leader().equals(before.slot(slot.id()).leader())) {
        changes++;
      }
    }
    return changes;
  }

  private static int followerChanges(SlotTable before, SlotTable after) {
    int changes = 0;
    for (Slot slot : after.slots()) {
      Slot old = before.slot(slot.id());
      if (slot.leader().equals(old.leader()) && !slot.followers().equals(old.followers())) {
        changes++;
      }
    }
    return changes;
  }
}
