package io.beacon.registry.meta.membership;

import static io.beacon.registry.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.common.concurrent.Threads;
import io.beacon.registry.common.model.NodeInfo;
import io.beacon.registry.common.model.NodeRole;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.protocol.HeartbeatRequest;
import io.beacon.registry.common.protocol.HeartbeatResponse;
import io.beacon.registry.common.protocol.Status;
import io.beacon.registry.common.rpc.RpcClient;
import io.beacon.registry.common.rpc.RpcServer;
import io.beacon.registry.meta.leader.LeaderStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadPoolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How a meta knows the other metas: followers heartbeat the leader ({@link MetaMembers}). */
class MetaMembersTest {

  private final ThreadPoolExecutor executor = Threads.bounded("test-rpc", 2, 100);
  private final RpcServer leaderPort = new RpcServer("leader", "127.0.0.1", 0, executor);
  private final RpcClient client = new RpcClient(1, Duration.ofSeconds(1), executor);
  private final NodeLeases leases = new NodeLeases(Duration.ofSeconds(20));
  private final List<HeartbeatRequest> received = new CopyOnWriteArrayList<>();
  private final NodeInfo self = meta("127.0.0.1:9001");
  private String leaderAddress;
  private boolean leading;
  private final LeaderStatus leader =
      new LeaderStatus() {
        @Override
        public boolean isLeader() {
          return leading;
        }

        @Override
        public String leaderAddress() {
          return leaderAddress;
        }
      };
  private final MetaMembers members =
      new MetaMembers(() -> self, leader, leases, client, Duration.ofSeconds(1));

  @AfterEach
  void close() {
    client.close();
    leaderPort.close();
    executor.shutdownNow();
  }

  @Test
  void aFollowerHeartbeatsTheLeaderAndListsWhatItsAnswerLists() {
    leaderPort.register(
        HeartbeatRequest.class,
        executor,
        (request, connection) -> {
          received.add(request);
          return new HeartbeatResponse(
              Status.OK,
              leaderAddress,
              null,
              0,
              List.of(),
              List.of(),
              null,
              List.of(meta(leaderAddress), request.node()));
        });
    leaderPort.start();
    leaderAddress = "127.0.0.1:" + leaderPort.port();
    assertThat(members.live()).containsExactly(self);

    members.tick();

    await().until(() -> members.live().size() == 2);
    assertThat(members.live())
        .extracting(NodeInfo::address)
        .containsExactlyInAnyOrder(leaderAddress, self.address());
    assertThat(received).extracting(HeartbeatRequest::node).containsExactly(self);
  }

  @Test
  void theLeaderListsItselfAndTheMetasHoldingALeaseAndSendsNothing() {
    leading = true;
    leaderAddress = self.address();
    leases.renew(meta("127.0.0.1:9002"), Instant.now());
    leases.renew(meta("127.0.0.1:9003"), Instant.now());

    members.tick();

    assertThat(members.live())
        .extracting(NodeInfo::address)
        .containsExactly("127.0.0.1:9001", "127.0.0.1:9002", "127.0.0.1:9003");
    assertThat(received).isEmpty();
  }

  @Test
  void withoutAKnownLeaderAMetaListsItselfOnly() {
    members.tick();

    assertThat(members.live()).containsExactly(self);
  }

  private static NodeInfo meta(String address) {
    return new NodeInfo(
        NodeRole.META, address, null, null, new ProcessId("127.0.0.1", 1L, 1L, 1), "dc", null);
  }
}
