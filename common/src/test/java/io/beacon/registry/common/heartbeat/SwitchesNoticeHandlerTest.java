package io.beacon.registry.common.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.common.concurrent.Threads;
import io.beacon.registry.common.model.NodeInfo;
import io.beacon.registry.common.model.NodeRole;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.protocol.HeartbeatRequest;
import io.beacon.registry.common.protocol.HeartbeatResponse;
import io.beacon.registry.common.protocol.RegistrySwitches;
import io.beacon.registry.common.protocol.Status;
import io.beacon.registry.common.protocol.SwitchesAck;
import io.beacon.registry.common.protocol.SwitchesNotice;
import io.beacon.registry.common.rpc.RpcClient;
import io.beacon.registry.common.rpc.RpcServer;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A node takes switch notices only from the meta leader its heartbeat follows, over real Bolt
 * connections on 127.0.0.1, and answers once the switches are in force.
 */
class SwitchesNoticeHandlerTest {

  private static final RegistrySwitches SWITCHES =
      new RegistrySwitches(
          7, true, Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), 0, Set.of(), Map.of());

  private final ThreadPoolExecutor executor = Threads.bounded("test-rpc", 4, 100);
  private final ScheduledExecutorService scheduler = Threads.scheduled("test-beat", 1);
  private final RpcServer meta = new RpcServer("meta", "127.0.0.1", 0, executor);
  private final RpcServer node = new RpcServer("node", "127.0.0.1", 0, executor);
  private final RpcClient client = new RpcClient(1, Duration.ofSeconds(1), executor);
  private final AtomicLong held = new AtomicLong();
  private final CompletableFuture<CompletableFuture<Long>> applying = new CompletableFuture<>();
  private MetaHeartbeater heartbeater;

  @AfterEach
  void close() {
    if (heartbeater != null) {
      heartbeater.close();
    }
    client.close();
    node.close();
    meta.close();
    scheduler.shutdownNow();
    executor.shutdownNow();
  }

  /** Starts a meta that names itself {@code leaderHost:port}, and a node following it. */
  private String follow(String leaderHost) throws Exception {
    meta.start();
    String leader = leaderHost + ":" + meta.port();
    meta.register(
        HeartbeatRequest.class,
        executor,
        (request, connection) ->
            new HeartbeatResponse(Status.OK, leader, null, 0, List.of(), List.of(), null));
    CompletableFuture<HeartbeatResponse> answered = new CompletableFuture<>();
    heartbeater =
        new MetaHeartbeater(
            List.of("127.0.0.1:" + meta.port()),
            client,
            new MetaHeartbeater.Member() {
              @Override
              public String address() {
                return "node";
              }

              @Override
              public HeartbeatRequest request() {
                return new HeartbeatRequest(
                    new NodeInfo(
                        NodeRole.SESSION,
                        "127.0.0.1:1",
                        null,
                        null,
                        new ProcessId("127.0.0.1", 1L, 1L, 1),
                        "dc",
                        null),
                    0);
              }

              @Override
              public void onResponse(HeartbeatResponse response) {
                answered.complete(response);
              }
            },
            Duration.ofMillis(100),
            scheduler,
            InstantSource.system(),
            new MetaReachability(
                List.of("127.0.0.1:" + meta.port()),
                "meta-addresses",
                Duration.ofSeconds(10),
                "meta-unreachable-timeout",
                InstantSource.system()));
    heartbeater.start();
    answered.get(5, TimeUnit.SECONDS);
    node.register(
        SwitchesNotice.class,
        executor,
        new SwitchesNoticeHandler(
            heartbeater,
            held::get,
            switches -> {
              CompletableFuture<Long> inForce = new CompletableFuture<>();
              applying.complete(inForce);
              return inForce;
            }));
    node.start();
    return leader;
  }

  private CompletableFuture<SwitchesAck> send(SwitchesNotice notice) {
    return client.invoke(
        "127.0.0.1:" + node.port(), notice, SwitchesAck.class, Duration.ofSeconds(3));
  }

  @Test
  void aNoticeFromTheLeaderFollowedIsAnsweredOnceTheSwitchesAreInForce() throws Exception {
    String leader = follow("127.0.0.1");

    CompletableFuture<SwitchesAck> ack = send(new SwitchesNotice(leader, SWITCHES));

    assertThat(heartbeater.reportedLeader()).isEqualTo(leader);
    CompletableFuture<Long> inForce = applying.get(5, TimeUnit.SECONDS);
    assertThat(ack).isNotDone();
    inForce.complete(7L);
    assertThat(ack.get(5, TimeUnit.SECONDS)).isEqualTo(new SwitchesAck(Status.OK, 7));
  }

  @Test
  void aNoticeNamingAnotherMetaIsRefusedAndChangesNothing() throws Exception {
    follow("127.0.0.1");
    held.set(3);

    SwitchesAck ack = send(new SwitchesNotice("127.0.0.1:1", SWITCHES)).get(5, TimeUnit.SECONDS);

    assertThat(ack).isEqualTo(new SwitchesAck(Status.NOT_LEADER, 3));
    assertThat(applying).isNotDone();
  }

  @Test
  void aNoticeNamingTheLeaderFromAnotherHostIsRefused() throws Exception {
    String leader =
        follow("127.0.0.2"); // the leader says it is at 127.0.0.2; the call comes from .1

    SwitchesAck ack = send(new SwitchesNotice(leader, SWITCHES)).get(5, TimeUnit.SECONDS);

    assertThat(ack.status()).isEqualTo(Status.NOT_LEADER);
    assertThat(applying).isNotDone();
  }

  @Test
  void aNoticeWithoutSwitchesIsInvalid() throws Exception {
    String leader = follow("127.0.0.1");

    SwitchesAck ack = send(new SwitchesNotice(leader, null)).get(5, TimeUnit.SECONDS);

    assertThat(ack.status()).isEqualTo(Status.INVALID);
  }
}
