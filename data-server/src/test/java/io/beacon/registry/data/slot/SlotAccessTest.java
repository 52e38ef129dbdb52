package io.beacon.registry.data.slot;

import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.common.protocol.Status;
import io.beacon.registry.common.slot.SlotTable;
import io.beacon.registry.common.slot.SlotTableHolder;
import io.beacon.registry.testing.DataNodeHarness;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SlotAccessTest {

  private static final String SELF = "10.0.0.1:9620";
  private static final String OTHER = "10.0.0.2:9620";

  private final SlotTableHolder tables = new SlotTableHolder(4);
  private final AtomicInteger refreshes = new AtomicInteger();
  private final SlotAccess access = new SlotAccess(tables, () -> SELF, refreshes::incrementAndGet);

  @Test
  void everySlotIsNotLedBeforeATableIsAssigned() {
    assertThat(access.check(0, 0, 0)).isEqualTo(Status.NOT_LEADER);
    assertThat(access.tableEpoch()).isZero();
  }

  @Test
  void aSlotLedByAnotherNodeIsNotLed() {
    tables.update(table(5, OTHER, 3));

    assertThat(access.check(1, 5, 3)).isEqualTo(Status.NOT_LEADER);
  }

  @Test
  void aSlotWithoutLeaderIsNotLed() {
    tables.update(table(5, null, 3));

    assertThat(access.check(1, 5, 3)).isEqualTo(Status.NOT_LEADER);
  }

  @Test
  void aLedSlotWithTheSameLeaderEpochIsAccepted() {
    tables.update(table(5, SELF, 3));

    assertThat(access.check(1, 5, 3)).isEqualTo(Status.OK);
    assertThat(access.tableEpoch()).isEqualTo(5);
    assertThat(refreshes).hasValue(0);
  }

  @Test
  void aDifferentLeaderEpochIsStaleEitherWay() {
    tables.update(table(5, SELF, 3));

    assertThat(access.check(1, 5, 2)).isEqualTo(Status.STALE_EPOCH);
    assertThat(access.check(1, 5, 4)).isEqualTo(Status.STALE_EPOCH);
  }

  @Test
  void aCallerWithANewerTableMakesThisNodeRefreshAtOnce() {
    tables.update(table(5, SELF, 3));

    assertThat(access.check(1, 6, 4)).isEqualTo(Status.STALE_EPOCH);
    assertThat(refreshes).hasValue(1);
    assertThat(access.check(1, 4, 2)).isEqualTo(Status.STALE_EPOCH);
    assertThat(refreshes).hasValue(1);
  }

  @Test
  void aCallerWithANewerTableAlsoTriggersARefreshBeforeAnyTableIsAssigned() {
    assertThat(access.check(1, 2, 1)).isEqualTo(Status.NOT_LEADER);
    assertThat(refreshes).hasValue(1);
  }

  static SlotTable table(long epoch, String leader, long leaderEpoch) {
    return DataNodeHarness.everySlotLedBy(epoch, 4, leader, leaderEpoch, List.of());
  }
}
