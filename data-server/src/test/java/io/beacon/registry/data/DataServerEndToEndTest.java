package io.beacon.registry.data;

import static io.beacon.registry.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.common.model.DataInfo;
import io.beacon.registry.common.model.Datum;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.common.model.RegisterVersion;
import io.beacon.registry.common.protocol.DataChangeNotice;
import io.beacon.registry.common.protocol.FetchDatumRequest;
import io.beacon.registry.common.protocol.FetchDatumResponse;
import io.beacon.registry.common.protocol.PublisherPut;
import io.beacon.registry.common.protocol.Status;
import io.beacon.registry.common.protocol.WriteBatchRequest;
import io.beacon.registry.common.protocol.WriteBatchResponse;
import io.beacon.registry.common.slot.SlotFunction;
import io.beacon.registry.common.slot.SlotTable;
import io.beacon.registry.testing.DataNodeHarness;
import io.beacon.registry.testing.FakeSession;
import io.beacon.registry.testing.ManualClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One data server on 127.0.0.1 with ephemeral ports; the {@link DataNodeHarness} plays meta
 * (heartbeats answered with a table in which the data server leads every slot) and a session
 * (receiving change notices).
 */
class DataServerEndToEndTest {

  private static final int SLOTS = 16;
  private static final long TABLE_EPOCH = 3;
  private static final long LEADER_EPOCH = 2;
  private static final ProcessId SESSION_ID = new ProcessId("127.0.0.1", 1, 1, 1);

  private final DataNodeHarness harness = DataNodeHarness.withSession(SESSION_ID, SLOTS);
  private final FakeSession session = harness.session();
  private final HttpClient http = HttpClient.newHttpClient();
  private volatile boolean assignTable = true;
  private DataServer server;

  @BeforeEach
  void startMetaAndSession() {
    harness.answerTables(
        node -> assignTable ? tableLedBy(node.address()) : SlotTable.initial(SLOTS));
    server =
        new DataServer(
            TestDataServers.config(harness, SLOTS, "heartbeat-interval", Duration.ofMillis(200)),
            new ManualClock());
  }

  @AfterEach
  void closeAll() {
    server.close();
    harness.close();
  }

  @Test
  void aWrittenPublisherCanBeFetchedAndItsChangeReachesTheSession() throws Exception {
    server.start();
    assertThat(server.awaitReady(Duration.ofSeconds(10))).isTrue();
    assertThat(server.address()).isEqualTo("127.0.0.1:" + server.rpcPort());
    // Every slot of the first table migrates in from the listed session before it serves reads.
    await().atMost(Duration.ofSeconds(10)).until(() -> server.migratingSlots().isEmpty());
    String id = new DataInfo("com.example.Echo", null, null).id();
    int slotId = new SlotFunction(SLOTS).slotOf(id);

    WriteBatchResponse written =
        call(
            new WriteBatchRequest(SESSION_ID, slotId, TABLE_EPOCH, LEADER_EPOCH, List.of(put(id))),
            WriteBatchResponse.class);
    assertThat(written.status()).isEqualTo(Status.OK);
    assertThat(written.tableEpoch()).isEqualTo(TABLE_EPOCH);

    FetchDatumResponse fetched =
        call(
            new FetchDatumRequest(slotId, TABLE_EPOCH, LEADER_EPOCH, List.of(id)),
            FetchDatumResponse.class);
    assertThat(fetched.status()).isEqualTo(Status.OK);
    Datum datum = fetched.datums().get(0);
    assertThat(datum.publishers())
        .singleElement()
        .satisfies(p -> assertThat(p.values()).containsExactly("10.0.0.7:12200"));

    DataChangeNotice notice = session.notices().poll(10, TimeUnit.SECONDS);
    assertThat(notice)
        .isEqualTo(new DataChangeNotice(server.address(), Map.of(id, datum.version())));

    WriteBatchResponse stale =
        call(
            new WriteBatchRequest(
                SESSION_ID, slotId, TABLE_EPOCH, LEADER_EPOCH + 1, List.of(put(id))),
            WriteBatchResponse.class);
    assertThat(stale.status()).isEqualTo(Status.STALE_EPOCH);
    FetchDatumResponse staleFetch =
        call(
            new FetchDatumRequest(slotId, TABLE_EPOCH, LEADER_EPOCH - 1, List.of(id)),
            FetchDatumResponse.class);
    assertThat(staleFetch.status()).isEqualTo(Status.STALE_EPOCH);

    HttpResponse<String> health = get("/health/check");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).isEqualTo("{\"success\":true}");
    assertThat(get("/digest/datum/query?dataInfoId=" + id.replace("#", "%23")).body())
        .contains("\"registerId\":\"r1\"");
    assertThat(get("/digest/datum/count").body()).isEqualTo("{\"datums\":1,\"publishers\":1}");
    assertThat(get("/openapi/v1/slot/table/status").body()).contains("\"leaderCount\":" + SLOTS);
  }

  @Test
  void healthIsUnavailableUntilMetaAssignsATable() throws Exception {
    assignTable = false;
    server.start();

    HttpResponse<String> before = get("/health/check");
    assertThat(before.statusCode()).isEqualTo(503);
    assertThat(before.body()).contains("\"success\":false");
    assertThat(server.awaitReady(Duration.ofMillis(100))).isFalse();

    assignTable = true;
    assertThat(server.awaitReady(Duration.ofSeconds(10))).isTrue();
    assertThat(get("/health/check").statusCode()).isEqualTo(200);
  }

  @Test
  void closingTwiceIsHarmless() {
    server.start();
    server.close();
    server.close();

    assertThat(server.isReady()).isFalse();
  }

  private static SlotTable tableLedBy(String leader) {
    return DataNodeHarness.everySlotLedBy(TABLE_EPOCH, SLOTS, leader, LEADER_EPOCH, List.of());
  }

  private static PublisherPut put(String dataInfoId) {
    return new PublisherPut(
        new Publisher(
            dataInfoId,
            "r1",
            List.of("10.0.0.7:12200"),
            new RegisterVersion(1, 1_000),
            "DEFAULT_ZONE",
            "echo",
            "10.0.0.7:50000_127.0.0.1:9600",
            SESSION_ID));
  }

  private <T> T call(Object request, Class<T> responseType) throws Exception {
    return harness.call(server.address(), request, responseType);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
