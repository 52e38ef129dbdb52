package io.beacon.registry.data;

import io.beacon.registry.common.colocation.Colocation;
import io.beacon.registry.common.concurrent.RetryTimer;
import io.beacon.registry.common.heartbeat.MetaHeartbeater;
import io.beacon.registry.common.http.AdminHttpServer;
import io.beacon.registry.common.http.NetworkAddresses;
import io.beacon.registry.common.lifecycle.Lifecycle;
import io.beacon.registry.common.lifecycle.Readiness;
import io.beacon.registry.common.model.NodeInfo;
import io.beacon.registry.common.model.NodeRole;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.protocol.LeaveStage;
import io.beacon.registry.common.protocol.RegistrySwitches;
import io.beacon.registry.common.rpc.RpcClient;
import io.beacon.registry.common.slot.SlotTable;
import io.beacon.registry.common.slot.SlotTableHolder;
import io.beacon.registry.data.admin.AdminEndpoints;
import io.beacon.registry.data.change.ChangeNotifier;
import io.beacon.registry.data.heartbeat.DataHeartbeat;
import io.beacon.registry.data.heartbeat.MetaViewHolder;
import io.beacon.registry.data.leave.DataLeave;
import io.beacon.registry.data.leave.LeaveControl;
import io.beacon.registry.data.rpc.DataPort;
import io.beacon.registry.data.settings.DataServerConfig;
import io.beacon.registry.data.sync.SlotSync;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The data server's composition root: wires its {@link DataPlane} (store, slot access, change
 * notices, session leases, slot syncs, lease expiry), the RPC and HTTP ports and the meta
 * heartbeat, in plain Java; {@link Lifecycle} starts them in order and closes them in reverse. Its
 * threads are the {@link DataExecutors}; what meta said last is one immutable {@code MetaView}.
 * SIGTERM (through the application's {@link #leaveAndClose()}) and {@code PUT /opsapi/v1/leave}
 * start a graceful {@link DataLeave}, driven by its {@link LeaveControl}.
 */
public final class DataServer implements AutoCloseable {

  private static final Duration TICK_INTERVAL = Duration.ofSeconds(1);

  private final DataServerConfig config;
  private final String host;
  private final ProcessId processId;
  private final Lifecycle lifecycle = new Lifecycle("data");
  private final Readiness readiness = new Readiness(this::notReadyReasonNow);
  private final SlotTableHolder tables;
  private final MetaViewHolder meta = new MetaViewHolder();
  private final DataPlane data;
  private final DataPort port;
  private final AdminHttpServer http;
  private final MetaHeartbeater heartbeater;
  private final LeaveControl leave;

  public DataServer(DataServerConfig config, InstantSource clock) {
    this(config, clock, Colocation.none());
  }

  public DataServer(DataServerConfig config, InstantSource clock, Colocation colocation) {
    this.config = config;
    this.host = NetworkAddresses.advertised(config.advertisedHost(), config.bindHost());
    this.processId = ProcessId.create(host, clock.millis());
    DataExecutors executors = DataExecutors.create(lifecycle, config.rpcThreads());
    ScheduledExecutorService scheduler = executors.scheduler();
    RetryTimer timer = RetryTimer.on(scheduler);

    tables = new SlotTableHolder(config.slotCount());
    RpcClient client =
        new RpcClient(1, config.rpcTimeout(), executors.callbacks(), colocation.routes());
    data =
        DataPlane.create(
            config,
            clock,
            executors,
            timer,
            client,
            colocation.publishers(),
            processId,
            tables,
            meta,
            this::address);
    SlotSync syncs = data.syncs();
    ChangeNotifier notifier = data.notifier();
    DataHeartbeat heartbeat =
        new DataHeartbeat(
            this::self,
            tables,
            meta,
            syncs.migrator(),
            notifier,
            syncs.followers(),
            readiness,
            this::leaveStage);
    heartbeater =
        new MetaHeartbeater(
            config.metaAddresses(),
            client,
            heartbeat,
            config.heartbeatInterval(),
            scheduler,
            clock,
            config.metaReachability(clock));
    port =
        new DataPort(
            config,
            executors.rpc(),
            executors.callbacks(),
            colocation.routes(),
            host,
            processId,
            data.store(),
            data.access(),
            notifier,
            data.leases(),
            syncs.sessions(),
            meta,
            heartbeater);
    http = new AdminHttpServer("data", config.bindHost(), config.httpPort(), executors.http());
    new AdminEndpoints(data.store(), tables, this::address, readiness::notReadyReason)
        .install(http);
    tables.onRefreshRequested(heartbeater::triggerNow);
    leave =
        new LeaveControl(
            config, this::address, tables, meta::current, heartbeater, http, lifecycle, clock);

    lifecycle
        .closing("rpc client", client::close)
        .closing("change notices", notifier::close)
        .closing("slot syncs", syncs::close)
        .part("rpc port", port)
        .part("http", http)
        .part("meta heartbeat", heartbeater)
        .every("tick", scheduler, TICK_INTERVAL, () -> tick(clock.instant()))
        .every("follower sync", scheduler, config.followerSyncInterval(), syncs.followers()::tick)
        .every("leave check", scheduler, LeaveControl.CHECK_INTERVAL, leave::check);
  }

  public void start() {
    lifecycle.start(() -> "address=" + address() + " processId=" + processId);
  }

  /** Returns false if the server was not ready within {@code timeout}. */
  public boolean awaitReady(Duration timeout) {
    return readiness.await(timeout);
  }

  public boolean isReady() {
    return readiness.isReady();
  }

  /** Why this server is not ready (as {@code /health/check} reports it), or null when it is. */
  public String notReadyReason() {
    return readiness.notReadyReason();
  }

  private String notReadyReasonNow() {
    return DataHeartbeat.notReadyReason(lifecycle, heartbeater, tables.current(), meta.current());
  }

  /** The periodic upkeep ({@link DataPlane#tick}), on {@code data-scheduler}. */
  void tick(Instant now) {
    data.tick(now);
  }

  private NodeInfo self() {
    return new NodeInfo(
        NodeRole.DATA,
        address(),
        null,
        host + ":" + httpPort(),
        processId,
        config.dataCenter(),
        config.zone());
  }

  public int rpcPort() {
    return port.port();
  }

  public int httpPort() {
    return http.port();
  }

  /** This node's identity: {@code advertisedHost:rpcPort}. */
  public String address() {
    return port.address();
  }

  public ProcessId processId() {
    return processId;
  }

  public DataServerConfig config() {
    return config;
  }

  public SlotTable slotTable() {
    return tables.current();
  }

  /** The slots this node leads but has not migrated in from every session yet. */
  public Set<Integer> migratingSlots() {
    return data.migrations().slots();
  }

  /** The followed slots reported caught up with their leader in the next heartbeat. */
  public List<Integer> syncedFollowerSlots() {
    return data.syncs().followers().syncedSlots();
  }

  public String metaLeader() {
    return heartbeater.leader();
  }

  public RegistrySwitches switches() {
    return meta.current().switches();
  }

  /**
   * This server's graceful leave: {@code leaving().begin()} starts it (idempotent, never blocks),
   * {@code leaving().left()} completes when it is done; the server is still open then, and the
   * caller closes it (the application exits).
   */
  public DataLeave leaving() {
    return leave.leave();
  }

  private LeaveStage leaveStage() {
    return leave == null ? LeaveStage.STAYING : leave.stage();
  }

  /** What SIGTERM does: {@link LeaveControl#beforeClose()}, then {@link #close()}. */
  public void leaveAndClose() {
    leave.beforeClose();
    close();
  }

  /** Closes at once, like a crash as far as meta's table goes (its lease expires). */
  @Override
  public void close() {
    lifecycle.close();
  }
}
