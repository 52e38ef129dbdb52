package io.beacon.registry.session.routing;

import static io.beacon.registry.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.common.concurrent.Threads;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.common.model.RegisterVersion;
import io.beacon.registry.common.protocol.PublisherPut;
import io.beacon.registry.common.retry.Backoff;
import io.beacon.registry.common.rpc.RpcClient;
import io.beacon.registry.common.slot.Slot;
import io.beacon.registry.common.slot.SlotFunction;
import io.beacon.registry.common.slot.SlotTable;
import io.beacon.registry.common.slot.SlotTableHolder;
import io.beacon.registry.session.FakeDataLeader;
import io.beacon.registry.session.registration.SessionRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LeaderChangeResendTest {

  private static final int SLOTS = 8;
  private static final ProcessId SESSION = new ProcessId("127.0.0.1", 1L, 1L, 1);

  private final ThreadPoolExecutor leaderExecutor = Threads.bounded("test-leader", 2, 1_000);
  private final ThreadPoolExecutor callbackExecutor = Threads.bounded("test-callback", 2, 1_000);
  private final ScheduledExecutorService scheduler = Threads.scheduled("test-scheduler", 1);
  private final RpcClient client = new RpcClient(1, Duration.ofSeconds(1), callbackExecutor);
  private final FakeDataLeader leader = new FakeDataLeader(leaderExecutor);
  private final SlotFunction slots = new SlotFunction(SLOTS);
  private final SlotTableHolder tables = new SlotTableHolder(SLOTS);
  private final SessionRegistry registry = new SessionRegistry();
  private final DataWriter writer =
      new DataWriter(
          slots,
          tables,
          client,
          SESSION,
          Duration.ofSeconds(2),
          new Backoff(Duration.ofMillis(5), Duration.ofMillis(50)),
          100,
          scheduler,
          () -> {});
  private final LeaderChangeResend resend = new LeaderChangeResend(registry, writer, slots);

  @AfterEach
  void close() {
    client.close();
    leader.close();
    Threads.shutdown(scheduler, Duration.ofSeconds(1));
    Threads.shutdown(callbackExecutor, Duration.ofSeconds(1));
    Threads.shutdown(leaderExecutor, Duration.ofSeconds(1));
  }

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
      String dataInfoId = name + i + "#@#DEFAULT_INSTANCE_ID#@#DEFAULT_GROUP";
      if (slots.slotOf(dataInfoId) != avoidSlot) {
        return new Publisher(
            dataInfoId,
            name,
            List.of(name),
            new RegisterVersion(1, 1_000),
            "DEFAULT_ZONE",
            "app",
            "10.0.0.1:5000_127.0.0.1:9600",
            SESSION);
      }
    }
  }
}
