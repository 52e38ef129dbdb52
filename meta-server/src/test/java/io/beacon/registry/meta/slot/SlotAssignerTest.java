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
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SlotAssignerTest {

  private final ManualClock clock = new ManualClock();
  private final VersionClock versions = new VersionClock(clock);

  @Test
  void everySlotGetsALeaderAndALoneServerGetsNoFollowers() {
    SlotTable table = assign(SlotTable.initial(16), List.of(A), 2);

    assertThat(table.isAssigned()).isTrue();
    assertThat(table.slots()).allSatisfy(slot -> assertThat(slot.leader()).isEqualTo(A));
    assertThat(table.slots()).allSatisfy(slot -> assertThat(slot.followers()).isEmpty());
  }

  @Test
  void followersAppearWithTwoServersAndAreNeverTheLeader() {
    SlotTable table = assign(SlotTable.initial(16), List.of(A, B), 2);

    for (Slot slot : table.slots()) {
      assertThat(slot.followers()).hasSize(1).doesNotContain(slot.leader());
    }
    assertThat(table.slotsLedBy(A)).hasSize(8);
    assertThat(table.slotsLedBy(B)).hasSize(8);
  }

  @Test
  void leadersAndFollowersSpreadAcrossThreeServersAssignedTogether() {
    SlotTable table = assign(SlotTable.initial(256), List.of(C, A, B), 2);

    for (String node : List.of(A, B, C)) {
      assertThat(table.slotsLedBy(node)).hasSizeBetween(85, 86);
      assertThat(table.slotsFollowedBy(node)).hasSizeBetween(85, 86);
    }
    assertThat(table.slots())
        .allSatisfy(slot -> assertThat(slot.followers()).hasSize(1).doesNotContain(slot.leader()));
  }

  @Test
  void deadLeaderIsReplacedByItsFollowerAndOnlyThatSlotsLeaderEpochChanges() {
    SlotTable before = assign(SlotTable.initial(16), List.of(A, B), 2);
    clock.advance(Duration.ofSeconds(1));

    SlotTable after = assign(before, List.of(A), 2);

    for (int id = 0; id < 16; id++) {
      Slot old = before.slot(id);
      Slot now = after.slot(id);
      assertThat(now.leader()).isEqualTo(A);
      assertThat(now.followers()).isEmpty();
      if (old.leader().equals(A)) {
        assertThat(now.leaderEpoch()).isEqualTo(old.leaderEpoch());
      } else {
        assertThat(now.leaderEpoch()).isGreaterThan(old.leaderEpoch());
      }
    }
    assertThat(after.epoch()).isGreaterThan(before.epoch());
  }

  @Test
  void newServerBecomesFollowerWithoutMovingHealthyLeaders() {
    SlotTable alone = assign(SlotTable.initial(16), List.of(A), 2);

    SlotTable joined = assign(alone, List.of(A, B), 2);

    for (Slot slot : joined.slots()) {
      assertThat(slot.leader()).isEqualTo(A);
      assertThat(slot.leaderEpoch()).isEqualTo(alone.slot(slot.id()).leaderEpoch());
      assertThat(slot.followers()).containsExactly(B);
    }
  }

  @Test
  void unchangedMembershipLeavesTableAndEpochUnchanged() {
    SlotTable table = assign(SlotTable.initial(32), List.of(A, B, C), 2);
    clock.advance(Duration.ofSeconds(5));

    assertThat(SlotAssigner.assign(table, List.of(A, B, C), 2, versions)).isEmpty();
    assertThat(SlotAssigner.assign(table, List.of(C, B, A), 2, versions)).isEmpty();
  }

  @Test
  void epochsStrictlyGrowEvenWhenTheClockStands() {
    SlotTable table = SlotTable.initial(16);
    List<List<String>> memberships =
        List.of(List.of(A), List.of(A, B), List.of(B), List.of(B, C), List.of(C, D), List.of(D));
    for (List<String> live : memberships) {
      SlotTable next = assign(table, live, 2);

      assertThat(next.epoch()).isGreaterThan(table.epoch());
      for (Slot slot : next.slots()) {
        Slot old = table.slot(slot.id());
        if (!slot.leader().equals(old.leader())) {
          assertThat(slot.leaderEpoch()).isGreaterThan(old.leaderEpoch());
        }
        assertThat(next.epoch()).isGreaterThanOrEqualTo(slot.leaderEpoch());
      }
      table = next;
    }
  }

  @Test
  void slotsWithoutAnyAliveOwnerGoToTheServersLeadingFewest() {
    SlotTable before = assign(SlotTable.initial(16), List.of(A, B), 2);

    SlotTable after = assign(before, List.of(C, D), 2);

    assertThat(after.slotsLedBy(C)).hasSize(8);
    assertThat(after.slotsLedBy(D)).hasSize(8);
    assertThat(after.dataServers()).containsExactly(C, D);
  }

  @Test
  void orphanedSlotsFillTheServerLeadingFewestFirst() {
    SlotTable twoServers = assign(SlotTable.initial(16), List.of(A, B), 1);

    SlotTable after = assign(twoServers, List.of(A, C), 1);

    assertThat(after.slotsLedBy(A)).isEqualTo(twoServers.slotsLedBy(A));
    assertThat(after.slotsLedBy(C)).isEqualTo(twoServers.slotsLedBy(B));
  }

  @Test
  void followersAreCappedByReplicasAndByTheOtherLiveServers() {
    SlotTable threeReplicas = assign(SlotTable.initial(8), List.of(A, B), 3);
    assertThat(threeReplicas.slots()).allSatisfy(slot -> assertThat(slot.followers()).hasSize(1));

    SlotTable withC = assign(threeReplicas, List.of(A, B, C), 3);
    assertThat(withC.slots()).allSatisfy(slot -> assertThat(slot.followers()).hasSize(2));

    SlotTable oneReplica = assign(withC, List.of(A, B, C), 1);
    assertThat(oneReplica.slots()).allSatisfy(slot -> assertThat(slot.followers()).isEmpty());
  }

  @Test
  void noLiveServersLeaveTheTableUnchanged() {
    SlotTable table = assign(SlotTable.initial(16), List.of(A, B), 2);

    assertThat(SlotAssigner.assign(table, List.of(), 2, versions)).isEmpty();
    assertThat(SlotAssigner.assign(SlotTable.initial(16), Set.of(), 2, versions)).isEmpty();
  }

  @Test
  void deadFollowersAreReplacedByTheLeastLoadedServers() {
    SlotTable before = assign(SlotTable.initial(12), List.of(A, B, C), 2);
    Set<Integer> followedByC = before.slotsFollowedBy(C);
    Set<Integer> ledByC = before.slotsLedBy(C);

    SlotTable after = assign(before, List.of(A, B, D), 2);

    assertThat(after.dataServers()).containsExactly(A, B, D);
    for (int id : followedByC) {
      assertThat(after.slot(id).leader()).isEqualTo(before.slot(id).leader());
      assertThat(after.slot(id).leaderEpoch()).isEqualTo(before.slot(id).leaderEpoch());
      assertThat(after.slot(id).followers()).hasSize(1);
    }
    Set<String> promoted =
        ledByC.stream().map(id -> after.slot(id).leader()).collect(Collectors.toSet());
    assertThat(promoted).isSubsetOf(A, B);
    for (String node : List.of(A, B, D)) {
      assertThat(after.slotsFollowedBy(node)).hasSize(4);
    }
  }

  private SlotTable assign(SlotTable current, List<String> live, int replicas) {
    return TestSlotTables.assigned(current, live, replicas, versions);
  }
}
