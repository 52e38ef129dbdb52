package io.beacon.registry.meta.membership;

import io.beacon.registry.common.concurrent.Tasks;
import io.beacon.registry.common.model.NodeInfo;
import io.beacon.registry.common.model.NodeRole;
import io.beacon.registry.common.protocol.HeartbeatRequest;
import io.beacon.registry.common.protocol.HeartbeatResponse;
import io.beacon.registry.common.protocol.Status;
import io.beacon.registry.common.rpc.RpcClient;
import io.beacon.registry.meta.leader.LeaderStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The meta servers of the cluster, as this one knows them: as the reference's metas do, a follower
 * heartbeats the leader ({@link #tick}, once per election round), so the leader holds a lease for
 * every live meta in {@link NodeLeases} (evicted like any node's when it stops) and lists them in
 * its heartbeat answers; a follower lists what the leader's last answer listed. Either way this
 * meta itself is listed, also while no leader is known. Metas are keyed by their {@code host:port}
 * address, so several on one host stay distinct.
 *
 * <p>No database write: liveness comes from the heartbeats, as for sessions and data servers.
 * Threads: {@link #tick} on the election thread with at most one heartbeat in flight; its answer on
 * the RPC client's callback executor, which swaps the volatile {@code peers}; {@link #live} from
 * anywhere.
 */
public final class MetaMembers {

  private static final Logger log = LoggerFactory.getLogger(MetaMembers.class);

  private final Supplier<NodeInfo> self;
  private final LeaderStatus leader;
  private final NodeLeases leases;
  private final RpcClient client;
  private final Duration timeout;
  private final AtomicBoolean inFlight = new AtomicBoolean();
  private volatile List<NodeInfo> peers = List.of();

  /**
   * @param self this meta, or null before its port is bound
   * @param timeout of one heartbeat to the leader
   */
  public MetaMembers(
      Supplier<NodeInfo> self,
      LeaderStatus leader,
      NodeLeases leases,
      RpcClient client,
      Duration timeout) {
    this.self = self;
    this.leader = leader;
    this.leases = leases;
    this.client = client;
    this.timeout = timeout;
  }

  /** The live meta servers, this one included, sorted by address. */
  public List<NodeInfo> live() {
    Map<String, NodeInfo> byAddress = new TreeMap<>();
    if (leader.isLeader()) {
      leases.live(NodeRole.META).forEach(node -> byAddress.put(node.address(), node));
    } else if (leader.leaderAddress() != null) {
      peers.forEach(node -> byAddress.put(node.address(), node));
    }
    NodeInfo me = self.get();
    if (me != null) {
      byAddress.put(me.address(), me);
    }
    return List.copyOf(byAddress.values());
  }

  /** A follower heartbeats the leader; the leader has nothing to do. */
  public void tick() {
    NodeInfo me = self.get();
    String target = leader.leaderAddress();
    if (leader.isLeader() || me == null || target == null || target.equals(me.address())) {
      return;
    }
    if (!inFlight.compareAndSet(false, true)) {
      return;
    }
    Tasks.whenComplete(
        client.invoke(target, new HeartbeatRequest(me, 0), HeartbeatResponse.class, timeout),
        "meta peer heartbeat",
        (response, error) -> {
          inFlight.set(false);
          if (error == null && response.status() == Status.OK) {
            peers = response.metas();
          } else {
            log.debug(
                "meta heartbeat to the leader failed leader={} answer={}",
                target,
                error != null ? error.toString() : response.status());
          }
        });
  }
}
