package io.beacon.registry.meta;

import io.beacon.registry.common.concurrent.Threads;
import io.beacon.registry.common.http.AdminHttpServer;
import io.beacon.registry.common.model.NodeInfo;
import io.beacon.registry.common.model.NodeRole;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.model.VersionClock;
import io.beacon.registry.common.protocol.HeartbeatRequest;
import io.beacon.registry.common.rpc.RpcServer;
import io.beacon.registry.common.slot.SlotTable;
import io.beacon.registry.common.slot.SlotTableHolder;
import io.beacon.registry.meta.admin.MetaAdminRoutes;
import io.beacon.registry.meta.leader.LeaderStatus;
import io.beacon.registry.meta.leader.SoleLeader;
import io.beacon.registry.meta.membership.NodeLeases;
import io.beacon.registry.meta.rpc.HeartbeatHandler;
import io.beacon.registry.meta.slot.SlotArranger;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The meta server's composition root: wires node leases, the slot table, heartbeat handling and the
 * admin HTTP routes, in plain Java, so that tests and the in-process cluster need no Spring.
 *
 * <p>Threads. Heartbeats run on {@code meta-rpc}: they renew leases (a concurrent map) and read the
 * table through the holder's volatile field. The single-thread {@code meta-loop} is the only writer
 * of membership removals and of the slot table: it evicts expired leases and re-checks the table
 * every {@code leaseCheckInterval}, once when the assign delay ends, and whenever a heartbeat
 * reports a new data server. HTTP runs on {@code meta-http} and only reads. Lifecycle fields are
 * guarded by {@code this}; {@link #close()} stops everything in reverse order of creation.
 */
public final class MetaServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MetaServer.class);
  private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);
  private static final int RPC_QUEUE = 1024;
  private static final int HTTP_THREADS = 2;
  private static final int HTTP_QUEUE = 64;

  private final MetaServerConfig config;
  private final InstantSource clock;
  private final String advertisedHost;
  private final NodeLeases leases;
  private final SlotTableHolder tables;
  private final LeaderStatus leaderStatus;
  private final SlotArranger arranger;
  private final MetaAdminRoutes adminRoutes;
  private final ThreadPoolExecutor rpcExecutor;
  private final ThreadPoolExecutor httpExecutor;
  private final ScheduledExecutorService loop;
  private final RpcServer rpcServer;
  private final AdminHttpServer httpServer;
  private final AtomicBoolean tickPending = new AtomicBoolean();
  private final CountDownLatch startedLatch = new CountDownLatch(1);

  private volatile boolean started;
  private volatile boolean closed;
  private volatile NodeInfo self;

  public MetaServer(MetaServerConfig config, InstantSource clock) {
    this.config = config;
    this.clock = clock;
    this.advertisedHost = config.resolvedAdvertisedHost();
    this.leases = new NodeLeases(config.nodeLease());
    this.tables = new SlotTableHolder(config.slotCount());
    this.leaderStatus = new SoleLeader(this::address);
    this.arranger =
        new SlotArranger(
            tables,
            config.replicas(),
            new VersionClock(clock),
            leaderStatus,
            config.slotAssignDelay());
    this.rpcExecutor = Threads.bounded("meta-rpc", config.rpcThreads(), RPC_QUEUE);
    this.httpExecutor = Threads.bounded("meta-http", HTTP_THREADS, HTTP_QUEUE);
    this.loop = Threads.scheduled("meta-loop", 1);
    this.rpcServer = new RpcServer("meta", config.bindHost(), config.rpcPort(), rpcExecutor);
    rpcServer.register(
        HeartbeatRequest.class,
        rpcExecutor,
        new HeartbeatHandler(leases, tables, leaderStatus, clock, this::dataMembershipChanged));
    this.httpServer =
        new AdminHttpServer("meta", config.bindHost(), config.httpPort(), httpExecutor);
    this.adminRoutes =
        new MetaAdminRoutes(
            leaderStatus, leases, tables, () -> self, rpcServer::isStarted, httpServer::isStarted);
    adminRoutes.registerOn(httpServer);
  }

  /** Binds both ports and starts the meta loop. Fails if a port cannot be bound. */
  public synchronized void start() {
    if (closed) {
      throw new IllegalStateException("meta server closed");
    }
    if (started) {
      return;
    }
    started = true;
    try {
      arranger.start(clock.instant());
      rpcServer.start();
      httpServer.start();
      self = selfNode();
      long intervalMillis = config.leaseCheckInterval().toMillis();
      loop.scheduleWithFixedDelay(
          this::tickSafely, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
      loop.schedule(this::tickSafely, config.slotAssignDelay().toMillis(), TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    startedLatch.countDown();
    log.info(
        "meta server started address={} httpPort={} dataCenter={} slotCount={} replicas={}",
        address(),
        httpPort(),
        config.dataCenter(),
        config.slotCount(),
        config.replicas());
  }

  /** Waits up to {@code timeout} for {@link #start()} to finish; returns {@link #isReady()}. */
  public boolean awaitReady(Duration timeout) {
    try {
      return startedLatch.await(timeout.toMillis(), TimeUnit.MILLISECONDS) && isReady();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Started, not closed, both ports up and leading (what {@code /health/check} reports). */
  public boolean isReady() {
    return started && !closed && adminRoutes.unhealthyReason() == null;
  }

  /** Stops HTTP, RPC, the meta loop and the executors, in that order. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    httpServer.close();
    rpcServer.close();
    Threads.shutdown(loop, SHUTDOWN_TIMEOUT);
    Threads.shutdown(httpExecutor, SHUTDOWN_TIMEOUT);
    Threads.shutdown(rpcExecutor, SHUTDOWN_TIMEOUT);
    log.info("meta server closed address={}", address());
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

  public MetaServerConfig config() {
    return config;
  }

  /** The current slot table (the initial, unassigned one until the first assignment). */
  public SlotTable slotTable() {
    return tables.current();
  }

  /** One round of the meta loop: evict expired leases, then re-check the slot table. */
  void tick(Instant now) {
    leases.tick(now);
    arranger.tick(now, leases.liveAddresses(NodeRole.DATA));
  }

  private void tickSafely() {
    try {
      tick(clock.instant());
    } catch (Throwable t) {
      log.warn("meta loop tick failed address={}", address(), t);
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
        advertisedHost + ":" + httpPort(),
        ProcessId.create(advertisedHost, clock.millis()),
        config.dataCenter(),
        null);
  }
}
