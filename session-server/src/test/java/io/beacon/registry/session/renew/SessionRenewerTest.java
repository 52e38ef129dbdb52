package io.beacon.registry.session.renew;

import static io.beacon.registry.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.common.colocation.PublisherPool;
import io.beacon.registry.common.concurrent.Threads;
import io.beacon.registry.common.digest.SlotDigest;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.common.protocol.SessionRenewRequest;
import io.beacon.registry.common.protocol.SessionRenewResponse;
import io.beacon.registry.common.protocol.SlotChecksum;
import io.beacon.registry.common.protocol.Status;
import io.beacon.registry.common.rpc.RpcClient;
import io.beacon.registry.common.rpc.RpcServer;
import io.beacon.registry.common.slot.SlotFunction;
import io.beacon.registry.common.slot.SlotTableHolder;
import io.beacon.registry.session.FakeDataLeader;
import io.beacon.registry.session.registration.SessionRegistry;
import io.beacon.registry.testing.TestPublishers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SessionRenewerTest {

  private static final int SLOTS = 4;
  private static final ProcessId SESSION = new ProcessId("127.0.0.1", 1L, 1L, 1);

  private final ThreadPoolExecutor executor = Threads.bounded("test-renew", 2, 1_000);
  private final RpcServer leader = new RpcServer("fake-leader", "127.0.0.1", 0, executor);
  private final RpcClient client = new RpcClient(1, Duration.ofSeconds(1), executor);
  private final List<SessionRenewRequest> renews = new CopyOnWriteArrayList<>();
  private final AtomicInteger staleTableCalls = new AtomicInteger();
  private final SlotFunction slots = new SlotFunction(SLOTS);
  private final SessionRegistry registry = new SessionRegistry(PublisherPool.none(), slots);
  private final SlotTableHolder tables = new SlotTableHolder(SLOTS);

  @AfterEach
  void close() {
    client.close();
    leader.close();
    Threads.shutdown(executor, Duration.ofSeconds(1));
  }

  @Test
  void eachLeaderGetsAChecksumOfEverySlotItLeadsAndARefusalRefreshesTheTable() {
    startLeaderRefusing(List.of(1));
    tables.update(FakeDataLeader.table("127.0.0.1:" + leader.port(), SLOTS, 9, 3));
    Publisher publisher = publisher("svc");
    registry.putPublisher(publisher);
    SessionRenewer renewer = renewer(client);

    renewer.renew();

    await().until(() -> renews.size() == 1 && staleTableCalls.get() == 1);
    SessionRenewRequest renew = renews.get(0);
    assertThat(renew.sessionProcessId()).isEqualTo(SESSION);
    assertThat(renew.sessionAddress()).isEqualTo("127.0.0.1:9602");
    assertThat(renew.tableEpoch()).isEqualTo(9);
    assertThat(renew.slots())
        .hasSize(SLOTS)
        .allSatisfy(c -> assertThat(c.leaderEpoch()).isEqualTo(3));
    int slot = slots.slotOf(publisher.dataInfoId());
    SlotChecksum held =
        renew.slots().stream().filter(c -> c.slotId() == slot).findFirst().orElseThrow();
    assertThat(held.publisherCount()).isEqualTo(1);
    assertThat(held.signature()).isEqualTo(SlotDigest.ofPublishers(List.of(publisher)).signature());
    assertThat(renew.slots())
        .filteredOn(c -> c.slotId() != slot)
        .allSatisfy(c -> assertThat(c.publisherCount()).isZero());
  }

  @Test
  void nothingIsSentBeforeATableIsKnown() {
    leader.start();
    renewer(client).renew();
    assertThat(renews).isEmpty();
  }

  @Test
  void aLeaderWithAnAddressOverrideIsRenewedThroughTheOverrideUnderItsOwnName() {
    startLeaderRefusing(List.of());
    // The table names a data server nobody listens on; the override dials the fake leader.
    String named = "127.0.0.1:1";
    String dialed = "127.0.0.1:" + leader.port();
    RpcClient overridden =
        new RpcClient(1, Duration.ofSeconds(1), executor, a -> a.equals(named) ? dialed : a);
    try {
      tables.update(FakeDataLeader.table(named, SLOTS, 9, 3));
      SessionRenewer renewer = renewer(overridden);

      renewer.renew();

      await().until(() -> renews.size() == 1);
      assertThat(renewer.checksumsByLeader(tables.current())).containsOnlyKeys(named);
      assertThat(renews.get(0).slots()).hasSize(SLOTS);
    } finally {
      overridden.close();
    }
  }

  /** Starts the fake leader; it records each renew and refuses {@code refusedSlots}. */
  private void startLeaderRefusing(List<Integer> refusedSlots) {
    leader.register(
        SessionRenewRequest.class,
        executor,
        (request, connection) -> {
          renews.add(request);
          return new SessionRenewResponse(Status.OK, 9, List.of(), refusedSlots);
        });
    leader.start();
  }

  private SessionRenewer renewer(RpcClient client) {
    return new SessionRenewer(
        tables,
        new SlotPublishers(registry),
        client,
        SESSION,
        () -> "127.0.0.1:9602",
        Duration.ofSeconds(2),
        staleTableCalls::incrementAndGet);
  }

  private static Publisher publisher(String dataId) {
    return TestPublishers.publisher(
        TestPublishers.dataInfoId(dataId), "r-" + dataId, 1, SESSION, "v");
  }
}
