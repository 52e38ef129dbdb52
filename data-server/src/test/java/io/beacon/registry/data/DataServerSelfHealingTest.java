package io.beacon.registry.data;

import static io.beacon.registry.testing.Awaits.await;
import static io.beacon.registry.testing.TestPublishers.idInSlot;
import static io.beacon.registry.testing.TestPublishers.publisher;
import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.common.digest.SlotDigest;
import io.beacon.registry.common.model.Datum;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.common.protocol.DataChangeNotice;
import io.beacon.registry.common.protocol.FetchDatumRequest;
import io.beacon.registry.common.protocol.FetchDatumResponse;
import io.beacon.registry.common.protocol.PublisherPut;
import io.beacon.registry.common.protocol.PublisherWrite;
import io.beacon.registry.common.protocol.SessionRenewRequest;
import io.beacon.registry.common.protocol.SessionRenewResponse;
import io.beacon.registry.common.protocol.SlotChecksum;
import io.beacon.registry.common.protocol.Status;
import io.beacon.registry.common.protocol.WriteBatchRequest;
import io.beacon.registry.common.protocol.WriteBatchResponse;
import io.beacon.registry.common.slot.SlotFunction;
import io.beacon.registry.testing.DataNodeHarness;
import io.beacon.registry.testing.FakeSession;
import io.beacon.registry.testing.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A data server that lost its memory pulls a session's publishers back through the renew: the
 * {@link DataNodeHarness} plays meta (a table in which the data server leads every slot) and one
 * session (a {@link FakeSession} holding the publishers, answering the sync rounds and receiving
 * change notices).
 */
class DataServerSelfHealingTest {

  private static final int SLOTS = 16;
  private static final int SLOT = 5;
  private static final long TABLE_EPOCH = 3;
  private static final long LEADER_EPOCH = 2;
  private static final ProcessId SESSION_ID = new ProcessId("127.0.0.1", 1, 1, 1);

  private final SlotFunction slots = new SlotFunction(SLOTS);
  private final ManualClock clock = new ManualClock();
  private final DataNodeHarness harness = DataNodeHarness.withSession(SESSION_ID, SLOTS);
  private final FakeSession session = harness.session();
  private DataServer server;

  @AfterEach
  void closeAll() {
    if (server != null) {
      server.close();
    }
    harness.close();
  }

  @Test
  void aRestartedDataServerMigratesTheSessionsPublishersInBeforeItServesAnyRead() throws Exception {
    leadEverySlot();
    server = start(0, 0);
    await().atMost(Duration.ofSeconds(10)).until(() -> server.migratingSlots().isEmpty());
    List<Publisher> held = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      held.add(publisher(idInSlot(slots, SLOT, i % 2), "r" + i, 1, SESSION_ID));
    }
    held.forEach(session::hold);
    List<PublisherWrite> writes =
        held.stream().map(p -> (PublisherWrite) new PublisherPut(p)).toList();
    WriteBatchResponse written =
        call(
            new WriteBatchRequest(SESSION_ID, SLOT, TABLE_EPOCH, LEADER_EPOCH, writes),
            WriteBatchResponse.class);
    assertThat(written.status()).isEqualTo(Status.OK);
    assertThat(fetch(idInSlot(slots, SLOT, 0)).publishers()).hasSize(3);
    assertThat(session.notices().poll(10, TimeUnit.SECONDS)).isNotNull();

    int rpcPort = server.rpcPort();
    int httpPort = server.httpPort();
    server.close();
    session.notices().clear();
    server = start(rpcPort, httpPort);

    // The first read the restarted (empty) server admits already holds everything the session
    // holds: until the slot migrated in, reads are refused as MIGRATING, never answered partially.
    FetchDatumResponse first =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> fetchResponse(idInSlot(slots, SLOT, 0)), r -> r.status() == Status.OK);
    assertThat(first.datums().get(0).publishers()).hasSize(3);
    assertThat(fetch(idInSlot(slots, SLOT, 1)).publishers()).hasSize(2);

    SessionRenewRequest renew =
        new SessionRenewRequest(
            SESSION_ID,
            session.address(),
            TABLE_EPOCH,
            List.of(
                new SlotChecksum(
                    SLOT, LEADER_EPOCH, held.size(), SlotDigest.ofPublishers(held).signature())));
    Datum pulled = fetch(idInSlot(slots, SLOT, 0));
    assertThat(awaitNotice(pulled.dataInfoId(), pulled.version()).dataServer())
        .as("the end of the migration bumped the datum and told the session")
        .isEqualTo(server.address());
    assertThat(call(renew, SessionRenewResponse.class).mismatchedSlots()).isEmpty();
  }

  @Test
  void theTickExpiresThePublishersOfAProcessMetaNoLongerListsButNotOfListedOnes() throws Exception {
    leadEverySlot();
    server = start(0, 0);
    // Reads are refused (MIGRATING) until the slot has been migrated in from the sessions.
    await().atMost(Duration.ofSeconds(10)).until(() -> server.migratingSlots().isEmpty());
    ProcessId gone = new ProcessId("127.0.0.1", 9, 9, 9);
    String id = idInSlot(slots, SLOT, 0);
    for (ProcessId owner : List.of(SESSION_ID, gone)) {
      PublisherWrite write = new PublisherPut(publisher(id, "of-" + owner, 1, owner));
      WriteBatchRequest batch =
          new WriteBatchRequest(owner, SLOT, TABLE_EPOCH, LEADER_EPOCH, List.of(write));
      assertThat(call(batch, WriteBatchResponse.class).status()).isEqualTo(Status.OK);
    }

    server.tick(clock.instant().plus(server.config().sessionLease()).plusSeconds(1));

    assertThat(fetch(id).publishers())
        .singleElement()
        .satisfies(p -> assertThat(p.sessionProcessId()).isEqualTo(SESSION_ID));
    assertThat(awaitNotice(id, fetch(id).version()).dataServer()).isEqualTo(server.address());
  }

  private DataServer start(int rpcPort, int httpPort) {
    DataServer started =
        new DataServer(
            TestDataServers.config(
                harness,
                SLOTS,
                "rpc-port",
                rpcPort,
                "http-port",
                httpPort,
                "heartbeat-interval",
                Duration.ofMillis(200)),
            clock);
    started.start();
    assertThat(started.awaitReady(Duration.ofSeconds(10))).isTrue();
    return started;
  }

  /** Meta's table: the data server asking leads every slot. */
  private void leadEverySlot() {
    harness.answerTables(
        node ->
            DataNodeHarness.everySlotLedBy(
                TABLE_EPOCH, SLOTS, node.address(), LEADER_EPOCH, List.of()));
  }

  /** The first notice announcing {@code version} of {@code dataInfoId}, skipping older ones. */
  private DataChangeNotice awaitNotice(String dataInfoId, long version) throws Exception {
    for (DataChangeNotice notice = session.notices().poll(10, TimeUnit.SECONDS);
        notice != null;
        notice = session.notices().poll(10, TimeUnit.SECONDS)) {
      if (Long.valueOf(version).equals(notice.versions().get(dataInfoId))) {
        return notice;
      }
    }
    throw new AssertionError("no notice of " + dataInfoId + " at version " + version);
  }

  private FetchDatumResponse fetchResponse(String dataInfoId) throws Exception {
    return call(
        new FetchDatumRequest(SLOT, TABLE_EPOCH, LEADER_EPOCH, List.of(dataInfoId)),
        FetchDatumResponse.class);
  }

  private Datum fetch(String dataInfoId) throws Exception {
    FetchDatumResponse response = fetchResponse(dataInfoId);
    assertThat(response.status()).isEqualTo(Status.OK);
    return response.datums().get(0);
  }

  private <T> T call(Object request, Class<T> responseType) throws Exception {
    return harness.call(server.address(), request, responseType);
  }
}
