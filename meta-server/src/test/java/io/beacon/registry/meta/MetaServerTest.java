package io.beacon.registry.meta;

import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.common.model.NodeInfo;
import io.beacon.registry.common.model.NodeRole;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.protocol.HeartbeatRequest;
import io.beacon.registry.common.protocol.HeartbeatResponse;
import io.beacon.registry.common.protocol.LeaveStage;
import io.beacon.registry.common.protocol.Status;
import io.beacon.registry.common.rpc.RpcClient;
import io.beacon.registry.common.slot.Slot;
import io.beacon.registry.common.slot.SlotTable;
import io.beacon.registry.meta.settings.MetaServerConfig;
import io.beacon.registry.testing.Awaits;
import io.beacon.registry.testing.Settings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetaServerTest {

  private static final Duration RPC_TIMEOUT = Duration.ofSeconds(3);

  private final NodeInfo data1 = node(NodeRole.DATA, "127.0.0.1:20001");
  private final NodeInfo data2 = node(NodeRole.DATA, "127.0.0.1:20002");
  private final NodeInfo session = node(NodeRole.SESSION, "127.0.0.1:20003");
  private final RpcClient client = new RpcClient(1, Duration.ofSeconds(2), Runnable::run);
  private final HttpClient http = HttpClient.newHttpClient();
  private MetaServer server;

  @AfterEach
  void closeAll() {
    if (server != null) {
      server.close();
    }
    client.close();
  }

  @Test
  void dataServersBeatingTogetherShareTheFirstTableAndSessionsAreListed() throws Exception {
    server = start(Duration.ofSeconds(20));
    heartbeat(session, 0);
    CompletableFuture.allOf(
            client.invoke(server.address(), new HeartbeatRequest(data1, 0), RPC_TIMEOUT),
            client.invoke(server.address(), new HeartbeatRequest(data2, 0), RPC_TIMEOUT))
        .get(5, TimeUnit.SECONDS);

    Awaits.await().until(() -> heartbeat(data1, 0).slotTable() != null);

    HeartbeatResponse withTable = heartbeat(data1, 0);
    SlotTable table = withTable.slotTable();
    assertThat(withTable.status()).isEqualTo(Status.OK);
    assertThat(withTable.metaLeader()).isEqualTo(server.address());
    assertThat(table.slotsLedBy(data1.address())).hasSize(8);
    assertThat(table.slotsLedBy(data2.address())).hasSize(8);
    for (Slot slot : table.slots()) {
      assertThat(slot.followers()).hasSize(1).doesNotContain(slot.leader());
    }
    assertThat(withTable.sessions()).containsExactly(session);
    assertThat(withTable.dataServers()).containsExactly(data1, data2);

    HeartbeatResponse current = heartbeat(data2, table.epoch());
    assertThat(current.slotTable()).isNull();
    assertThat(current.tableEpoch()).isEqualTo(table.epoch());
  }

  @Test
  void healthLeaderAndDigestEndpointsAnswer() throws Exception {
    server = start(Duration.ofSeconds(20));
    heartbeat(session, 0);
    heartbeat(data1, 0);
    Awaits.await().until(() -> server.slotTable().isAssigned());

    HttpResponse<String> health = get("/health/check");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"success\":true");
    assertThat(get("/meta/leader/query").body())
        .contains("\"address\":\"" + server.address() + "\"");
    assertThat(get("/digest/session/node/query").body()).contains(session.address());
    assertThat(get("/digest/data/node/query").body()).contains(data1.address());
    assertThat(get("/digest/meta/node/query").body()).contains(server.address());
    assertThat(get("/openapi/v1/slot/table/status").body())
        .contains("\"epoch\":" + server.slotTable().epoch())
        .contains("\"" + data1.address() + "\":16");
    assertThat(get("/openapi/v1/slot/table/content").body())
        .contains("\"leader\":\"" + data1.address() + "\"");
  }

  @Test
  void followerTakesOverTheSlotsOfADataServerWhoseLeaseExpired() {
    server = start(Duration.ofMillis(500));
    Awaits.await()
        .until(
            () -> {
              heartbeat(data1, 0);
              heartbeat(data2, 0);
              return server.slotTable().slotsLedBy(data2.address()).size() == 8;
            });
    SlotTable before = server.slotTable();

    Awaits.await()
        .until(
            () ->
                heartbeat(data1, 0).dataServers().size() == 1
                    && server.slotTable().slotsLedBy(data1.address()).size() == 16);

    SlotTable after = server.slotTable();
    assertThat(after.epoch()).isGreaterThan(before.epoch());
    for (Slot slot : after.slots()) {
      assertThat(slot.followers()).isEmpty();
      long oldEpoch = before.slot(slot.id()).leaderEpoch();
      if (before.slot(slot.id()).leader().equals(data1.address())) {
        assertThat(slot.leaderEpoch()).isEqualTo(oldEpoch);
      } else {
        assertThat(slot.leaderEpoch()).isGreaterThan(oldEpoch);
      }
    }
  }

  @Test
  void mutatingAdminCallsNeedTheAdminTokenWhenOneIsSet() throws Exception {
    server = start(Duration.ofSeconds(20), "s3cret");

    HttpResponse<String> without = get("/stopPushDataSwitch/open");
    HttpResponse<String> wrong =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:" + server.httpPort() + "/stopPushDataSwitch/open"))
                .header("x-apiauth-token", "guess")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> right =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:" + server.httpPort() + "/stopPushDataSwitch/open"))
                .header("x-apiauth-token", "s3cret")
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(without.statusCode()).isEqualTo(401);
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(right.statusCode()).isEqualTo(200);
    assertThat(server.switches().stopPush()).isTrue();
    assertThat(get("/digest/pushSwitch").statusCode()).isEqualTo(200); // reads need no token
  }

  @Test
  void badAdminInputIsAnsweredWithTheFieldAndNothingChanges() throws Exception {
    server = start(Duration.ofSeconds(20));
    long version = server.switches().version();

    HttpResponse<String> blacklist =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.httpPort() + "/blacklist/update"))
                .POST(
                    HttpRequest.BodyPublishers.ofString("{\"FORBIDDEN_PUB\":{\"IP_FULL\":\"x\"}}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(blacklist.statusCode()).isEqualTo(400);
    assertThat(blacklist.body()).contains("FORBIDDEN_PUB.IP_FULL");
    assertThat(server.switches().version()).isEqualTo(version);
  }

  @Test
  void closeIsIdempotentAndEndsReadiness() {
    server = start(Duration.ofSeconds(20));
    assertThat(server.awaitReady(Duration.ofSeconds(1))).isTrue();

    server.close();
    server.close();

    assertThat(server.isReady()).isFalse();
  }

  @Test
  void aDrainedDataServerEndsWithNoSlotAndTheStatusSaysSo() throws Exception {
    server = start(Duration.ofSeconds(20));
    Awaits.await()
        .until(
            () -> {
              beatCaughtUp(data1);
              beatCaughtUp(data2);
              return server.slotTable().slotsLedBy(data2.address()).size() == 8;
            });

    HttpResponse<String> quit = put("/opsapi/v1/server/group/quit/" + data2.address(), null);
    assertThat(quit.statusCode()).isEqualTo(200);
    assertThat(quit.body()).contains("\"success\":true");
    assertThat(get("/opsapi/v1/server/group/status").body())
        .contains("\"entries\":[\"" + data2.address() + "\"]")
        .containsPattern("\"drained\"\\s*:\\s*false");

    Awaits.await()
        .until(
            () -> {
              beatCaughtUp(data1);
              beatCaughtUp(data2);
              return get("/opsapi/v1/server/group/status").body().contains("\"drained\":true");
            });
    SlotTable drained = server.slotTable();
    assertThat(drained.slotsLedBy(data1.address())).hasSize(16);
    assertThat(drained.slotsFollowedBy(data2.address())).isEmpty();
    assertThat(get("/opsapi/v1/server/group/status").body())
        .containsPattern(
            "\\{\"address\":\"127.0.0.1:20002\",\"entry\":\"127.0.0.1:20002\","
                + "\"leaders\":0,\"followers\":0,\"drained\":true}");

    // Joining again ends the drain: data2 gets copies back.
    assertThat(put("/opsapi/v1/server/group/join/127.0.0.1", null).body())
        .contains("drain ended [127.0.0.1:20002]");
    Awaits.await()
        .until(
            () -> {
              beatCaughtUp(data1);
              beatCaughtUp(data2);
              return !server.slotTable().slotsLedBy(data2.address()).isEmpty();
            });
    assertThat(get("/opsapi/v1/server/group/status").body()).contains("\"entries\":[]");
  }

  @Test
  void aLeavingDataServerHandsItsLeadershipsToCaughtUpFollowersAndLeftEndsItsLease()
      throws Exception {
    server = start(Duration.ofSeconds(20));
    Awaits.await()
        .until(
            () -> {
              beatCaughtUp(data1, LeaveStage.STAYING);
              beatCaughtUp(data2, LeaveStage.STAYING);
              return server.slotTable().slotsLedBy(data2.address()).size() == 8;
            });
    SlotTable before = server.slotTable();

    Awaits.await()
        .until(
            () -> {
              beatCaughtUp(data1, LeaveStage.STAYING);
              beatCaughtUp(data2, LeaveStage.LEAVING);
              return server.slotTable().slotsLedBy(data2.address()).isEmpty();
            });

    SlotTable moved = server.slotTable();
    for (int slot : before.slotsLedBy(data2.address())) {
      // Each went to the follower that had reported it caught up, under a new leader epoch.
      assertThat(before.slot(slot).followers()).containsExactly(data1.address());
      assertThat(moved.slot(slot).leader()).isEqualTo(data1.address());
      assertThat(moved.slot(slot).leaderEpoch()).isGreaterThan(before.slot(slot).leaderEpoch());
    }
    // Nothing is persisted: the drain list knows nothing of a leave.
    assertThat(server.drains().entries()).isEmpty();

    beatCaughtUp(data2, LeaveStage.LEFT);
    assertThat(get("/digest/data/node/query").body()).doesNotContain(data2.address());
    Awaits.await()
        .until(
            () -> {
              beatCaughtUp(data1, LeaveStage.STAYING);
              return server.slotTable().slotsFollowedBy(data2.address()).isEmpty();
            });
  }

  @Test
  void aLeavingSessionIsNoLongerListedInTheNodeQueryButStillInHeartbeatAnswers() throws Exception {
    server = start(Duration.ofSeconds(20));
    heartbeat(session, 0);
    assertThat(get("/digest/session/node/query").body()).contains(session.address());

    HeartbeatResponse answer =
        client
            .invoke(
                server.address(),
                new HeartbeatRequest(session, 0, null, 0, java.util.List.of(), LeaveStage.LEAVING),
                HeartbeatResponse.class,
                RPC_TIMEOUT)
            .get(5, TimeUnit.SECONDS);

    assertThat(answer.sessions()).containsExactly(session);
    assertThat(answer.leaving()).containsExactly(session.address());
    assertThat(get("/digest/session/node/query").body()).doesNotContain(session.address());
  }

  @Test
  void drainCallsNeedTheTokenRefuseBadAddressesAndSurviveARestartOfMeta() throws Exception {
    server = start(Duration.ofSeconds(20), "s3cret");

    assertThat(put("/opsapi/v1/server/group/quit/127.0.0.1", null).statusCode()).isEqualTo(401);
    HttpResponse<String> bad = put("/opsapi/v1/server/group/quit/not_a:host", "s3cret");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("ip: not_a:host (expected: ");
    assertThat(put("/opsapi/v1/server/group/quit/", "s3cret").statusCode()).isEqualTo(400);
    assertThat(put("/opsapi/v1/server/group/join/10.0.0.1:99999", "s3cret").statusCode())
        .isEqualTo(400);
    assertThat(server.drains().entries()).isEmpty();

    assertThat(put("/opsapi/v1/server/group/quit/10.0.0.7", "s3cret").statusCode()).isEqualTo(200);
    assertThat(put("/opsapi/v1/server/group/quit/10.0.0.7", "s3cret").body())
        .contains("already draining 10.0.0.7");

    server.close();
    server = start(Duration.ofSeconds(20), "s3cret");
    Awaits.await().until(() -> server.drains().entries().contains("10.0.0.7"));
    assertThat(get("/opsapi/v1/server/group/status").body())
        .contains("\"entries\":[\"10.0.0.7\"]")
        .contains("\"nodes\":[]");
  }

  private void beatCaughtUp(NodeInfo node) throws Exception {
    beatCaughtUp(node, LeaveStage.STAYING);
  }

  private void beatCaughtUp(NodeInfo node, LeaveStage stage) throws Exception {
    SlotTable table = server.slotTable();
    client
        .invoke(
            server.address(),
            new HeartbeatRequest(
                node,
                table.epoch(),
                null,
                0,
                java.util.List.copyOf(table.slotsFollowedBy(node.address())),
                stage),
            HeartbeatResponse.class,
            RPC_TIMEOUT)
        .get(5, TimeUnit.SECONDS);
  }

  private HttpResponse<String> put(String path, String token) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
            .timeout(Duration.ofSeconds(5))
            .PUT(HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      request.header("x-apiauth-token", token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @TempDir Path dataDir;

  private MetaServer start(Duration nodeLease) {
    return start(nodeLease, null);
  }

  private MetaServer start(Duration nodeLease, String adminToken) {
    MetaServerConfig config =
        Settings.of(
            MetaServerConfig.class,
            "bind-host",
            "127.0.0.1",
            "rpc-port",
            0,
            "http-port",
            0,
            "slot-count",
            16,
            "node-lease",
            nodeLease,
            "lease-check-interval",
            Duration.ofMillis(50),
            "slot-assign-delay",
            Duration.ofMillis(500),
            "leader-warmup",
            Duration.ofMillis(500),
            "data-dir",
            dataDir,
            "admin-token",
            adminToken);
    MetaServer started = new MetaServer(config, InstantSource.system());
    started.start();
    assertThat(started.awaitReady(Duration.ofSeconds(5))).isTrue();
    return started;
  }

  private HeartbeatResponse heartbeat(NodeInfo node, long knownEpoch) throws Exception {
    return client
        .invoke(
            server.address(),
            new HeartbeatRequest(node, knownEpoch),
            HeartbeatResponse.class,
            RPC_TIMEOUT)
        .get(5, TimeUnit.SECONDS);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static NodeInfo node(NodeRole role, String address) {
    return new NodeInfo(
        role,
        address,
        role == NodeRole.SESSION ? "127.0.0.1:20600" : null,
        null,
        ProcessId.create("127.0.0.1", System.currentTimeMillis()),
        "DefaultDataCenter",
        "DEFAULT_ZONE");
  }
}
