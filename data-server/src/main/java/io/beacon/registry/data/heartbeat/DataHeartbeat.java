package io.beacon.registry.data.heartbeat;

import io.beacon.registry.common.heartbeat.MetaHeartbeater;
import io.beacon.registry.common.lifecycle.Lifecycle;
import io.beacon.registry.common.lifecycle.Readiness;
import io.beacon.registry.common.model.NodeInfo;
import io.beacon.registry.common.protocol.HeartbeatRequest;
import io.beacon.registry.common.protocol.HeartbeatResponse;
import io.beacon.registry.common.protocol.LeaveStage;
import io.beacon.registry.common.slot.SlotTable;
import io.beacon.registry.common.slot.SlotTableHolder;
import io.beacon.registry.data.change.ChangeNotifier;
import io.beacon.registry.data.sync.FollowerSync;
import io.beacon.registry.data.sync.SlotMigrator;
import java.util.function.Supplier;

/**
 * What this data server tells the meta leader (its table epoch, switches version, the followed
 * slots caught up with their leaders) and what it takes from the answers. Answers arrive one at a
 * time on the RPC callback executor.
 *
 * <p>Order matters: the listed sessions are adopted first, since a slot gained with the new table
 * migrates in from the sessions listed with it; then the table, then the migrations and change
 * notices learn which sessions are live.
 */
public final class DataHeartbeat implements MetaHeartbeater.Member {

  private final Supplier<NodeInfo> self;
  private final SlotTableHolder tables;
  private final MetaViewHolder meta;
  private final SlotMigrator migrator;
  private final ChangeNotifier notifier;
  private final FollowerSync followerSync;
  private final Readiness readiness;
  private final Supplier<LeaveStage> leave;

  /**
   * @param leave where this server stands in a graceful leave, reported with every heartbeat
   */
  public DataHeartbeat(
      Supplier<NodeInfo> self,
      SlotTableHolder tables,
      MetaViewHolder meta,
      SlotMigrator migrator,
      ChangeNotifier notifier,
      FollowerSync followerSync,
      Readiness readiness,
      Supplier<LeaveStage> leave) {
    this.leave = leave;
    this.self = self;
    this.tables = tables;
    this.meta = meta;
    this.migrator = migrator;
    this.notifier = notifier;
    this.followerSync = followerSync;
    this.readiness = readiness;
  }

  /**
   * Why a data server is not ready, or null when it is: it runs, a meta server answered within
   * {@code meta-unreachable-timeout}, it holds an assigned slot table, and meta answered a
   * heartbeat.
   */
  public static String notReadyReason(
      Lifecycle lifecycle, MetaHeartbeater heartbeater, SlotTable table, MetaView view) {
    if (!lifecycle.isRunning()) {
      return lifecycle.isClosed() ? "closed" : "not started";
    }
    String metaProblem = heartbeater.reachability().problem();
    if (metaProblem != null) {
      return metaProblem;
    }
    if (!table.isAssigned()) {
      return "no slot table assigned yet";
    }
    return view.answered() ? null : "no meta heartbeat answered yet";
  }

  @Override
  public String address() {
    return self.get().address();
  }

  @Override
  public HeartbeatRequest request() {
    return HeartbeatRequest.holding(
        self.get(),
        tables.current(),
        meta.current().switches().version(),
        followerSync.syncedSlots(),
        leave.get());
  }

  @Override
  public void onResponse(HeartbeatResponse response) {
    MetaView view = meta.update(response);
    tables.update(response.slotTable());
    migrator.onSessionsListed(view.sessions());
    notifier.updateSessions(response.sessions().stream().map(NodeInfo::address).toList());
    readiness.recheck();
  }
}
