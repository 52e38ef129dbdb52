package io.beacon.registry.meta;

import io.beacon.registry.common.concurrent.Tasks;
import io.beacon.registry.common.concurrent.Threads;
import io.beacon.registry.common.http.AdminHttpServer;
import io.beacon.registry.common.http.HttpResponse;
import io.beacon.registry.common.model.NodeInfo;
import io.beacon.registry.common.model.NodeRole;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.model.VersionClock;
import io.beacon.registry.common.protocol.HeartbeatRequest;
import io.beacon.registry.common.protocol.RegistrySwitches;
import io.beacon.registry.common.rpc.RpcServer;
import io.beacon.registry.common.slot.SlotTable;
import io.beacon.registry.common.slot.SlotTableHolder;
import io.beacon.registry.meta.admin.DrainAdminRoutes;
import io.beacon.registry.meta.admin.MetaAdminRoutes;
import io.beacon.registry.meta.admin.SwitchAdminRoutes;
import io.beacon.registry.meta.config.RegistryConfig;
import io.beacon.registry.meta.drain.DrainList;
import io.beacon.registry.meta.leader.LeaseElector;
import io.beacon.registry.meta.membership.NodeLeases;
import io.beacon.registry.meta.persistence.LeaderLease;
import io.beacon.registry.meta.persistence.MetaDatabase;
import io.beacon.registry.meta.rpc.HeartbeatHandler;
import io.beacon.registry.meta.slot.LearnedTables;
import io.beacon.registry.meta.slot.SlotArranger;
import io.beacon.registry.meta.slot.SlotReports;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The meta server's composition root: wires the database, the leader election, node leases, the
 * slot table, switches, heartbeat handling and the admin HTTP routes, in plain Java, so that tests
 * and the in-process cluster need no Spring.
 *
 * <p>Threads. {@code meta-election} runs one election round per renew interval ({@link
 * LeaseElector}); a change of leadership is handed to the meta loop. Heartbeats run on {@code
 * meta-rpc}: they renew leases (a concurrent map), record the tables and slot reports nodes send,
 * and read the table and switches through volatile fields. The single-thread {@code meta-loop} is
 * the only writer of membership removals and of the slot table: it evicts expired leases and
 * re-checks the table every {@code leaseCheckInterval}, when the assign delay or a new leader's
 * warm-up ends, whenever a heartbeat reports a new or restarted data server and after a drain
 * change. Restarts travel from {@code meta-rpc} to the loop through the concurrent set {@code
 * restartedDataServers}; the drain list is written on {@code meta-http} and read through a volatile
 * field. HTTP runs on {@code meta-http}; on a follower every admin call but health and leader query
 * is redirected to the leader. Lifecycle fields are guarded by {@code this}; {@link #close()} stops
 * everything in reverse order of creation and hands the leader lease over.
 */
public final class MetaServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MetaServer.class);
  private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);
  private static final int RPC_QUEUE = 1024;
  private static final int HTTP_THREADS = 2;
  private static final int HTTP_QUEUE = 64;
  private static final Set<String> SERVED_BY_FOLLOWERS =
      Set.of("/health/check", "/meta/leader/query", "/digest/meta/node/query");

  private final MetaServerConfig config;
  private final InstantSource clock;
  private final String advertisedHost;
  private final MetaDatabase database;
  private final NodeLeases leases;
  private final SlotTableHolder tables;
  private final LearnedTables learned = new LearnedTables();
  private final SlotReports reports = new SlotReports();
  private final LeaseElector elector;
  private final RegistryConfig registryConfig;
  private final DrainList drains;
  private final Set<String> restartedDataServers = ConcurrentHashMap.newKeySet();
  private final SlotArranger arranger;
  private final MetaAdminRoutes adminRoutes;
  private final ThreadPoolExecutor rpcExecutor;
  private final ThreadPoolExecutor httpExecutor;
  private final ScheduledExecutorService loop;
  private final ScheduledExecutorService election;
  private final RpcServer rpcServer;
  private final AdminHttpServer httpServer;
  private final AtomicBoolean tickPending = new AtomicBoolean();
  private final CountDownLatch startedLatch = new CountDownLatch(1);

  private volatile boolean started;
  private volatile boolean closed;
  private volatile NodeInfo self;

  /** Opens the database (and migrates it); fails if it cannot be reached. */
  public MetaServer(MetaServerConfig config, InstantSource clock) {
    this.config = config;
    this.clock = clock;
    this.advertisedHost = config.resolvedAdvertisedHost();
    this.database = MetaDatabase.open(config.resolvedJdbc());
    this.leases = new NodeLeases(config.nodeLease());
    this.tables = new SlotTableHolder(config.slotCount());
    this.rpcExecutor = Threads.bounded("meta-rpc", config.rpcThreads(), RPC_QUEUE);
    this.httpExecutor = Threads.bounded("meta-http", HTTP_THREADS, HTTP_QUEUE);
    this.loop = Threads.scheduled("meta-loop", 1);
    this.election = Threads.scheduled("meta-election", 1);
    this.rpcServer = new RpcServer("meta", config.bindHost(), config.rpcPort(), rpcExecutor);
    this.httpServer =
        new AdminHttpServer("meta", config.bindHost(), config.httpPort(), httpExecutor);
    this.elector =
        new LeaseElector(
            database.leases(),
            config.clusterId(),
            () -> started ? address() : null,
            () -> started ? httpAddress() : null,
            config.leaderLease(),
            config.leaderRenewInterval(),
            database::databaseTimeMillis,
            System::nanoTime,
            this::leadershipChanged);
    this.registryConfig = new RegistryConfig(database.config(), config.clusterId());
    this.drains = new DrainList(database.drains(), config.clusterId(), clock);
    this.arranger =
        new SlotArranger(
            tables,
            config.replicas(),
            new VersionClock(clock),
            elector,
            config.slotAssignDelay(),
            learned,
            epoch -> database.epochs().raiseTo(config.clusterId(), epoch),
            reports);
    rpcServer.register(
        HeartbeatRequest.class,
        rpcExecutor,
        new HeartbeatHandler(
            leases,
            tables,
            elector,
            clock,
            this::dataMembershipChanged,
            learned,
            reports,
            registryConfig::switches,
            () -> arranger.handsOutTables(clock.instant()),
            restartedDataServers::add));
    this.adminRoutes =
        new MetaAdminRoutes(
            elector, leases, tables, () -> self, rpcServer::isStarted, httpServer::isStarted);
    httpServer.filter(
        (request, routeExists) -> {
          if (elector.isLeader() || SERVED_BY_FOLLOWERS.contains(request.path())) {
            return null;
          }
          String leaderHttp = elector.leaderHttpAddress();
          if (leaderHttp == null) {
            return HttpResponse.result(503, false, "no meta leader known");
          }
          String query = request.rawQuery() == null ? "" : "?" + request.rawQuery();
          return HttpResponse.redirect("http://" + leaderHttp + request.path() + query);
        });
    adminRoutes.registerOn(httpServer);
    new SwitchAdminRoutes(registryConfig, config.adminToken()).registerOn(httpServer);
    new DrainAdminRoutes(
            drains, leases, tables, reports, config.adminToken(), this::dataMembershipChanged)
        .registerOn(httpServer);
  }

  /** Binds both ports, starts the election and the meta loop. Fails if a port cannot be bound. */
  public synchronized void start() {
    if (closed) {
      throw new IllegalStateException("meta server closed");
    }
    if (started) {
      return;
    }
    try {
      arranger.start(clock.instant());
      rpcServer.start();
      httpServer.start();
      started = true;
      self = selfNode();
      Duration interval = config.leaseCheckInterval();
      Tasks.scheduleWithFixedDelay(loop, "meta tick", interval, interval, this::tickSafely);
      Tasks.schedule(loop, "meta tick", config.slotAssignDelay(), this::tickSafely);
      Tasks.scheduleWithFixedDelay(
          election, "election", Duration.ZERO, config.leaderRenewInterval(), this::electSafely);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    startedLatch.countDown();
    log.info(
        "meta server started address={} httpPort={} cluster={} slotCount={} replicas={}"
            + " database={}",
        address(),
        httpPort(),
        config.clusterId(),
        config.slotCount(),
        config.replicas(),
        config.resolvedJdbc().url());
  }

  /**
   * Waits up to {@code timeout} until started and a meta leader is known (this one or another);
   * returns {@link #isReady()}.
   */
  public boolean awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      if (!startedLatch.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        return false;
      }
      while (!isReady() && System.nanoTime() < deadline && !closed) {
        synchronized (startedLatch) {
          startedLatch.wait(Math.max(1, Math.min(50, (deadline - System.nanoTime()) / 1_000_000)));
        }
      }
      return isReady();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Started, not closed, both ports up and a leader known (what {@code /health/check} reports). */
  public boolean isReady() {
    return started && !closed && adminRoutes.unhealthyReason() == null;
  }

  public boolean isLeader() {
    return elector.isLeader();
  }

  /** Stops HTTP, RPC, the election, the meta loop and the executors; releases the lease. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    httpServer.close();
    rpcServer.close();
    Threads.shutdown(election, SHUTDOWN_TIMEOUT);
    elector.close();
    Threads.shutdown(loop, SHUTDOWN_TIMEOUT);
    Threads.shutdown(httpExecutor, SHUTDOWN_TIMEOUT);
    Threads.shutdown(rpcExecutor, SHUTDOWN_TIMEOUT);
    database.close();
    log.info("meta server closed address={}", address());
  }

  /**
   * Stops like a crash as far as the others can tell: the lease is not released, so another meta
   * takes over only when it expires. For fault tests of the in-process cluster.
   */
  public synchronized void halt() {
    if (closed) {
      return;
    }
    election.shutdownNow();
    elector.abandon();
    closed = true;
    httpServer.close();
    rpcServer.close();
    loop.shutdownNow();
    httpExecutor.shutdownNow();
    rpcExecutor.shutdownNow();
    database.close();
    log.info("meta server halted address={}", address());
  }

  public int rpcPort() {
    return rpcServer.port();
  }

  public int httpPort() {
    return httpServer.port();
  }

  /** This meta's identity: {@code advertisedHost:rpcPort}. */
  public String address() {
    return advertisedHost + ":" + rpcPort();
  }

  private String httpAddress() {
    return advertisedHost + ":" + httpPort();
  }

  public MetaServerConfig config() {
    return config;
  }

  /** The current slot table (the initial, unassigned one until the first assignment). */
  public SlotTable slotTable() {
    return tables.current();
  }

  /** The switches this meta hands out (as last loaded from the database). */
  public RegistrySwitches switches() {
    return registryConfig.switches();
  }

  /** One round of the meta loop: evict expired leases, then re-check the slot table. */
  void tick(Instant now) {
    for (NodeInfo gone : leases.tick(now)) {
      reports.forget(gone.address());
    }
    for (String address : List.copyOf(restartedDataServers)) {
      // Removed one by one: a restart marked meanwhile stays for the round its signal schedules.
      if (restartedDataServers.remove(address)) {
        arranger.dataServerRestarted(address);
      }
    }
    Set<String> live = leases.liveAddresses(NodeRole.DATA);
    arranger.tick(now, live, drains.draining(live));
  }

  /** The drain list this meta serves (loaded when it became leader). */
  public DrainList drains() {
    return drains;
  }

  private void tickSafely() {
    try {
      tick(clock.instant());
    } catch (Throwable t) {
      log.warn("meta loop tick failed address={}", address(), t);
    }
  }

  private void electSafely() {
    try {
      elector.tick();
    } catch (Throwable t) {
      log.warn("election round failed address={}", address(), t);
    }
  }

  /** Called on the election thread; the meta loop acts on it. */
  private void leadershipChanged(boolean leader, LeaderLease lease) {
    synchronized (startedLatch) {
      startedLatch.notifyAll();
    }
    if (!leader) {
      log.info(
          "meta follows leader={} address={}", lease == null ? null : lease.owner(), address());
      return;
    }
    try {
      loop.execute(this::becameLeader);
    } catch (RejectedExecutionException e) {
      log.debug("leadership change not handled, closing address={}", address());
    }
  }

  private void becameLeader() {
    try {
      registryConfig.reload();
      drains.reload();
      long persisted = database.epochs().highest(config.clusterId());
      Instant now = clock.instant();
      arranger.onLeadership(now, config.leaderWarmup(), persisted);
      Tasks.schedule(loop, "meta tick", config.leaderWarmup(), this::tickSafely);
      log.info(
          "meta leader address={} term={} switchesVersion={}",
          address(),
          elector.term(),
          registryConfig.switches().version());
    } catch (Throwable t) {
      log.warn("taking over as meta leader failed, retrying address={}", address(), t);
      Tasks.schedule(loop, "leader takeover", Duration.ofSeconds(1), this::becameLeader);
    }
  }

  /** Called on the RPC executor; coalesces bursts of joins into one loop round. */
  private void dataMembershipChanged() {
    if (!tickPending.compareAndSet(false, true)) {
      return;
    }
    try {
      loop.execute(
          () -> {
            tickPending.set(false);
            tickSafely();
          });
    } catch (RejectedExecutionException e) {
      tickPending.set(false);
    }
  }

  private NodeInfo selfNode() {
    return new NodeInfo(
        NodeRole.META,
        address(),
        null,
        httpAddress(),
        ProcessId.create(advertisedHost, clock.millis()),
        config.dataCenter(),
        null);
  }
}
