package io.beacon.registry.meta.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.common.concurrent.Threads;
import io.beacon.registry.common.model.NodeInfo;
import io.beacon.registry.common.model.NodeRole;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.protocol.RegistrySwitches;
import io.beacon.registry.common.protocol.Status;
import io.beacon.registry.common.protocol.SwitchesAck;
import io.beacon.registry.common.protocol.SwitchesNotice;
import io.beacon.registry.common.rpc.RpcClient;
import io.beacon.registry.common.rpc.RpcHandler;
import io.beacon.registry.common.rpc.RpcServer;
import io.beacon.registry.meta.config.SwitchPropagation.Propagation;
import io.beacon.registry.meta.membership.NodeLeases;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadPoolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The meta leader's switch notices to every live node, and what it waits for. */
class SwitchPropagationTest {

  private static final Duration TIMEOUT = Duration.ofMillis(800);
  private static final RegistrySwitches SWITCHES =
      new RegistrySwitches(
          9, true, Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), 0, Set.of(), Map.of());

  private final ThreadPoolExecutor executor = Threads.bounded("test-rpc", 4, 100);
  private final RpcClient client = new RpcClient(1, Duration.ofSeconds(1), executor);
  private final NodeLeases leases = new NodeLeases(Duration.ofSeconds(20));
  private final List<RpcServer> nodes = new ArrayList<>();
  private final List<SwitchesNotice> received = new CopyOnWriteArrayList<>();
  private final SwitchPropagation propagation =
      new SwitchPropagation(client, () -> "10.0.0.9:9610", leases, TIMEOUT);

  @AfterEach
  void close() {
    client.close();
    nodes.forEach(RpcServer::close);
    executor.shutdownNow();
  }

  /** A live node of {@code role} answering notices with {@code handler}; returns its address. */
  private String node(NodeRole role, RpcHandler<SwitchesNotice> handler) {
    RpcServer server = new RpcServer("node", "127.0.0.1", 0, executor);
    server.register(
        SwitchesNotice.class,
        executor,
        (notice, connection) -> {
          received.add(notice);
          return handler.handle(notice, connection);
        });
    server.start();
    nodes.add(server);
    return live(role, "127.0.0.1:" + server.port());
  }

  private String live(NodeRole role, String address) {
    leases.renew(
        new NodeInfo(role, address, null, null, new ProcessId("127.0.0.1", 1L, 1L, 1), "dc", null),
        Instant.now());
    return address;
  }

  @Test
  void everySessionAndDataServerConfirmingIsPropagatedAndNamesThisMetaAsLeader() {
    String session = node(NodeRole.SESSION, (n, c) -> new SwitchesAck(Status.OK, 9));
    String data = node(NodeRole.DATA, (n, c) -> new SwitchesAck(Status.OK, 11));

    Propagation result = propagation.propagate(SWITCHES);

    assertThat(result.pending()).isEmpty();
    assertThat(result.confirmed()).containsExactlyInAnyOrder(session, data);
    assertThat(received).hasSize(2).allMatch(n -> n.metaLeader().equals("10.0.0.9:9610"));
    assertThat(received).allMatch(n -> n.switches().equals(SWITCHES));
  }

  @Test
  void aNodeHoldingAnOlderVersionOrRefusingIsPending() {
    String behind = node(NodeRole.SESSION, (n, c) -> new SwitchesAck(Status.OK, 8));
    String other = node(NodeRole.SESSION, (n, c) -> new SwitchesAck(Status.NOT_LEADER, 9));
    String ok = node(NodeRole.DATA, (n, c) -> new SwitchesAck(Status.OK, 9));

    Propagation result = propagation.propagate(SWITCHES);

    assertThat(result.confirmed()).containsExactly(ok);
    assertThat(result.pending()).containsExactlyInAnyOrder(behind, other);
  }

  @Test
  void aNodeThatNeverAnswersIsPendingOnceTheTimeoutPassed() {
    String silent = node(NodeRole.SESSION, (n, c) -> new CompletableFuture<SwitchesAck>());
    String ok = node(NodeRole.SESSION, (n, c) -> new SwitchesAck(Status.OK, 9));
    long start = System.nanoTime();

    Propagation result = propagation.propagate(SWITCHES);

    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(result.pending()).containsExactly(silent);
    assertThat(result.confirmed()).containsExactly(ok);
    assertThat(took).isGreaterThanOrEqualTo(TIMEOUT).isLessThan(TIMEOUT.plusMillis(700));
  }

  @Test
  void anUnreachableNodeIsPending() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String gone = live(NodeRole.DATA, "127.0.0.1:" + closedPort);

    assertThat(propagation.propagate(SWITCHES).pending()).containsExactly(gone);
  }

  @Test
  void withNoLiveNodeThereIsNothingToWaitFor() {
    Propagation result = propagation.propagate(SWITCHES);

    assertThat(result).isEqualTo(new Propagation(9, List.of(), List.of()));
  }
}
