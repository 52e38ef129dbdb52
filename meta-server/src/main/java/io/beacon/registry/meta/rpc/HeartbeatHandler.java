package io.beacon.registry.meta.rpc;

import io.beacon.registry.common.model.NodeInfo;
import io.beacon.registry.common.model.NodeRole;
import io.beacon.registry.common.protocol.HeartbeatRequest;
import io.beacon.registry.common.protocol.HeartbeatResponse;
import io.beacon.registry.common.protocol.Status;
import io.beacon.registry.common.rpc.RpcConnection;
import io.beacon.registry.common.rpc.RpcHandler;
import io.beacon.registry.common.slot.SlotTable;
import io.beacon.registry.common.slot.SlotTableHolder;
import io.beacon.registry.meta.leader.LeaderStatus;
import io.beacon.registry.meta.membership.NodeLeases;
import java.time.InstantSource;
import java.util.List;

/**
 * Answers {@link HeartbeatRequest}s: renews the caller's lease and returns the live nodes and, when
 * the caller's is older, the current slot table. A meta that does not lead answers {@link
 * Status#NOT_LEADER} with the leader's address and renews nothing.
 *
 * <p>Runs on the RPC executor, concurrently. Stateless: it reads the table through the holder's
 * volatile field and never writes it; a data server that joins or restarts is reported to the meta
 * loop through {@code dataMembershipChanged}, which must not block.
 */
public final class HeartbeatHandler implements RpcHandler<HeartbeatRequest> {

  private final NodeLeases leases;
  private final SlotTableHolder tables;
  private final LeaderStatus leader;
  private final InstantSource clock;
  private final Runnable dataMembershipChanged;

  public HeartbeatHandler(
      NodeLeases leases,
      SlotTableHolder tables,
      LeaderStatus leader,
      InstantSource clock,
      Runnable dataMembershipChanged) {
    this.leases = leases;
    this.tables = tables;
    this.leader = leader;
    this.clock = clock;
    this.dataMembershipChanged = dataMembershipChanged;
  }

  @Override
  public HeartbeatResponse handle(HeartbeatRequest request, RpcConnection connection) {
    SlotTable table = tables.current();
    if (!leader.isLeader()) {
      return answer(Status.NOT_LEADER, null, table.epoch(), List.of(), List.of());
    }
    NodeInfo node = request.node();
    if (node == null || node.role() == NodeRole.META) {
      return answer(Status.INVALID, null, table.epoch(), List.of(), List.of());
    }
    NodeLeases.Renewal renewal = leases.renew(node, clock.instant());
    if (node.role() == NodeRole.DATA && renewal != NodeLeases.Renewal.RENEWED) {
      dataMembershipChanged.run();
    }
    boolean callerBehind = table.isAssigned() && request.knownTableEpoch() < table.epoch();
    return answer(
        Status.OK,
        callerBehind ? table : null,
        table.epoch(),
        leases.live(NodeRole.SESSION),
        leases.live(NodeRole.DATA));
  }

  private HeartbeatResponse answer(
      Status status,
      SlotTable table,
      long epoch,
      List<NodeInfo> sessions,
      List<NodeInfo> dataServers) {
    return new HeartbeatResponse(
        status, leader.leaderAddress(), table, epoch, sessions, dataServers);
  }
}
