package io.beacon.registry.data;

import io.beacon.registry.common.concurrent.Tasks;
import io.beacon.registry.common.concurrent.Threads;
import io.beacon.registry.common.heartbeat.MetaHeartbeater;
import io.beacon.registry.common.http.AdminHttpServer;
import io.beacon.registry.common.http.NetworkAddresses;
import io.beacon.registry.common.model.NodeInfo;
import io.beacon.registry.common.model.NodeRole;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.model.PublisherPool;
import io.beacon.registry.common.model.VersionClock;
import io.beacon.registry.common.protocol.DatumVersionsRequest;
import io.beacon.registry.common.protocol.FetchDatumRequest;
import io.beacon.registry.common.protocol.HeartbeatRequest;
import io.beacon.registry.common.protocol.HeartbeatResponse;
import io.beacon.registry.common.protocol.RegistrySwitches;
import io.beacon.registry.common.protocol.SessionRenewRequest;
import io.beacon.registry.common.protocol.SlotDigestRequest;
import io.beacon.registry.common.protocol.SlotPublisherDiffRequest;
import io.beacon.registry.common.protocol.WriteBatchRequest;
import io.beacon.registry.common.protocol.WriteBatchesRequest;
import io.beacon.registry.common.rpc.InProcessRoutes;
import io.beacon.registry.common.rpc.RpcClient;
import io.beacon.registry.common.rpc.RpcServer;
import io.beacon.registry.common.slot.SlotFunction;
import io.beacon.registry.common.slot.SlotTable;
import io.beacon.registry.common.slot.SlotTableHolder;
import io.beacon.registry.data.admin.AdminEndpoints;
import io.beacon.registry.data.change.ChangeNotifier;
import io.beacon.registry.data.change.RpcNoticeSender;
import io.beacon.registry.data.lease.LeaseExpiry;
import io.beacon.registry.data.lease.SessionLeases;
import io.beacon.registry.data.rpc.DatumVersionsHandler;
import io.beacon.registry.data.rpc.FetchDatumHandler;
import io.beacon.registry.data.rpc.SessionRenewHandler;
import io.beacon.registry.data.rpc.SlotDigestHandler;
import io.beacon.registry.data.rpc.SlotPublisherDiffHandler;
import io.beacon.registry.data.rpc.WriteBatchHandler;
import io.beacon.registry.data.rpc.WriteBatchesHandler;
import io.beacon.registry.data.slot.SlotAccess;
import io.beacon.registry.data.slot.SlotLeadership;
import io.beacon.registry.data.slot.SlotMigrations;
import io.beacon.registry.data.store.DatumStore;
import io.beacon.registry.data.sync.FollowerSync;
import io.beacon.registry.data.sync.SessionSync;
import io.beacon.registry.data.sync.SlotDiffSyncer;
import io.beacon.registry.data.sync.SlotMigrator;
import io.beacon.registry.data.sync.SyncPeer;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data server's composition root: wires the store, slot access, change notices, session leases
 * and renew syncs, leader to follower replication (answering followers, and following), lease
 * expiry, the RPC and HTTP ports and the meta heartbeat, in plain Java, and owns every executor.
 *
 * <p>Threads: {@code data-rpc} runs request handlers (writes take the slot's lock, see {@link
 * DatumStore}); {@code data-callback} completes RPC answers (heartbeat responses, notice acks, sync
 * answers); {@code data-notify} starts notice calls; {@code data-sync} runs the steps of slot sync
 * passes; {@code data-scheduler} runs the heartbeat, the periodic {@code tick} (lease expiry,
 * tombstone compaction), the follower tick and notice retries; {@code data-http} serves the admin
 * port. Lifecycle fields, the sessions and the data servers' processes meta lists are volatile,
 * written under {@code this} or by the heartbeat answer, so readiness checks and request threads
 * read them without a lock.
 */
public final class DataServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DataServer.class);
  private static final Duration TICK_INTERVAL = Duration.ofSeconds(1);
  private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);
  private static final int QUEUE_CAPACITY = 10_000;
  private static final Duration MIGRATION_RETRY_DELAY = Duration.ofMillis(200);

  private final DataServerConfig config;
  private final InstantSource clock;
  private final String advertisedHost;
  private final ProcessId processId;
  private final SlotTableHolder tables;
  private final DatumStore store;
  private final ThreadPoolExecutor rpcExecutor;
  private final ThreadPoolExecutor callbackExecutor;
  private final ThreadPoolExecutor notifyExecutor;
  private final ThreadPoolExecutor syncExecutor;
  private final ThreadPoolExecutor httpExecutor;
  private final ScheduledExecutorService scheduler;
  private final RpcClient rpcClient;
  private final InProcessRoutes routes;
  private final RpcServer rpcServer;
  private final AdminHttpServer httpServer;
  private final ChangeNotifier notifier;
  private final SessionLeases leases;
  private final SlotDiffSyncer syncer;
  private final SlotDiffSyncer followerSyncer;
  private final FollowerSync followerSync;
  private final LeaseExpiry expiry;
  private final SlotMigrations migrations;
  private final SlotMigrator migrator;
  private final CompletableFuture<Void> ready = new CompletableFuture<>();

  private volatile MetaHeartbeater heartbeater;
  private volatile boolean started;
  private volatile boolean closed;
  private volatile RegistrySwitches switches = RegistrySwitches.INITIAL;
  private volatile boolean metaSeen;
  private volatile Set<ProcessId> listedSessions = Set.of();
  private volatile List<SyncPeer> listedSessionPeers = List.of();
  private volatile Map<String, ProcessId> dataProcesses = Map.of();

  public DataServer(DataServerConfig config, InstantSource clock) {
    this(config, clock, PublisherPool.none());
  }

  /**
   * @param publisherPool shares stored publishers with a session server in the same JVM, or {@link
   *     PublisherPool#none()}
   */
  public DataServer(DataServerConfig config, InstantSource clock, PublisherPool publisherPool) {
    this(config, clock, publisherPool, InProcessRoutes.none());
  }

  /**
   * @param routes the servers of this JVM called without a socket: this server binds its own
   *     address there while it runs, and calls the bound ones (the session of a standalone JVM)
   *     in-process; or {@link InProcessRoutes#none()}
   */
  public DataServer(
      DataServerConfig config,
      InstantSource clock,
      PublisherPool publisherPool,
      InProcessRoutes routes) {
    this.config = config;
    this.routes = routes;
    this.clock = clock;
    this.advertisedHost = NetworkAddresses.advertised(config.advertisedHost(), config.bindHost());
    this.processId = ProcessId.create(advertisedHost, clock.millis());
    this.tables = new SlotTableHolder(config.slotCount());
    this.store =
        new DatumStore(
            new SlotFunction(config.slotCount()),
            new VersionClock(clock),
            clock,
            config.tombstoneRetention(),
            publisherPool);
    this.rpcExecutor = Threads.bounded("data-rpc", config.rpcThreads(), QUEUE_CAPACITY);
    this.callbackExecutor = Threads.bounded("data-callback", 2, QUEUE_CAPACITY);
    // Bolt drops a callback its executor rejects, which would leave a flag stuck "in flight".
    callbackExecutor.setRejectedExecutionHandler(new ThreadPoolExecutor.CallerRunsPolicy());
    this.notifyExecutor = Threads.bounded("data-notify", 2, QUEUE_CAPACITY);
    this.syncExecutor = Threads.bounded("data-sync", 2, QUEUE_CAPACITY);
    this.httpExecutor = Threads.bounded("data-http", 2, 256);
    this.scheduler = Threads.scheduled("data-scheduler", 1);
    this.rpcClient = new RpcClient(1, config.rpcTimeout(), callbackExecutor, routes);
    this.leases = new SessionLeases(clock, config.sessionLease());
    this.syncer =
        new SlotDiffSyncer(
            rpcClient,
            syncExecutor,
            processId,
            config.rpcTimeout(),
            config.renewSyncMaxPublishers(),
            SlotDiffSyncer.DEFAULT_MAX_SUMMARY_REGISTER_IDS,
            leases::renew);
    this.followerSyncer =
        new SlotDiffSyncer(
            rpcClient,
            syncExecutor,
            processId,
            config.rpcTimeout(),
            config.renewSyncMaxPublishers(),
            SlotDiffSyncer.DEFAULT_MAX_SUMMARY_REGISTER_IDS,
            leader -> {});

    RpcServer server = new RpcServer("data", config.bindHost(), config.rpcPort(), callbackExecutor);
    String host = advertisedHost;
    Supplier<String> localAddress = () -> host + ":" + server.port();
    this.rpcServer = server;
    this.notifier =
        new ChangeNotifier(
            localAddress,
            new RpcNoticeSender(rpcClient, notifyExecutor, config.rpcTimeout()),
            (task, delay) -> Tasks.schedule(scheduler, "notice retry", delay, task),
            config.notifyRetryBackoff());
    this.migrations = new SlotMigrations();
    SlotAccess access = new SlotAccess(tables, localAddress, this::refreshTable, migrations);
    SessionSync sessionSync = new SessionSync(store, access, notifier, syncer);
    this.migrator =
        new SlotMigrator(
            migrations,
            sessionSync::schedule,
            store,
            access,
            notifier,
            () -> listedSessionPeers,
            (task, delay) -> Tasks.schedule(scheduler, "slot migration", delay, task),
            clock,
            config.migrationDeadline(),
            MIGRATION_RETRY_DELAY);
    new SlotLeadership(tables, store, localAddress, migrator).listen();
    this.expiry =
        new LeaseExpiry(
            store, tables, access, localAddress, leases, () -> listedSessions, notifier);
    WriteBatchHandler writes = new WriteBatchHandler(store, access, notifier, leases);
    server.register(WriteBatchRequest.class, rpcExecutor, writes);
    server.register(WriteBatchesRequest.class, rpcExecutor, new WriteBatchesHandler(writes));
    server.register(FetchDatumRequest.class, rpcExecutor, new FetchDatumHandler(store, access));
    server.register(
        DatumVersionsRequest.class, rpcExecutor, new DatumVersionsHandler(store, access));
    server.register(
        SessionRenewRequest.class,
        rpcExecutor,
        new SessionRenewHandler(store, access, leases, sessionSync, this::listedSessionAddress));
    server.register(
        SlotDigestRequest.class, rpcExecutor, new SlotDigestHandler(store, access, processId));
    server.register(
        SlotPublisherDiffRequest.class,
        rpcExecutor,
        new SlotPublisherDiffHandler(store, access, processId, config.renewSyncMaxPublishers()));
    this.followerSync =
        new FollowerSync(
            store,
            access,
            followerSyncer,
            tables,
            localAddress,
            address -> dataProcesses.get(address));

    this.httpServer =
        new AdminHttpServer("data", config.bindHost(), config.httpPort(), httpExecutor);
    new AdminEndpoints(store, tables, localAddress, this::notReadyReason).install(httpServer);
  }

  /** Binds the ports, then starts the meta heartbeat and the periodic tick. */
  public synchronized void start() {
    if (closed) {
      throw new IllegalStateException("data server is closed");
    }
    if (started) {
      return;
    }
    rpcServer.start();
    routes.bind(address(), rpcServer);
    httpServer.start();
    heartbeater =
        new MetaHeartbeater(
            config.metaAddresses(),
            rpcClient,
            self(),
            this::heartbeatRequest,
            this::onHeartbeat,
            config.heartbeatInterval(),
            scheduler,
            clock);
    heartbeater.start();
    Tasks.scheduleWithFixedDelay(
        scheduler, "tick", TICK_INTERVAL, TICK_INTERVAL, () -> tick(clock.instant()));
    Duration followerSyncInterval = config.followerSyncInterval();
    Tasks.scheduleWithFixedDelay(
        scheduler, "follower sync", followerSyncInterval, followerSyncInterval, followerSync::tick);
    started = true;
    log.info(
        "data server started address={} http={} processId={} meta={}",
        address(),
        httpAddress(),
        processId,
        config.metaAddresses());
  }

  /** Waits until {@link #isReady()} or the timeout; returns whether it became ready. */
  public boolean awaitReady(Duration timeout) {
    try {
      ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return isReady();
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException("readiness failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Started, both ports up, a slot table assigned and a meta heartbeat answered. */
  public boolean isReady() {
    return notReadyReason() == null;
  }

  public int rpcPort() {
    return rpcServer.port();
  }

  public int httpPort() {
    return httpServer.port();
  }

  /** This node's identity: {@code advertisedHost:rpcPort}. */
  public String address() {
    return advertisedHost + ":" + rpcPort();
  }

  public ProcessId processId() {
    return processId;
  }

  public DataServerConfig config() {
    return config;
  }

  /** The slot table this node holds. */
  public SlotTable slotTable() {
    return tables.current();
  }

  /** Stops everything in the reverse order of start. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    started = false;
    if (heartbeater != null) {
      heartbeater.close();
    }
    httpServer.close();
    routes.unbind(address(), rpcServer);
    rpcServer.close();
    followerSyncer.close();
    syncer.close();
    notifier.close();
    rpcClient.close();
    Threads.shutdown(scheduler, SHUTDOWN_TIMEOUT);
    Threads.shutdown(httpExecutor, SHUTDOWN_TIMEOUT);
    Threads.shutdown(syncExecutor, SHUTDOWN_TIMEOUT);
    Threads.shutdown(notifyExecutor, SHUTDOWN_TIMEOUT);
    Threads.shutdown(callbackExecutor, SHUTDOWN_TIMEOUT);
    Threads.shutdown(rpcExecutor, SHUTDOWN_TIMEOUT);
    log.info("data server closed address={}", address());
  }

  /**
   * The periodic upkeep, on {@code data-scheduler}: removes the orphans of sessions whose lease
   * ended, forgets long-gone sessions, then compacts tombstones.
   */
  void tick(Instant now) {
    expiry.tick(now);
    leases.prune(now);
    store.tick(now);
  }

  /** Why this server is not ready (as {@code /health/check} reports it), or null when it is. */
  public String notReadyReason() {
    if (!started) {
      return closed ? "closed" : "not started";
    }
    if (!rpcServer.isStarted()) {
      return "rpc server not started";
    }
    if (!httpServer.isStarted()) {
      return "http server not started";
    }
    if (!tables.current().isAssigned()) {
      return "no slot table assigned yet";
    }
    if (!metaSeen) {
      return "no meta heartbeat answered yet";
    }
    return null;
  }

  private NodeInfo self() {
    return new NodeInfo(
        NodeRole.DATA,
        address(),
        null,
        httpAddress(),
        processId,
        config.dataCenter(),
        config.zone());
  }

  private String httpAddress() {
    return advertisedHost + ":" + httpPort();
  }

  private HeartbeatRequest heartbeatRequest() {
    SlotTable table = tables.current();
    return new HeartbeatRequest(
        self(),
        table.epoch(),
        table.isAssigned() ? table : null,
        switches.version(),
        followerSync.syncedSlots());
  }

  /** The internal address meta lists for {@code session}, or null. */
  private String listedSessionAddress(ProcessId session) {
    for (SyncPeer peer : listedSessionPeers) {
      if (peer.processId().equals(session)) {
        return peer.address();
      }
    }
    return null;
  }

  /** The slots this node leads but has not migrated in from every session yet. */
  public Set<Integer> migratingSlots() {
    return migrations.slots();
  }

  /** The followed slots reported caught up with their leader in the next heartbeat. */
  public List<Integer> syncedFollowerSlots() {
    return followerSync.syncedSlots();
  }

  /** The meta server this data server's heartbeats go to now, or null. */
  public String metaLeader() {
    MetaHeartbeater beat = heartbeater;
    return beat == null ? null : beat.leader();
  }

  /** The switches meta last sent (data servers keep them; sessions act on them). */
  public RegistrySwitches switches() {
    return switches;
  }

  /** Runs on the callback executor, one response at a time (the heartbeater has one in flight). */
  private void onHeartbeat(HeartbeatResponse response) {
    // Sessions first: a slot gained with this table migrates in from the sessions listed with it.
    listedSessionPeers =
        response.sessions().stream()
            .filter(node -> node.address() != null && node.processId() != null)
            .map(node -> new SyncPeer(node.processId(), node.address()))
            .toList();
    listedSessions =
        response.sessions().stream()
            .map(NodeInfo::processId)
            .collect(Collectors.toUnmodifiableSet());
    tables.update(response.slotTable());
    migrator.onSessionsListed(listedSessions);
    dataProcesses =
        response.dataServers().stream()
            .filter(node -> node.address() != null && node.processId() != null)
            .collect(
                Collectors.toUnmodifiableMap(
                    NodeInfo::address, NodeInfo::processId, (first, second) -> second));
    if (response.switches() != null && response.switches().version() > switches.version()) {
      switches = response.switches();
    }
    notifier.updateSessions(response.sessions().stream().map(NodeInfo::address).toList());
    metaSeen = true;
    if (isReady()) {
      ready.complete(null);
    }
  }

  /** A request showed a newer table epoch than ours: renew now rather than at the next beat. */
  private void refreshTable() {
    MetaHeartbeater current = heartbeater;
    if (current == null || closed) {
      return;
    }
    try {
      current.triggerNow();
    } catch (RejectedExecutionException e) {
      log.debug("table refresh not scheduled, closing node={}", address());
    }
  }
}
