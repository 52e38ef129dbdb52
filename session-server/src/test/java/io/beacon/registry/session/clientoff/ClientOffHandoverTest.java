package io.beacon.registry.session.clientoff;

import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.common.colocation.PublisherPool;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.common.model.RegisterVersion;
import io.beacon.registry.common.retry.Backoff;
import io.beacon.registry.common.rpc.RpcClient;
import io.beacon.registry.common.slot.SlotFunction;
import io.beacon.registry.common.slot.SlotTableHolder;
import io.beacon.registry.session.registration.HandedOverPublishers;
import io.beacon.registry.session.registration.SessionRegistry;
import io.beacon.registry.session.renew.SlotPublishers;
import io.beacon.registry.session.routing.DataWriter;
import io.beacon.registry.testing.ManualScheduler;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a connection a leaving session hands over leaves behind: its publishers leave the registry,
 * send no removal to the data servers, and stay claimed in renews and slot syncs; a connection its
 * client closes itself is removed as usual. (No slot table is assigned, so every write the writer
 * takes stays pending and is counted.)
 */
class ClientOffHandoverTest {

  private static final ProcessId SESSION = new ProcessId("127.0.0.1", 1L, 1L, 1);
  private static final String MOVING = "10.0.0.7:50000_127.0.0.1:9600";
  private static final String QUITTING = "10.0.0.8:50000_127.0.0.1:9600";

  private final SlotFunction slots = new SlotFunction(8);
  private final SessionRegistry registry = new SessionRegistry(PublisherPool.none(), slots);
  private final HandedOverPublishers handedOver = new HandedOverPublishers(slots);
  private final RpcClient client = new RpcClient(1, Duration.ofSeconds(1), Runnable::run);
  private final DataWriter writer =
      new DataWriter(
          slots,
          new SlotTableHolder(8),
          client,
          SESSION,
          Duration.ofSeconds(1),
          new Backoff(Duration.ofMillis(10), Duration.ofMillis(100)),
          100,
          new ManualScheduler(),
          () -> {});
  private final ClientOff clientOff =
      new ClientOff(registry, writer, null, null, SESSION, handedOver);
  private final SlotPublishers bySlot = new SlotPublishers(registry, handedOver);

  @AfterEach
  void closeClient() {
    client.close();
  }

  @Test
  void aHandedOverConnectionsPublishersStayClaimedAndNoRemovalIsSent() {
    Publisher moving = publisher("svc-a", "r1", MOVING);
    Publisher quitting = publisher("svc-b", "r2", QUITTING);
    registry.putPublisher(moving);
    registry.putPublisher(quitting);
    int slotA = slots.slotOf(moving.dataInfoId());

    clientOff.handOver(MOVING);
    assertThat(clientOff.clientOff(MOVING)).isEqualTo(1);

    assertThat(registry.publisher("r1")).isNull();
    assertThat(writer.pendingCount()).isZero();
    assertThat(handedOver.count()).isEqualTo(1);
    assertThat(bySlot.ofSlot(slotA)).containsExactly(moving);
    assertThat(bySlot.ofSlotByDataInfoId(slotA))
        .containsEntry(moving.dataInfoId(), List.of(moving));

    // A client that closes its own connection meanwhile is removed everywhere, as always.
    assertThat(clientOff.clientOff(QUITTING)).isEqualTo(1);
    assertThat(writer.pendingCount()).isEqualTo(1);
    assertThat(bySlot.ofSlot(slots.slotOf(quitting.dataInfoId()))).doesNotContain(quitting);

    // A hand-over counts once: the same connectId coming back later is an ordinary client.
    registry.putPublisher(publisher("svc-a", "r3", MOVING));
    clientOff.clientOff(MOVING);
    assertThat(writer.pendingCount()).isEqualTo(2);
  }

  private static Publisher publisher(String dataId, String registerId, String connectId) {
    return new Publisher(
        dataId + "#@#DEFAULT_INSTANCE_ID#@#DEFAULT_GROUP",
        registerId,
        List.of("v-" + registerId),
        new RegisterVersion(1, 1000L),
        "DEFAULT_ZONE",
        "app",
        connectId,
        SESSION);
  }
}
