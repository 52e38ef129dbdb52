package io.beacon.registry.meta.slot;

import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.common.model.VersionClock;
import io.beacon.registry.common.slot.SlotTable;
import io.beacon.registry.common.slot.SlotTableHolder;
import io.beacon.registry.common.time.ManualClock;
import io.beacon.registry.meta.leader.LeaderStatus;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SlotArrangerTest {

  private static final String A = "10.0.0.1:9620";
  private static final String B = "10.0.0.2:9620";

  private final ManualClock clock = new ManualClock();
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
  private final SlotArranger arranger =
      new SlotArranger(tables, 2, new VersionClock(clock), leader, Duration.ofSeconds(2));

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
}
