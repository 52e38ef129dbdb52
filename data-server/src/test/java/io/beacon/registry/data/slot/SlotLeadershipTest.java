package io.beacon.registry.data.slot;

import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.common.model.Datum;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.common.model.RegisterVersion;
import io.beacon.registry.common.model.VersionClock;
import io.beacon.registry.common.protocol.PublisherPut;
import io.beacon.registry.common.protocol.Status;
import io.beacon.registry.common.slot.Slot;
import io.beacon.registry.common.slot.SlotFunction;
import io.beacon.registry.common.slot.SlotTable;
import io.beacon.registry.common.slot.SlotTableHolder;
import io.beacon.registry.data.store.DatumStore;
import io.beacon.registry.testing.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlotLeadershipTest {

  private static final String SELF = "10.0.0.1:9620";
  private static final String OTHER = "10.0.0.2:9620";

  private final ManualClock clock = new ManualClock();
  private final SlotTableHolder tables = new SlotTableHolder(4);
  private final DatumStore store =
      new DatumStore(new SlotFunction(4), new VersionClock(clock), clock, Duration.ofMinutes(3));
  private final SlotLeadership leadership = new SlotLeadership(tables, store, () -> SELF);

  @Test
  void aSlotNoLongerLedLosesItsDataAndTheOthersKeepTheirs() {
    leadership.listen();
    tables.update(table(1, SELF, SELF));
    String kept = idInSlot(0);
    String lost = idInSlot(1);
    put(kept);
    put(lost);

    tables.update(table(2, SELF, OTHER));

    assertThat(leadership.ledSlots()).containsExactly(0, 2);
    assertThat(store.datum(kept).publishers()).hasSize(1);
    assertThat(store.datum(lost)).isEqualTo(Datum.empty(lost));
  }

  @Test
  void anOlderTableDeliveredLateChangesNothing() {
    tables.update(table(2, SELF, OTHER));
    leadership.onTable();
    tables.update(table(1, SELF, SELF));
    leadership.onTable();

    assertThat(leadership.ledSlots()).containsExactly(0, 2);
  }

  @Test
  void aFollowedSlotKeepsItsDataAndASlotNeitherLedNorFollowedLosesIt() {
    leadership.listen();
    tables.update(table(1, SELF, SELF));
    String followed = idInSlot(0);
    String gone = idInSlot(1);
    put(followed);
    put(gone);

    List<Slot> slots = new ArrayList<>();
    slots.add(new Slot(0, OTHER, 2, List.of(SELF)));
    slots.add(new Slot(1, OTHER, 2, List.of()));
    slots.add(new Slot(2, SELF, 1, List.of()));
    slots.add(new Slot(3, SELF, 1, List.of()));
    tables.update(new SlotTable(2, slots));

    assertThat(leadership.ledSlots()).containsExactly(2, 3);
    assertThat(leadership.followedSlots()).containsExactly(0);
    assertThat(store.datum(followed).publishers()).hasSize(1);
    assertThat(store.datum(gone)).isEqualTo(Datum.empty(gone));
  }

  /** Slots 0 and 2 are led by {@code even}, slots 1 and 3 by {@code odd}. */
  private static SlotTable table(long epoch, String even, String odd) {
    List<Slot> slots = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      slots.add(new Slot(i, i % 2 == 0 ? even : odd, i % 2 == 0 ? 1 : epoch, List.of()));
    }
    return new SlotTable(epoch, slots);
  }

  private String idInSlot(int slotId) {
    for (int i = 0; ; i++) {
      String id = "data-" + i + "#@#DEFAULT_INSTANCE_ID#@#DEFAULT_GROUP";
      if (store.slotOf(id) == slotId) {
        return id;
      }
    }
  }

  private void put(String dataInfoId) {
    Publisher publisher =
        new Publisher(
            dataInfoId,
            "r1",
            List.of("v"),
            new RegisterVersion(1, 1),
            "DEFAULT_ZONE",
            "app",
            "c",
            new ProcessId("s", 1, 1, 1));
    int slotId = store.slotOf(dataInfoId);
    long leaderEpoch = tables.current().slot(slotId).leaderEpoch();
    assertThat(
            store
                .slot(slotId)
                .write(() -> Status.OK, leaderEpoch, List.of(new PublisherPut(publisher)), 0L)
                .status())
        .isEqualTo(Status.OK);
  }
}
