package io.beacon.registry.testing.cluster;

import io.beacon.registry.common.colocation.Colocation;
import io.beacon.registry.common.rpc.InProcessRoutes;
import io.beacon.registry.data.DataServer;
import io.beacon.registry.data.settings.DataServerConfig;
import io.beacon.registry.meta.MetaServer;
import io.beacon.registry.meta.persistence.JdbcSettings;
import io.beacon.registry.meta.settings.MetaServerConfig;
import io.beacon.registry.session.SessionServer;
import io.beacon.registry.session.settings.SessionServerConfig;
import io.beacon.registry.testing.Settings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A whole registry in this JVM: meta, data and session servers on 127.0.0.1 with ephemeral ports
 * and fast timers, started in dependency order and ready when {@link Builder#build()} returns.
 *
 * <pre>{@code
 * try (InProcessCluster cluster =
 *     InProcessCluster.builder().metaNodes(1).dataNodes(2).sessionNodes(2).build()) {
 *   int port = cluster.session(0).httpPort();
 * }
 * }</pre>
 *
 * Servers can be stopped one by one ({@link #stopSession}), the rest keeps running. Closing the
 * cluster closes every server in reverse start order.
 */
public final class InProcessCluster implements AutoCloseable {

  public static final String HOST = "127.0.0.1";
  public static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

  /** Short meta leases, so a crashed meta leader is replaced within seconds in tests. */
  public static final Duration LEADER_LEASE = ClusterTimers.FAST.leaderLease();

  public static final Duration LEADER_RENEW_INTERVAL = ClusterTimers.FAST.leaderRenewInterval();

  private final List<MetaServer> metas = new ArrayList<>();
  private final List<DataServer> datas = new ArrayList<>();
  private final List<SessionServer> sessions = new ArrayList<>();
  private final List<AutoCloseable> startOrder = new ArrayList<>();
  private final Path dataDir;
  private final Colocation colocation;

  private InProcessCluster(boolean colocated) {
    this.colocation = colocated ? Colocation.shared() : Colocation.none();
    try {
      dataDir = Files.createTempDirectory("beacon-cluster");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The routes the data and session servers call each other through without a socket when the
   * cluster is {@link Builder#colocated()} (as in the standalone JVM); {@link
   * InProcessRoutes#none()} otherwise.
   */
  public InProcessRoutes inProcessRoutes() {
    return colocation.routes();
  }

  public MetaServer meta(int index) {
    return metas.get(index);
  }

  public DataServer data(int index) {
    return datas.get(index);
  }

  public SessionServer session(int index) {
    return sessions.get(index);
  }

  public List<DataServer> dataServers() {
    return Collections.unmodifiableList(datas);
  }

  public List<SessionServer> sessionServers() {
    return Collections.unmodifiableList(sessions);
  }

  public List<String> metaAddresses() {
    List<String> addresses = new ArrayList<>();
    for (MetaServer meta : metas) {
      addresses.add(HOST + ":" + meta.rpcPort());
    }
    return addresses;
  }

  /** The index of the meta server that leads now, or -1. */
  public int metaLeaderIndex() {
    for (int i = 0; i < metas.size(); i++) {
      if (metas.get(i).isLeader()) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Stops meta {@code index} as a crash looks to the others: its lease is not released, so another
   * meta takes over only once it expires.
   */
  public void haltMeta(int index) {
    metas.get(index).halt();
  }

  /**
   * Replaces data server {@code index} with a fresh one on the same ports: same address, new
   * process, empty memory (as after a crash and restart). Returns once it is ready.
   */
  public DataServer restartData(int index) {
    DataServer old = datas.get(index);
    DataServerConfig config = old.config();
    old.close();
    DataServer fresh =
        new DataServer(
            dataConfig(
                old.rpcPort(),
                old.httpPort(),
                config.metaAddresses(),
                config.slotCount(),
                config.heartbeatInterval(),
                config.notifyRetryBackoff()),
            InstantSource.system(),
            colocation);
    fresh.start();
    datas.set(index, fresh);
    startOrder.add(fresh);
    if (!fresh.awaitReady(READY_TIMEOUT)) {
      throw new IllegalStateException("restarted data " + fresh.address() + " not ready");
    }
    return fresh;
  }

  /** Stops data server {@code index}; meta drops it once its lease expires. */
  public void stopData(int index) {
    datas.get(index).close();
  }

  /** Stops session {@code index} as a crash would look to its clients: connections close. */
  public void stopSession(int index) {
    SessionServer session = sessions.get(index);
    session.close();
  }

  @Override
  public void close() {
    List<AutoCloseable> reversed = new ArrayList<>(startOrder);
    Collections.reverse(reversed);
    for (AutoCloseable server : reversed) {
      try {
        server.close();
      } catch (Exception e) {
        // Keep closing the others.
      }
    }
    Directories.deleteQuietly(dataDir);
  }

  /** A data server's settings on {@link #HOST}; port 0 is an ephemeral one. */
  private static DataServerConfig dataConfig(
      int rpcPort,
      int httpPort,
      List<String> metaAddresses,
      int slotCount,
      Duration heartbeatInterval,
      Duration notifyRetryBackoff) {
    return Settings.of(
        DataServerConfig.class,
        "bind-host",
        HOST,
        "advertised-host",
        HOST,
        "rpc-port",
        rpcPort,
        "http-port",
        httpPort,
        "meta-addresses",
        metaAddresses,
        "slot-count",
        slotCount,
        "heartbeat-interval",
        heartbeatInterval,
        "notify-retry-backoff",
        notifyRetryBackoff);
  }

  /** Configures and starts an {@link InProcessCluster}. */
  public static final class Builder {
    private int metaNodes = 1;
    private int dataNodes = 2;
    private int sessionNodes = 2;
    private int slotCount = 16;
    private ClusterTimers timers = ClusterTimers.FAST;
    private final List<String> sessionZones = new ArrayList<>();
    private boolean colocated;

    /** Meta servers sharing one embedded database; one of them leads. */
    public Builder metaNodes(int count) {
      if (count < 1) {
        throw new IllegalArgumentException("metaNodes: " + count + " (expected: >= 1)");
      }
      metaNodes = count;
      return this;
    }

    public Builder dataNodes(int count) {
      dataNodes = count;
      return this;
    }

    public Builder sessionNodes(int count) {
      sessionNodes = count;
      return this;
    }

    public Builder slotCount(int count) {
      slotCount = count;
      return this;
    }

    /** The servers' timers; {@link ClusterTimers#FAST} by default. */
    public Builder timers(ClusterTimers clusterTimers) {
      timers = clusterTimers;
      return this;
    }

    /** The zone of session {@code i} is {@code zones[i]}; sessions without one use DEFAULT_ZONE. */
    public Builder sessionZones(String... zones) {
      sessionZones.clear();
      sessionZones.addAll(List.of(zones));
      return this;
    }

    /**
     * The data and session servers share a {@link Colocation} (a publisher pool, and calls
     * in-process) ({@link InProcessCluster#inProcessRoutes()}), as the standalone JVM's do; by
     * default every call between servers crosses a socket.
     */
    public Builder colocated() {
      colocated = true;
      return this;
    }

    public InProcessCluster build() {
      InProcessCluster cluster = new InProcessCluster(colocated);
      try {
        start(cluster);
        return cluster;
      } catch (RuntimeException | Error e) {
        cluster.close();
        throw e;
      }
    }

    private void start(InProcessCluster cluster) {
      InstantSource clock = InstantSource.system();
      for (int i = 0; i < metaNodes; i++) {
        MetaServer meta =
            new MetaServer(
                Settings.of(
                    MetaServerConfig.class,
                    "bind-host",
                    HOST,
                    "advertised-host",
                    HOST,
                    "rpc-port",
                    0,
                    "http-port",
                    0,
                    "slot-count",
                    slotCount,
                    "node-lease",
                    timers.nodeLease(),
                    "lease-check-interval",
                    timers.leaseCheckInterval(),
                    "slot-assign-delay",
                    timers.slotAssignDelay(),
                    // The metas share one H2 file, named explicitly: nodes listing several
                    // metas refuse to follow one on the default (private) embedded database.
                    "jdbc-url",
                    JdbcSettings.h2File(cluster.dataDir.resolve("meta")).url(),
                    "jdbc-user",
                    "sa",
                    "leader-lease",
                    LEADER_LEASE,
                    "leader-renew-interval",
                    LEADER_RENEW_INTERVAL,
                    "leader-warmup",
                    timers.leaderWarmup()),
                clock);
        meta.start();
        cluster.metas.add(meta);
        cluster.startOrder.add(meta);
      }
      List<String> metaAddresses = cluster.metaAddresses();
      for (int i = 0; i < dataNodes; i++) {
        DataServer data =
            new DataServer(
                dataConfig(
                    0,
                    0,
                    metaAddresses,
                    slotCount,
                    timers.heartbeatInterval(),
                    timers.notifyRetryBackoff()),
                clock,
                cluster.colocation);
        data.start();
        cluster.datas.add(data);
        cluster.startOrder.add(data);
      }
      for (int i = 0; i < sessionNodes; i++) {
        SessionServer session =
            new SessionServer(
                Settings.of(
                    SessionServerConfig.class,
                    "bind-host",
                    HOST,
                    "advertised-host",
                    HOST,
                    "client-port",
                    0,
                    "internal-port",
                    0,
                    "http-port",
                    0,
                    "meta-addresses",
                    metaAddresses,
                    "slot-count",
                    slotCount,
                    "zone",
                    i < sessionZones.size() ? sessionZones.get(i) : "DEFAULT_ZONE",
                    "heartbeat-interval",
                    timers.heartbeatInterval(),
                    "retry-backoff-max",
                    Duration.ofMillis(500),
                    "renew-interval",
                    Duration.ofSeconds(1),
                    "push-scan-interval",
                    Duration.ofSeconds(1)),
                clock,
                new SimpleMeterRegistry(),
                cluster.colocation);
        session.start();
        cluster.sessions.add(session);
        cluster.startOrder.add(session);
      }
      for (MetaServer meta : cluster.metas) {
        require(meta.awaitReady(READY_TIMEOUT), "meta " + meta.address());
      }
      for (DataServer data : cluster.datas) {
        require(data.awaitReady(READY_TIMEOUT), "data " + data.address());
      }
      for (SessionServer session : cluster.sessions) {
        require(session.awaitReady(READY_TIMEOUT), "session " + session.address());
      }
    }

    private static void require(boolean ready, String what) {
      if (!ready) {
        throw new IllegalStateException(what + " not ready within " + READY_TIMEOUT);
      }
    }
  }
}
