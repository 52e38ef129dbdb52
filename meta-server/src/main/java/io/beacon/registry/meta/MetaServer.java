package io.beacon.registry.meta;

import io.beacon.registry.common.http.AdminHttpServer;
import io.beacon.registry.common.lifecycle.Lifecycle;
import io.beacon.registry.common.lifecycle.Readiness;
import io.beacon.registry.common.model.NodeInfo;
import io.beacon.registry.common.model.NodeRole;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.model.VersionClock;
import io.beacon.registry.common.protocol.RegistrySwitches;
import io.beacon.registry.common.rpc.RpcClient;
import io.beacon.registry.common.slot.SlotTable;
import io.beacon.registry.common.slot.SlotTableHolder;
import io.beacon.registry.meta.admin.DrainAdminRoutes;
import io.beacon.registry.meta.admin.LeaderRedirect;
import io.beacon.registry.meta.admin.MetaAdminRoutes;
import io.beacon.registry.meta.admin.SwitchAdminRoutes;
import io.beacon.registry.meta.config.RegistryConfig;
import io.beacon.registry.meta.config.SwitchPropagation;
import io.beacon.registry.meta.drain.DrainList;
import io.beacon.registry.meta.leader.LeadershipListeners;
import io.beacon.registry.meta.leader.LeaseElector;
import io.beacon.registry.meta.loop.MetaLoop;
import io.beacon.registry.meta.membership.LeaveNotices;
import io.beacon.registry.meta.membership.MetaMembers;
import io.beacon.registry.meta.membership.NodeLeases;
import io.beacon.registry.meta.persistence.MetaDatabase;
import io.beacon.registry.meta.rpc.MetaPort;
import io.beacon.registry.meta.settings.MetaServerConfig;
import io.beacon.registry.meta.slot.LearnedTables;
import io.beacon.registry.meta.slot.SlotArranger;
import io.beacon.registry.meta.slot.SlotReports;
import java.time.Duration;
import java.time.InstantSource;

/**
 * The meta server's composition root: wires the database, the leader election, node leases, the
 * slot table, switches, heartbeat handling and the admin HTTP routes, in plain Java, so that tests
 * and the in-process cluster need no Spring; {@link Lifecycle} starts them in order and closes them
 * in reverse (handing the leader lease over). Its threads are the {@link MetaExecutors}; the {@link
 * MetaLoop} is the only writer of membership removals and of the slot table.
 */
public final class MetaServer implements AutoCloseable {

  private final MetaServerConfig config;
  private final String host;
  private final ProcessId processId;
  private final Lifecycle lifecycle = new Lifecycle("meta");
  private final Readiness readiness;
  private final SlotTableHolder tables;
  private final LeaseElector elector;
  private final RegistryConfig registryConfig;
  private final DrainList drains;
  private final MetaLoop loop;
  private final MetaPort port;
  private final AdminHttpServer http;

  /** Opens the database (and migrates it); fails if it cannot be reached. */
  public MetaServer(MetaServerConfig config, InstantSource clock) {
    this.config = config;
    this.host = config.resolvedAdvertisedHost();
    this.processId = ProcessId.create(host, clock.millis());
    MetaDatabase database = MetaDatabase.open(config.resolvedJdbc());
    lifecycle.resource("database", database);
    MetaExecutors executors = MetaExecutors.create(lifecycle, config.rpcThreads());
    NodeLeases leases = new NodeLeases(config.nodeLease());
    tables = new SlotTableHolder(config.slotCount());
    LearnedTables learned = new LearnedTables();
    SlotReports reports = new SlotReports();
    LeadershipListeners leadership = new LeadershipListeners();
    elector =
        new LeaseElector(
            database.leases(),
            config.clusterId(),
            this::boundAddress,
            this::boundHttpAddress,
            config.leaderLease(),
            config.leaderRenewInterval(),
            database::databaseTimeMillis,
            System::nanoTime,
            leadership);
    registryConfig = new RegistryConfig(database.config(), config.clusterId());
    drains = new DrainList(database.drains(), config.clusterId(), clock);
    SlotArranger arranger =
        new SlotArranger(
            tables,
            config.replicas(),
            new VersionClock(clock),
            elector,
            config.slotAssignDelay(),
            learned,
            epoch -> database.epochs().raiseTo(config.clusterId(), epoch),
            reports);
    loop =
        new MetaLoop(
            executors.loop(),
            clock,
            config,
            this::address,
            leases,
            reports,
            arranger,
            drains,
            registryConfig,
            database.epochs());
    RpcClient peers = new RpcClient(1, Duration.ofSeconds(1), executors.callbacks());
    MetaMembers metas =
        new MetaMembers(this::self, elector, leases, peers, config.leaderRenewInterval());
    LeaveNotices leaveNotices = new LeaveNotices(peers, this::address, leases);
    port =
        new MetaPort(
            config,
            executors.rpc(),
            clock,
            leases,
            tables,
            elector,
            learned,
            reports,
            registryConfig::switches,
            () -> arranger.handsOutTables(clock.instant()),
            loop,
            metas::live,
            leaveNotices::sessionLeaving);
    http = new AdminHttpServer("meta", config.bindHost(), config.httpPort(), executors.http());
    MetaAdminRoutes adminRoutes =
        new MetaAdminRoutes(elector, leases, tables, metas::live, port::isStarted, http::isStarted);
    readiness =
        new Readiness(() -> lifecycle.isRunning() ? adminRoutes.unhealthyReason() : "not started");
    leadership.add(loop::leadershipChanged);
    leadership.add((leading, lease) -> readiness.recheck());
    http.filter(new LeaderRedirect(elector));
    adminRoutes.registerOn(http);
    SwitchPropagation propagation =
        new SwitchPropagation(peers, this::address, leases, config.switchPropagationTimeout());
    new SwitchAdminRoutes(
            registryConfig, config.adminToken(), s -> propagation.propagate(s).pending())
        .registerOn(http);
    new DrainAdminRoutes(
            drains, leases, tables, reports, config.adminToken(), loop::membershipChanged)
        .registerOn(http);

    lifecycle
        .closing("leader lease", elector::close)
        .closing("peer client", peers::close)
        .part("meta loop", loop)
        .part("rpc port", port)
        .part("http", http)
        .every(
            "election",
            executors.election(),
            Duration.ZERO,
            config.leaderRenewInterval(),
            () -> {
              elector.tick();
              metas.tick();
              readiness.recheck();
            });
  }

  /** Binds both ports, starts the meta loop and the election. Fails if a port cannot be bound. */
  public void start() {
    lifecycle.start(() -> "address=" + address() + " database=" + config.resolvedJdbc().url());
    readiness.recheck();
  }

  /** Returns false if no leader (this meta or another) was known within {@code timeout}. */
  public boolean awaitReady(Duration timeout) {
    return readiness.await(timeout);
  }

  /** Started, not closed, both ports up and a leader known (what {@code /health/check} reports). */
  public boolean isReady() {
    return readiness.isReady();
  }

  public boolean isLeader() {
    return elector.isLeader();
  }

  /** Stops HTTP, RPC, the election and the meta loop; releases the lease. Idempotent. */
  @Override
  public void close() {
    lifecycle.close();
  }

  /**
   * Stops like a crash as far as the others can tell: the lease is not released, so another meta
   * takes over only when it expires. For fault tests of the in-process cluster.
   */
  public void halt() {
    elector.abandon();
    lifecycle.close();
  }

  /** This meta's address once its port is bound (it takes part in elections from then), or null. */
  private String boundAddress() {
    return port.isStarted() ? address() : null;
  }

  private String boundHttpAddress() {
    return port.isStarted() ? host + ":" + http.port() : null;
  }

  private NodeInfo self() {
    return port.isStarted()
        ? new NodeInfo(
            NodeRole.META,
            address(),
            null,
            host + ":" + http.port(),
            processId,
            config.dataCenter(),
            null)
        : null;
  }

  public int rpcPort() {
    return port.port();
  }

  public int httpPort() {
    return http.port();
  }

  /** This meta's identity: {@code advertisedHost:rpcPort}. */
  public String address() {
    return host + ":" + rpcPort();
  }

  public MetaServerConfig config() {
    return config;
  }

  public SlotTable slotTable() {
    return tables.current();
  }

  /** The switches this meta hands out (as last loaded from the database). */
  public RegistrySwitches switches() {
    return registryConfig.switches();
  }

  /** The drain list this meta serves (loaded when it became leader). */
  public DrainList drains() {
    return drains;
  }
}
