package io.beacon.registry.session.routing;

import static io.beacon.registry.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.common.protocol.PublisherPut;
import io.beacon.registry.common.retry.Backoff;
import io.beacon.registry.common.slot.Slot;
import io.beacon.registry.common.slot.SlotFunction;
import io.beacon.registry.common.slot.SlotTable;
import io.beacon.registry.common.slot.SlotTableHolder;
import io.beacon.registry.session.DataLeaderLink;
import io.beacon.registry.session.FakeDataLeader;
import io.beacon.registry.session.registration.SessionRegistry;
import io.beacon.registry.testing.TestPublishers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LeaderChangeResendTest {

  private static final int SLOTS = 8;
  private static final ProcessId SESSION = new ProcessId("127.0.0.1", 1L, 1L, 1);

  @RegisterExtension final DataLeaderLink link = new DataLeaderLink();
  private final FakeDataLeader leader = link.leader;
  private final SlotFunction slots = new SlotFunction(SLOTS);
  private final SlotTableHolder tables = new SlotTableHolder(SLOTS);
  private final SessionRegistry registry = new SessionRegistry();
  private final DataWriter writer =
      new DataWriter(
          slots,
          tables,
          link.client,
          SESSION,
          Duration.ofSeconds(2),
          new Backoff(Duration.ofMillis(5), Duration.ofMillis(50)),
          100,
          link.scheduler,
          () -> {});
  private final LeaderChangeResend resend = new LeaderChangeResend(registry, writer, slots);

  @Test
  void onlyThePublishersOfSlotsWhoseLeaderEpochChangedAreSentAgain() {
    SlotTable first = leader.tableLeadingAll(SLOTS, 10, 1);
    tables.update(first);
    resend.onTable(first);
    Publisher moved = publisher("moved", 0);
    Publisher stayed = publisher("stayed", slots.slotOf(moved.dataInfoId()));
    registry.putPublisher(moved);
    registry.putPublisher(stayed);

    int movedSlot = slots.slotOf(moved.dataInfoId());
    List<Slot> changed = new ArrayList<>(first.slots());
    changed.set(movedSlot, new Slot(movedSlot, leader.address(), 2, List.of()));
    SlotTable second = new SlotTable(11, changed);
    tables.update(second);
    resend.onTable(second);

    await().until(() -> writer.pendingCount() == 0 && !leader.acceptedWrites().isEmpty());
    assertThat(leader.acceptedWrites()).containsExactly(new PublisherPut(moved));
    assertThat(leader.writeRequests()).allSatisfy(r -> assertThat(r.leaderEpoch()).isEqualTo(2));
  }

  @Test
  void theFirstTableSendsNothing() {
    registry.putPublisher(publisher("early", -1));
    SlotTable first = leader.tableLeadingAll(SLOTS, 10, 1);
    tables.update(first);

    resend.onTable(first);

    assertThat(writer.pendingCount()).isZero();
  }

  /** A publisher whose dataInfoId is not in {@code avoidSlot} (any slot when negative). */
  private Publisher publisher(String name, int avoidSlot) {
    for (int i = 0; ; i++) {
      String dataInfoId = TestPublishers.dataInfoId(name + i);
      if (slots.slotOf(dataInfoId) != avoidSlot) {
        return TestPublishers.publisher(dataInfoId, name, 1, SESSION, name);
      }
    }
  }
}
