package io.beacon.registry.meta.rpc;

import io.beacon.registry.common.model.NodeInfo;
import io.beacon.registry.common.model.NodeRole;
import io.beacon.registry.common.protocol.HeartbeatRequest;
import io.beacon.registry.common.protocol.HeartbeatResponse;
import io.beacon.registry.common.protocol.RegistrySwitches;
import io.beacon.registry.common.protocol.Status;
import io.beacon.registry.common.rpc.RpcConnection;
import io.beacon.registry.common.rpc.RpcHandler;
import io.beacon.registry.common.slot.SlotTable;
import io.beacon.registry.common.slot.SlotTableHolder;
import io.beacon.registry.meta.leader.LeaderStatus;
import io.beacon.registry.meta.membership.NodeLeases;
import io.beacon.registry.meta.slot.LearnedTables;
import io.beacon.registry.meta.slot.SlotReports;
import java.time.InstantSource;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Answers {@link HeartbeatRequest}s: renews the caller's lease and returns the live nodes (metas
 * included) and, when the caller's is older, the current slot table. Meta followers heartbeat too
 * ({@code MetaMembers}): their lease is renewed and they get the list of metas only. A meta that
 * does not lead answers {@link Status#NOT_LEADER} with the leader's address and renews nothing.
 *
 * <p>Graceful leave ({@link HeartbeatRequest#leave()}): a leaving node stays listed and every
 * answer names it in {@link HeartbeatResponse#leaving()}; a data server starting to leave asks the
 * meta loop for a round (its leaderships move to caught-up followers), and a node that says it left
 * loses its lease at once. Who may say so: whoever may heartbeat, i.e. the cluster members on the
 * internal port (DESIGN.md §10); the claim changes only that process's own lease.
 *
 * <p>Runs on the RPC executor, concurrently. Stateless: it reads the table through the holder's
 * volatile field and never writes it; a data server that joins or restarts is reported to the meta
 * loop through {@code dataMembershipChanged}, which must not block. A restart is first handed to
 * {@code dataServerRestarted} (a concurrent collection the meta loop drains), so a burst of
 * heartbeats, which {@code dataMembershipChanged} coalesces into one loop round, cannot lose it.
 */
public final class HeartbeatHandler implements RpcHandler<HeartbeatRequest> {

  private final NodeLeases leases;
  private final SlotTableHolder tables;
  private final LeaderStatus leader;
  private final InstantSource clock;
  private final Runnable dataMembershipChanged;
  private final LearnedTables learned;
  private final SlotReports reports;
  private final Supplier<RegistrySwitches> switches;
  private final BooleanSupplier handingOutTables;
  private final Consumer<String> dataServerRestarted;
  private final Supplier<List<NodeInfo>> metas;
  private final boolean embeddedDatabase;
  private final Consumer<NodeInfo> sessionLeaving;

  /**
   * @param learned where the tables nodes report are kept, for a new leader to relearn
   * @param reports where data servers' table epochs and caught-up follower slots are kept
   * @param switches the current switches, sent to nodes that hold older ones
   * @param handingOutTables false while a new leader is still learning the current table
   */
  public HeartbeatHandler(
      NodeLeases leases,
      SlotTableHolder tables,
      LeaderStatus leader,
      InstantSource clock,
      Runnable dataMembershipChanged,
      LearnedTables learned,
      SlotReports reports,
      Supplier<RegistrySwitches> switches,
      BooleanSupplier handingOutTables) {
    this(
        leases,
        tables,
        leader,
        clock,
        dataMembershipChanged,
        learned,
        reports,
        switches,
        handingOutTables,
        address -> {},
        List::of,
        false,
        node -> {});
  }

  /**
   * @param dataServerRestarted told the address of a data server that restarted within its lease;
   *     must not block
   * @param metas the live meta servers, listed in every answer
   * @param embeddedDatabase whether this meta runs on the default embedded database, said in every
   *     answer so that nodes listing several metas refuse to follow it
   * @param sessionLeaving told of a session that announced its leave (once); must not block
   */
  public HeartbeatHandler(
      NodeLeases leases,
      SlotTableHolder tables,
      LeaderStatus leader,
      InstantSource clock,
      Runnable dataMembershipChanged,
      LearnedTables learned,
      SlotReports reports,
      Supplier<RegistrySwitches> switches,
      BooleanSupplier handingOutTables,
      Consumer<String> dataServerRestarted,
      Supplier<List<NodeInfo>> metas,
      boolean embeddedDatabase,
      Consumer<NodeInfo> sessionLeaving) {
    this.embeddedDatabase = embeddedDatabase;
    this.sessionLeaving = sessionLeaving;
    this.dataServerRestarted = dataServerRestarted;
    this.metas = metas;
    this.leases = leases;
    this.tables = tables;
    this.leader = leader;
    this.clock = clock;
    this.dataMembershipChanged = dataMembershipChanged;
    this.learned = learned;
    this.reports = reports;
    this.switches = switches;
    this.handingOutTables = handingOutTables;
  }

  @Override
  public HeartbeatResponse handle(HeartbeatRequest request, RpcConnection connection) {
    SlotTable table = tables.current();
    if (!leader.isLeader()) {
      return answer(Status.NOT_LEADER, null, table.epoch(), List.of(), List.of());
    }
    NodeInfo node = request.node();
    if (node == null) {
      return answer(Status.INVALID, null, table.epoch(), List.of(), List.of());
    }
    NodeLeases.Renewal renewal = leases.renew(node, clock.instant(), request.leave());
    if (renewal == NodeLeases.Renewal.LEFT) {
      // The process exits: its lease ended now, as its expiry would have later.
      if (node.role() == NodeRole.DATA) {
        reports.forget(node.address());
        dataMembershipChanged.run();
      }
      return answer(Status.OK, null, table.epoch(), List.of(), List.of());
    }
    if (node.role() == NodeRole.META) {
      // A meta follower: its lease lists it; it takes no table, switches or node lists.
      return new HeartbeatResponse(
          Status.OK,
          leader.leaderAddress(),
          null,
          table.epoch(),
          List.of(),
          List.of(),
          null,
          metas.get(),
          embeddedDatabase,
          List.of());
    }
    learned.offer(request.slotTable());
    if (node.role() == NodeRole.SESSION && renewal == NodeLeases.Renewal.LEAVING) {
      sessionLeaving.accept(node);
    }
    if (node.role() == NodeRole.DATA) {
      reports.record(node.address(), request.knownTableEpoch(), request.syncedFollowerSlots());
      if (renewal == NodeLeases.Renewal.RESTARTED) {
        dataServerRestarted.accept(node.address());
      }
      if (renewal != NodeLeases.Renewal.RENEWED) {
        dataMembershipChanged.run();
      }
    }
    boolean callerBehind =
        table.isAssigned()
            && request.knownTableEpoch() < table.epoch()
            && handingOutTables.getAsBoolean();
    RegistrySwitches current = switches.get();
    return new HeartbeatResponse(
        Status.OK,
        leader.leaderAddress(),
        callerBehind ? table : null,
        table.epoch(),
        leases.live(NodeRole.SESSION),
        leases.live(NodeRole.DATA),
        request.knownSwitchesVersion() < current.version() ? current : null,
        metas.get(),
        embeddedDatabase,
        leases.leaving());
  }

  private HeartbeatResponse answer(
      Status status,
      SlotTable table,
      long epoch,
      List<NodeInfo> sessions,
      List<NodeInfo> dataServers) {
    return new HeartbeatResponse(
        status,
        leader.leaderAddress(),
        table,
        epoch,
        sessions,
        dataServers,
        null,
        List.of(),
        embeddedDatabase,
        List.of());
  }
}
