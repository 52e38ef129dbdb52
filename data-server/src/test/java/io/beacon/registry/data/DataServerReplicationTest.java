package io.beacon.registry.data;

import static io.beacon.registry.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.common.model.DataInfo;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.protocol.FetchDatumRequest;
import io.beacon.registry.common.protocol.FetchDatumResponse;
import io.beacon.registry.common.protocol.PublisherPut;
import io.beacon.registry.common.protocol.Status;
import io.beacon.registry.common.protocol.WriteBatchRequest;
import io.beacon.registry.common.protocol.WriteBatchResponse;
import io.beacon.registry.common.slot.SlotFunction;
import io.beacon.registry.common.slot.SlotTable;
import io.beacon.registry.data.settings.DataServerConfig;
import io.beacon.registry.testing.DataNodeHarness;
import io.beacon.registry.testing.ManualClock;
import io.beacon.registry.testing.TestPublishers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two data servers on 127.0.0.1; the test plays meta through the {@link DataNodeHarness}, making
 * the first lead every slot and the second follow them, then promoting the follower.
 */
class DataServerReplicationTest {

  private static final int SLOTS = 4;
  private static final long LEADER_EPOCH = 1;
  private static final ProcessId SESSION_ID = new ProcessId("127.0.0.1", 1, 1, 1);

  private final DataNodeHarness harness = DataNodeHarness.withoutSession(SLOTS);
  private final HttpClient http = HttpClient.newHttpClient();
  private SlotTable table;
  private DataServer leader;
  private DataServer follower;

  @BeforeEach
  void startMetaAndServers() {
    leader = new DataServer(config(), new ManualClock());
    follower = new DataServer(config(), new ManualClock());
    leader.start();
    follower.start();
    table = table(2, leader.address(), LEADER_EPOCH, follower.address());
    harness.answerTable(table);
  }

  @AfterEach
  void closeAll() {
    follower.close();
    leader.close();
    harness.close();
  }

  @Test
  void theFollowerReplicatesTheLeaderReportsItsSlotsSyncedAndKeepsTheDataWhenPromoted()
      throws Exception {
    assertThat(leader.awaitReady(Duration.ofSeconds(10))).isTrue();
    assertThat(follower.awaitReady(Duration.ofSeconds(10))).isTrue();
    String id = new DataInfo("com.example.Replicated", null, null).id();
    int slotId = new SlotFunction(SLOTS).slotOf(id);
    WriteBatchResponse written =
        call(
            leader,
            new WriteBatchRequest(
                SESSION_ID, slotId, table.epoch(), LEADER_EPOCH, List.of(put(id))),
            WriteBatchResponse.class);
    assertThat(written.status()).isEqualTo(Status.OK);

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(count(follower)).isEqualTo("{\"datums\":1,\"publishers\":1}"));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(follower.syncedFollowerSlots()).containsExactly(0, 1, 2, 3));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(harness.syncedFollowerSlots(follower.address()))
                    .containsExactly(0, 1, 2, 3));

    long promoted = LEADER_EPOCH + 1;
    table = table(3, follower.address(), promoted, leader.address());
    harness.answerTable(table);
    await().atMost(Duration.ofSeconds(10)).until(() -> follower.slotTable().epoch() == 3);
    FetchDatumResponse fetched =
        call(
            follower,
            new FetchDatumRequest(slotId, 3, promoted, List.of(id)),
            FetchDatumResponse.class);
    assertThat(fetched.status()).isEqualTo(Status.OK);
    assertThat(fetched.datums().get(0).publishers()).hasSize(1);
  }

  private DataServerConfig config() {
    return TestDataServers.config(
        harness,
        SLOTS,
        "heartbeat-interval",
        Duration.ofMillis(100),
        "follower-sync-interval",
        Duration.ofMillis(100));
  }

  private <T> T call(DataServer server, Object request, Class<T> type) throws Exception {
    return harness.call(server.address(), request, type);
  }

  private String count(DataServer server) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.httpPort() + "/digest/datum/count"))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
  }

  private static PublisherPut put(String id) {
    return new PublisherPut(TestPublishers.publisher(id, "r1", 1, SESSION_ID));
  }

  private static SlotTable table(
      long epoch, String leaderAddress, long leaderEpoch, String followerAddress) {
    return DataNodeHarness.everySlotLedBy(
        epoch, SLOTS, leaderAddress, leaderEpoch, List.of(followerAddress));
  }
}
