package io.beacon.registry.meta.slot;

import static io.beacon.registry.meta.slot.TestSlotTables.A;
import static io.beacon.registry.meta.slot.TestSlotTables.B;
import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.common.model.VersionClock;
import io.beacon.registry.common.slot.SlotTable;
import io.beacon.registry.common.slot.SlotTableHolder;
import io.beacon.registry.meta.leader.LeaderStatus;
import io.beacon.registry.testing.ManualClock;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SlotArrangerTest {

  private final ManualClock clock = new ManualClock();
  private final java.util.List<Long> persistedEpochs =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private final SlotTableHolder tables = new SlotTableHolder(16);
  private boolean leading = true;
  private final LeaderStatus leader =
      new LeaderStatus() {
        @Override
        public boolean isLeader() {
          return leading;
        }

        @Override
        public String leaderAddress() {
          return "10.0.0.9:9610";
        }
      };
  private final LearnedTables learned = new LearnedTables();
  private final SlotReports reports = new SlotReports();
  private final SlotArranger arranger =
      new SlotArranger(
          tables,
          2,
          new VersionClock(clock),
          leader,
          Duration.ofSeconds(2),
          learned,
          epoch -> {
            assertThat(tables.current().epoch()).isLessThan(epoch); // persisted before published
            persistedEpochs.add(epoch);
          },
          reports);

  @Test
  void everyNewTableIsPersistedBeforeItIsPublished() {
    arranger.start(clock.instant());
    clock.advance(Duration.ofSeconds(2));

    arranger.tick(clock.instant(), Set.of(A, B));

    assertThat(persistedEpochs).containsExactly(tables.current().epoch());
  }

  @Test
  void aNewLeaderHandsOutNoTableDuringItsWarmupThenAdoptsTheNewestReportedOneAndMovesNothing() {
    // The table an earlier leader made, as the data servers report it.
    SlotTable earlier =
        SlotAssigner.assign(SlotTable.initial(16), Set.of(A, B), 2, new VersionClock(clock))
            .orElseThrow();
    arranger.start(clock.instant());
    arranger.onLeadership(clock.instant(), Duration.ofSeconds(3), earlier.epoch());
    learned.offer(earlier);

    clock.advance(Duration.ofSeconds(2));
    assertThat(arranger.handsOutTables(clock.instant())).isFalse();
    assertThat(arranger.tick(clock.instant(), Set.of(A, B))).isFalse();
    assertThat(tables.current().isAssigned()).isFalse();

    clock.advance(Duration.ofSeconds(1));
    assertThat(arranger.handsOutTables(clock.instant())).isTrue();
    arranger.tick(clock.instant(), Set.of(A, B));

    assertThat(tables.current()).isEqualTo(earlier);
    assertThat(persistedEpochs).isEmpty();
  }

  @Test
  void aNewLeaderNeverIssuesAnEpochAtOrBelowThePersistedHighest() {
    long persistedHighest = new VersionClock(clock).next() + 1_000_000_000L;
    arranger.start(clock.instant());
    arranger.onLeadership(clock.instant(), Duration.ZERO, persistedHighest);

    arranger.tick(clock.instant().plusSeconds(2), Set.of(A));

    assertThat(tables.current().epoch()).isGreaterThan(persistedHighest);
    for (var slot : tables.current().slots()) {
      assertThat(slot.leaderEpoch()).isGreaterThan(persistedHighest);
    }
  }

  @Test
  void balancingWaitsUntilEveryDataServerHoldsTheTable() {
    String c = "10.0.0.3:9620";
    arranger.start(clock.instant());
    clock.advance(Duration.ofSeconds(2));
    arranger.tick(clock.instant(), Set.of(A, B));
    SlotTable twoServers = tables.current();
    arranger.tick(clock.instant(), Set.of(A, B, c)); // c joins: followers assigned to it
    SlotTable withC = tables.current();
    assertThat(withC.slotsFollowedBy(c)).isEmpty(); // every slot already has its one follower

    reports.record(A, withC.epoch() - 1, java.util.List.copyOf(withC.slotsFollowedBy(A)));
    reports.record(B, withC.epoch(), java.util.List.copyOf(withC.slotsFollowedBy(B)));
    reports.record(c, withC.epoch(), java.util.List.of());
    assertThat(arranger.tick(clock.instant(), Set.of(A, B, c))).isFalse(); // A holds an old table

    reports.record(A, withC.epoch(), java.util.List.copyOf(withC.slotsFollowedBy(A)));
    assertThat(arranger.tick(clock.instant(), Set.of(A, B, c))).isTrue();

    assertThat(tables.current().slotsFollowedBy(c)).isNotEmpty();
    // c holds no caught-up copy yet, so no leader moved to it.
    assertThat(tables.current().slotsLedBy(c)).isEmpty();
  }

  @Test
  void nothingIsAssignedBeforeStartOrBeforeTheAssignDelay() {
    assertThat(arranger.tick(clock.instant(), Set.of(A))).isFalse();

    arranger.start(clock.instant());
    clock.advance(Duration.ofMillis(1999));

    assertThat(arranger.tick(clock.instant(), Set.of(A))).isFalse();
    assertThat(tables.current().isAssigned()).isFalse();
  }

  @Test
  void serversThatJoinedDuringTheDelayShareTheFirstTable() {
    arranger.start(clock.instant());
    clock.advance(Duration.ofSeconds(2));

    assertThat(arranger.tick(clock.instant(), Set.of(A, B))).isTrue();

    SlotTable table = tables.current();
    assertThat(table.slotsLedBy(A)).hasSize(8);
    assertThat(table.slotsLedBy(B)).hasSize(8);
  }

  @Test
  void repeatedTicksWithTheSameMembershipPublishNothing() {
    arranger.start(clock.instant());
    clock.advance(Duration.ofSeconds(2));
    arranger.tick(clock.instant(), Set.of(A, B));
    long epoch = tables.current().epoch();

    clock.advance(Duration.ofSeconds(1));

    assertThat(arranger.tick(clock.instant(), Set.of(A, B))).isFalse();
    assertThat(arranger.tick(clock.instant(), Set.of())).isFalse();
    assertThat(tables.current().epoch()).isEqualTo(epoch);
  }

  @Test
  void aMetaThatDoesNotLeadAssignsNothing() {
    leading = false;
    arranger.start(clock.instant());
    clock.advance(Duration.ofSeconds(3));

    assertThat(arranger.tick(clock.instant(), Set.of(A, B))).isFalse();
    assertThat(tables.current().isAssigned()).isFalse();
  }

  @Test
  void aDrainingServerIsEmptiedLeadersFirstThenTheBalancerSpreadsTheRest() {
    String c = "10.0.0.3:9620";
    Set<String> live = Set.of(A, B, c);
    arranger.start(clock.instant());
    clock.advance(Duration.ofSeconds(2));
    arranger.tick(clock.instant(), live);
    assertThat(tables.current().slotsLedBy(A)).isNotEmpty();

    for (int round = 0; round < 40 && holds(A); round++) {
      reportEverythingCaughtUp(live);
      arranger.tick(clock.instant(), live, Set.of(A));
      SlotTable table = tables.current();
      for (var slot : table.slots()) {
        assertThat(slot.leader()).isIn(live);
      }
    }

    assertThat(holds(A)).isFalse();
    // Drained: the balancer spreads the slots over the eligible servers only.
    for (int round = 0; round < 40; round++) {
      reportEverythingCaughtUp(live);
      if (!arranger.tick(clock.instant(), live, Set.of(A))) {
        break;
      }
    }
    assertThat(holds(A)).isFalse();
    assertThat(SlotBalancer.isBalanced(tables.current(), Set.of(B, c), 2)).isTrue();
  }

  @Test
  void whenEveryLiveServerDrainsTheTableIsKept() {
    arranger.start(clock.instant());
    clock.advance(Duration.ofSeconds(2));
    arranger.tick(clock.instant(), Set.of(A, B));
    SlotTable before = tables.current();
    reportEverythingCaughtUp(Set.of(A, B));

    assertThat(arranger.tick(clock.instant(), Set.of(A, B), Set.of(A, B))).isFalse();

    assertThat(tables.current()).isEqualTo(before);
  }

  @Test
  void aRestartedServerIsStrippedThenComesBackAsFollowerAndLeaderOnceCaughtUp() {
    String c = "10.0.0.3:9620";
    Set<String> live = Set.of(A, B, c);
    arranger.start(clock.instant());
    clock.advance(Duration.ofSeconds(2));
    arranger.tick(clock.instant(), live);
    settle(live);
    SlotTable before = tables.current();
    assertThat(before.slotsLedBy(B)).isNotEmpty();
    reportEverythingCaughtUp(live);

    arranger.dataServerRestarted(B);
    assertThat(arranger.tick(clock.instant(), live)).isTrue();

    SlotTable stripped = tables.current();
    assertThat(stripped.slotsLedBy(B)).isEmpty();
    assertThat(stripped.slotsFollowedBy(B)).isEmpty();
    for (int slotId : before.slotsLedBy(B)) {
      assertThat(stripped.slot(slotId).leaderEpoch())
          .isGreaterThan(before.slot(slotId).leaderEpoch());
      assertThat(before.slot(slotId).followers()).contains(stripped.slot(slotId).leader());
    }
    assertThat(reports.isCaughtUp(before.slotsFollowedBy(B).iterator().next(), B)).isFalse();

    // B reports the new table but has caught up nothing: it gets follower copies, no leader.
    reports.record(A, stripped.epoch(), java.util.List.copyOf(stripped.slotsFollowedBy(A)));
    reports.record(c, stripped.epoch(), java.util.List.copyOf(stripped.slotsFollowedBy(c)));
    reports.record(B, stripped.epoch(), java.util.List.of());
    assertThat(arranger.tick(clock.instant(), live)).isTrue();
    assertThat(tables.current().slotsFollowedBy(B)).isNotEmpty();
    assertThat(tables.current().slotsLedBy(B)).isEmpty();

    // Once it reports its copies caught up, the balancer gives it leaders back.
    settle(live);
    assertThat(tables.current().slotsLedBy(B)).isNotEmpty();
    assertThat(SlotBalancer.isBalanced(tables.current(), live, 2)).isTrue();
  }

  @Test
  void aRestartedSoleServerKeepsItsSlotsUnderNewLeaderEpochs() {
    arranger.start(clock.instant());
    clock.advance(Duration.ofSeconds(2));
    arranger.tick(clock.instant(), Set.of(A));
    SlotTable before = tables.current();

    arranger.dataServerRestarted(A);
    assertThat(arranger.tick(clock.instant(), Set.of(A))).isTrue();

    for (var slot : tables.current().slots()) {
      assertThat(slot.leader()).isEqualTo(A);
      assertThat(slot.leaderEpoch()).isGreaterThan(before.slot(slot.id()).leaderEpoch());
    }
    assertThat(arranger.tick(clock.instant(), Set.of(A))).isFalse(); // the restart is consumed
  }

  @Test
  void aRestartSeenBeforeTheAssignDelayIsHandledInTheFirstRoundThatRuns() {
    arranger.start(clock.instant());
    clock.advance(Duration.ofSeconds(2));
    arranger.tick(clock.instant(), Set.of(A, B));
    SlotTable before = tables.current();
    leading = false;
    arranger.dataServerRestarted(B);
    assertThat(arranger.tick(clock.instant(), Set.of(A, B))).isFalse();
    leading = true;

    assertThat(arranger.tick(clock.instant(), Set.of(A, B))).isTrue();

    assertThat(tables.current().slotsLedBy(B)).isEmpty();
    assertThat(tables.current().epoch()).isGreaterThan(before.epoch());
  }

  /** Ticks with every follower reporting caught up until the table stops changing. */
  private void settle(Set<String> live) {
    for (int round = 0; round < 60; round++) {
      reportEverythingCaughtUp(live);
      if (!arranger.tick(clock.instant(), live)) {
        return;
      }
    }
    throw new AssertionError("table did not settle: " + tables.current());
  }

  private void reportEverythingCaughtUp(Set<String> live) {
    SlotTable table = tables.current();
    for (String node : live) {
      reports.record(node, table.epoch(), java.util.List.copyOf(table.slotsFollowedBy(node)));
    }
  }

  private boolean holds(String node) {
    return !tables.current().slotsLedBy(node).isEmpty()
        || !tables.current().slotsFollowedBy(node).isEmpty();
  }
}
