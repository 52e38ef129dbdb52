package io.beacon.registry.testing.process;

import io.beacon.registry.testing.cluster.ClusterTimers;
import io.beacon.registry.testing.cluster.Directories;
import io.beacon.registry.testing.process.ServerProcess.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A registry of real processes: every meta, data and session server runs in its own JVM, started
 * from this JVM's classpath (the test's, or the load generator's) with the servers' Spring Boot
 * mains, so a test can {@code kill -9}, pause and restart them.
 *
 * <pre>{@code
 * try (ProcessCluster cluster =
 *     ProcessCluster.builder("MyIT").metaNodes(1).dataNodes(2).sessionNodes(2).build()) {
 *   int port = cluster.sessionClientPort(0);
 *   cluster.killSession(0);
 * }
 * }</pre>
 *
 * <p>Every server listens on 127.0.0.1 on ports the fixture chose (free when chosen; a server keeps
 * its ports across restarts) and runs with the fast timers of {@link ClusterTimers}. Its output
 * goes to {@code target/process-cluster/<name>/<server>.log}. {@link Builder#build()} returns once
 * every {@code /health/check} answers 200; no wait of the fixture exceeds 60 s. {@link #close()}
 * kills everything; a JVM shutdown hook and {@link OrphanGuard} make sure no server outlives the
 * test run.
 *
 * <p>{@link Builder#distribution(Path)} starts every server from an unpacked distribution instead,
 * with {@code <home>/bin/beacon <role>} and the same arguments (see {@link ServerLauncher}); a
 * rolling restart stops a server ({@link ServerProcess#stop()} or {@link ServerProcess#kill()}) and
 * starts it again on its ports with {@link #startAgain(ServerProcess)}:
 *
 * <pre>{@code
 * ProcessCluster cluster =
 *     ProcessCluster.builder("RollingRestartIT/sigterm").distribution(home)
 *         .metaNodes(3).dataNodes(3).sessionNodes(3)
 *         .property(Role.META, "jdbc-url", "jdbc:postgresql://127.0.0.1:5432/beacon")
 *         .property(Role.META, "jdbc-user", "beacon")
 *         .build();
 * for (ServerProcess data : cluster.dataServers()) {
 *   data.stop(); // SIGTERM; or data.kill() for kill -9
 *   cluster.startAgain(data);
 * }
 * }</pre>
 *
 * <p>{@link Builder#sessionDataLinks(int...)} routes chosen sessions' traffic with the data servers
 * through {@link SessionDataLink}s, so a test can {@link #cutSessionFromData(int) cut} and {@link
 * #healSessionToData(int) heal} it while the session keeps its clients and its meta lease.
 *
 * <p>Thread-safety: the server lists are copy-on-write; a test drives the cluster from one thread.
 */
public final class ProcessCluster implements AutoCloseable {

  public static final String HOST = "127.0.0.1";
  public static final Path LOG_ROOT = Path.of("target", "process-cluster");

  /**
   * How often the fixture, and a test waiting on the servers' HTTP endpoints, polls them: often
   * enough for timings to a tenth of a second, seldom enough not to compete with the servers' JVMs
   * for two cores.
   */
  public static final Duration POLL_INTERVAL = Duration.ofMillis(100);

  private final ServerLauncher launcher;
  private final ClusterTimers timers;
  private final Path logDir;
  private final Path dataDir;
  private final List<ServerProcess> metas = new CopyOnWriteArrayList<>();
  private final List<ServerProcess> datas = new CopyOnWriteArrayList<>();
  private final List<ServerProcess> sessions = new CopyOnWriteArrayList<>();
  private final HealthChecks health;
  private final Set<Integer> linkedSessions;
  private final Map<Integer, SessionDataLink> links = new ConcurrentHashMap<>();
  private volatile boolean closed;

  private ProcessCluster(Builder builder, Path logDir, Path dataDir) {
    this.timers = builder.timers;
    this.logDir = logDir;
    this.dataDir = dataDir;
    this.linkedSessions = Set.copyOf(builder.linkedSessions);
    List<ServerLauncher.ExtraArguments> extra = new ArrayList<>(builder.extraArguments);
    extra.add((cluster, server) -> cluster.linkArguments(server));
    this.launcher =
        new ServerLauncher(
            builder.jvmArguments, extra, timers, builder.slotCount, dataDir, builder.distribution);
    this.health = new HealthChecks(builder.readyTimeout);
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  public ServerProcess meta(int index) {
    return metas.get(index);
  }

  public ServerProcess data(int index) {
    return datas.get(index);
  }

  public ServerProcess session(int index) {
    return sessions.get(index);
  }

  public List<ServerProcess> metaServers() {
    return Collections.unmodifiableList(metas);
  }

  public List<ServerProcess> dataServers() {
    return Collections.unmodifiableList(datas);
  }

  public List<ServerProcess> sessionServers() {
    return Collections.unmodifiableList(sessions);
  }

  public int metaHttpPort(int index) {
    return meta(index).httpPort();
  }

  public int dataHttpPort(int index) {
    return data(index).httpPort();
  }

  /** The data server's internal Bolt port, which it advertises and sessions call. */
  public int dataRpcPort(int index) {
    return data(index).rpcPort();
  }

  public int sessionClientPort(int index) {
    return session(index).clientPort();
  }

  public int sessionHttpPort(int index) {
    return session(index).httpPort();
  }

  /** The session's internal Bolt port, which data servers call. */
  public int sessionInternalPort(int index) {
    return session(index).rpcPort();
  }

  public List<String> metaAddresses() {
    return metas.stream().map(ServerProcess::address).toList();
  }

  /** Where the servers' logs are. */
  public Path logDir() {
    return logDir;
  }

  public ClusterTimers timers() {
    return timers;
  }

  /** Whether {@code server} answers {@code /health/check} with 200 now (2 s timeout). */
  public boolean isHealthy(ServerProcess server) {
    return health.healthy(server);
  }

  /** {@code kill -9} of a session server. */
  public void killSession(int index) {
    session(index).kill();
  }

  /** {@code kill -9} of a data server. */
  public void killData(int index) {
    data(index).kill();
  }

  /** {@code kill -9} of a meta server. */
  public void killMeta(int index) {
    meta(index).kill();
  }

  /** SIGTERM without waiting: data server {@code index} leaves gracefully, then exits. */
  public void terminateData(int index) {
    data(index).terminate();
  }

  /** SIGTERM without waiting: session {@code index} leaves gracefully, then exits. */
  public void terminateSession(int index) {
    session(index).terminate();
  }

  /** SIGTERM: the data server leaves gracefully, then closes. Returns its exit status. */
  public int stopData(int index) {
    return data(index).stop();
  }

  /**
   * Starts data server {@code index} again on the same ports, with empty memory (killing it first
   * if it runs), and waits until it is healthy.
   */
  public void restartData(int index) {
    restart(data(index), Stop.SIGKILL);
  }

  public void restartSession(int index) {
    restart(session(index), Stop.SIGKILL);
  }

  /** How {@link #restart(ServerProcess, Stop)} ends the running incarnation. */
  public enum Stop {
    /** A graceful stop: the server's shutdown runs (see {@link ServerProcess#stop()}). */
    SIGTERM,
    /** {@code kill -9} (see {@link ServerProcess#kill()}). */
    SIGKILL
  }

  /**
   * Ends {@code server} if it runs ({@code how}), starts it again on the same ports with empty
   * memory and waits until it is healthy. Returns the exit status of the ended incarnation (-1 if
   * it was not running).
   */
  public int restart(ServerProcess server, Stop how) {
    int exit = -1;
    if (server.isAlive()) {
      if (how == Stop.SIGTERM) {
        exit = server.stop();
      } else {
        server.kill();
        exit = ServerProcess.SIGKILL_EXIT;
      }
    }
    startAgain(server);
    return exit;
  }

  /**
   * Starts {@code server}, stopped or killed before, again on its ports with its command line (a
   * new incarnation with empty memory), and waits until it is healthy.
   */
  public void startAgain(ServerProcess server) {
    if (!allServers().contains(server)) {
      throw new IllegalArgumentException("server: " + server + " (expected: one of this cluster)");
    }
    server.start();
    health.awaitHealthy(List.of(server), logDir);
  }

  /** Starts one more data server on new ports; returns its index once it is healthy. */
  public int addDataServer() {
    ServerProcess data = newServer(Role.DATA, datas.size());
    datas.add(data);
    launcher.prepare(this, data);
    data.start();
    health.awaitHealthy(List.of(data), logDir);
    return data.index();
  }

  public void pauseData(int index) {
    data(index).pause();
  }

  public void resumeData(int index) {
    data(index).resume();
  }

  public void pauseSession(int index) {
    session(index).pause();
  }

  public void resumeSession(int index) {
    session(index).resume();
  }

  /**
   * Cuts session {@code index} from every data server, both ways (see {@link SessionDataLink}); the
   * session stays up and keeps heartbeating to meta. Needs {@link Builder#sessionDataLinks}.
   */
  public void cutSessionFromData(int index) {
    sessionDataLink(index).cut();
  }

  /** Heals what {@link #cutSessionFromData(int)} cut. */
  public void healSessionToData(int index) {
    sessionDataLink(index).heal();
  }

  /** The proxied link of session {@code index}. */
  public SessionDataLink sessionDataLink(int index) {
    SessionDataLink link = links.get(index);
    if (link == null) {
      throw new IllegalArgumentException(
          "session: " + index + " (expected: one of " + linkedSessions + ", see sessionDataLinks)");
    }
    return link;
  }

  /** Kills every server (idempotent). Logs stay under {@link #logDir()}. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<ServerProcess> all = allServers();
    Collections.reverse(all);
    all.forEach(ServerProcess::destroyQuietly);
    for (ServerProcess server : all) {
      try {
        server.awaitGone();
      } catch (RuntimeException e) {
        System.err.println("process cluster: " + e.getMessage());
      }
    }
    links.values().forEach(SessionDataLink::close);
    Directories.deleteQuietly(dataDir);
  }

  @Override
  public String toString() {
    return "ProcessCluster{" + logDir + ", " + allServers() + "}";
  }

  List<ServerProcess> allServers() {
    List<ServerProcess> all = new ArrayList<>(metas);
    all.addAll(datas);
    all.addAll(sessions);
    return all;
  }

  private List<String> linkArguments(ServerProcess server) {
    SessionDataLink link = server.role() == Role.SESSION ? links.get(server.index()) : null;
    return link == null ? List.of() : link.arguments();
  }

  private ServerProcess newServer(Role role, int index) {
    int[] ports = FreePorts.allocate(role == Role.SESSION ? 3 : 2);
    int clientPort = role == Role.SESSION ? ports[2] : -1;
    return new ServerProcess(role, index, ports[0], ports[1], clientPort, logDir);
  }

  private void start(Builder builder) {
    for (int i = 0; i < builder.metaNodes; i++) {
      metas.add(newServer(Role.META, i));
    }
    for (int i = 0; i < builder.dataNodes; i++) {
      datas.add(newServer(Role.DATA, i));
    }
    for (int i = 0; i < builder.sessionNodes; i++) {
      sessions.add(newServer(Role.SESSION, i));
    }
    for (int index : linkedSessions) {
      if (index < 0 || index >= sessions.size()) {
        throw new IllegalArgumentException(
            "sessionDataLinks: " + index + " (expected: 0.." + (sessions.size() - 1) + ")");
      }
      links.put(index, SessionDataLink.open(sessions.get(index), datas));
    }
    List<ServerProcess> all = allServers();
    all.forEach(server -> launcher.prepare(this, server));
    // All at once: data and session servers retry meta until it is up, and the JVMs' start-up
    // work overlaps.
    all.forEach(ServerProcess::start);
    health.awaitHealthy(all, logDir);
  }

  /** Configures and starts a {@link ProcessCluster}. */
  public static final class Builder {
    private final String name;
    private int metaNodes = 1;
    private int dataNodes = 2;
    private int sessionNodes = 2;
    private int slotCount = 16;
    private ClusterTimers timers = ClusterTimers.FAST;
    private Duration readyTimeout = HealthChecks.MAX_WAIT;
    private final List<String> jvmArguments = new ArrayList<>();
    private final List<ServerLauncher.ExtraArguments> extraArguments = new ArrayList<>();
    private final Set<Integer> linkedSessions = new TreeSet<>();
    private Path distribution;

    private Builder(String name) {
      if (name.isBlank() || name.contains("..")) {
        throw new IllegalArgumentException("name: '" + name + "' (expected: a directory name)");
      }
      this.name = name;
    }

    /** Meta servers share one embedded H2 database (AUTO_SERVER) under the cluster's temp dir. */
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

    public Builder timers(ClusterTimers value) {
      timers = value;
      return this;
    }

    /** How long {@link #build()} waits for health; at most 60 s. */
    public Builder readyTimeout(Duration value) {
      if (value.compareTo(HealthChecks.MAX_WAIT) > 0) {
        throw new IllegalArgumentException("readyTimeout: " + value + " (expected: <= 60 s)");
      }
      readyTimeout = value;
      return this;
    }

    /**
     * Starts every server with {@code home/bin/beacon <role>} of this unpacked distribution (the
     * tar.gz that {@code distribution/} builds), not from this JVM's classpath. Each server's own
     * log file is then {@code home/logs/beacon-<server name>.log}, beside its output under {@link
     * ProcessCluster#logDir()}.
     */
    public Builder distribution(Path home) {
      if (!Files.isExecutable(home.resolve("bin").resolve("beacon"))) {
        throw new IllegalArgumentException(
            "distribution: " + home + " (expected: an unpacked distribution with bin/beacon)");
      }
      distribution = home.toAbsolutePath();
      return this;
    }

    /** Extra JVM options for every server, e.g. {@code -Dlogging.level.io.beacon=DEBUG}. */
    public Builder jvmArgument(String option) {
      jvmArguments.add(option);
      return this;
    }

    /** {@code --beacon.<role>.<key>=<value>} for every server of {@code role}. */
    public Builder property(Role role, String key, Object value) {
      return arguments(
          (cluster, server) ->
              server.role() == role ? List.of(role.argument(key, value)) : List.of());
    }

    /**
     * Arguments computed per server just before its first start, when every server of the initial
     * cluster has its ports: e.g. to point one session at proxies in front of the data servers.
     */
    public Builder arguments(ServerLauncher.ExtraArguments extra) {
      extraArguments.add(extra);
      return this;
    }

    /**
     * Routes the traffic between each of these sessions and the data servers through a {@link
     * SessionDataLink} (proxies, passing everything until cut).
     */
    public Builder sessionDataLinks(int... sessionIndexes) {
      for (int index : sessionIndexes) {
        linkedSessions.add(index);
      }
      return this;
    }

    public ProcessCluster build() {
      Path logDir = LOG_ROOT.resolve(name).toAbsolutePath();
      ProcessCluster cluster;
      try {
        Directories.deleteQuietly(logDir);
        Files.createDirectories(logDir);
        cluster = new ProcessCluster(this, logDir, Files.createTempDirectory("beacon-processes"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      try {
        cluster.start(this);
        return cluster;
      } catch (RuntimeException | Error e) {
        System.err.println("process cluster failed to start; logs in " + logDir);
        cluster.close();
        throw e;
      }
    }
  }
}
