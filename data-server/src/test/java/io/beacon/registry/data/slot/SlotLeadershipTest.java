package io.beacon.registry.data.slot;

import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.common.model.Datum;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.slot.Slot;
import io.beacon.registry.common.slot.SlotTable;
import io.beacon.registry.data.SlotWorld;
import io.beacon.registry.testing.TestPublishers;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlotLeadershipTest {

  private static final String SELF = "10.0.0.1:9620";
  private static final String OTHER = "10.0.0.2:9620";

  private final SlotWorld world = new SlotWorld(SELF, 4);
  private final SlotLeadership leadership =
      new SlotLeadership(world.tables, world.store, () -> SELF);

  @Test
  void aSlotNoLongerLedLosesItsDataAndTheOthersKeepTheirs() {
    leadership.listen();
    world.tables.update(table(1, SELF, SELF));
    String kept = idInSlot(0);
    String lost = idInSlot(1);
    put(kept);
    put(lost);

    world.tables.update(table(2, SELF, OTHER));

    assertThat(leadership.ledSlots()).containsExactly(0, 2);
    assertThat(world.store.datum(kept).publishers()).hasSize(1);
    assertThat(world.store.datum(lost)).isEqualTo(Datum.empty(lost));
  }

  @Test
  void anOlderTableDeliveredLateChangesNothing() {
    world.tables.update(table(2, SELF, OTHER));
    leadership.onTable();
    world.tables.update(table(1, SELF, SELF));
    leadership.onTable();

    assertThat(leadership.ledSlots()).containsExactly(0, 2);
  }

  @Test
  void aFollowedSlotKeepsItsDataAndASlotNeitherLedNorFollowedLosesIt() {
    leadership.listen();
    world.tables.update(table(1, SELF, SELF));
    String followed = idInSlot(0);
    String gone = idInSlot(1);
    put(followed);
    put(gone);

    List<Slot> slots = new ArrayList<>();
    slots.add(new Slot(0, OTHER, 2, List.of(SELF)));
    slots.add(new Slot(1, OTHER, 2, List.of()));
    slots.add(new Slot(2, SELF, 1, List.of()));
    slots.add(new Slot(3, SELF, 1, List.of()));
    world.tables.update(new SlotTable(2, slots));

    assertThat(leadership.ledSlots()).containsExactly(2, 3);
    assertThat(leadership.followedSlots()).containsExactly(0);
    assertThat(world.store.datum(followed).publishers()).hasSize(1);
    assertThat(world.store.datum(gone)).isEqualTo(Datum.empty(gone));
  }

  /** Slots 0 and 2 are led by {@code even}, slots 1 and 3 by {@code odd}. */
  private SlotTable table(long epoch, String even, String odd) {
    return world.table(
        epoch, i -> new Slot(i, i % 2 == 0 ? even : odd, i % 2 == 0 ? 1 : epoch, List.of()));
  }

  private String idInSlot(int slotId) {
    return world.idInSlot(slotId, 0);
  }

  private void put(String dataInfoId) {
    world.put(TestPublishers.publisher(dataInfoId, "r1", 1, new ProcessId("s", 1, 1, 1)));
  }
}
