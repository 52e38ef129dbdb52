package io.beacon.registry.testing.process;

import io.beacon.registry.meta.persistence.JdbcSettings;
import io.beacon.registry.testing.cluster.ClusterTimers;
import io.beacon.registry.testing.process.ServerProcess.Launch;
import io.beacon.registry.testing.process.ServerProcess.Role;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the command line of a server JVM, in one of two ways:
 *
 * <ul>
 *   <li>from this JVM's classpath (the default): {@code java} of this JVM's {@code java.home}, the
 *       {@code --add-opens} Bolt and Hessian need (the parent pom's {@code beacon.addOpens}), this
 *       JVM's classpath, {@link OrphanGuard} in front of the server's main class;
 *   <li>from an unpacked distribution ({@link ProcessCluster.Builder#distribution(Path)}): {@code
 *       <home>/bin/beacon <role>}, which finds its own {@code lib/}, {@code conf/} and {@code
 *       --add-opens} and execs the JVM, so the process is the server's JVM; this JVM's {@code
 *       java.home} as {@code JAVA_HOME}, the JVM options in {@code JAVA_OPTS}, the server's name as
 *       {@code BEACON_INSTANCE} (its log file is {@code <home>/logs/beacon-<name>.log}), and an
 *       {@link OrphanWatch} in place of {@link OrphanGuard}.
 * </ul>
 *
 * <p>Then, both ways, the {@code --beacon.<role>.*} arguments: 127.0.0.1, the server's ports, the
 * cluster's timers, then the test's extra arguments (a later one replaces an earlier one of the
 * same key, see {@link #lastOfEachKey}). Immutable.
 */
public final class ServerLauncher {

  /** Arguments a test adds to one server's command line, computed just before its first start. */
  @FunctionalInterface
  public interface ExtraArguments {
    List<String> of(ProcessCluster cluster, ServerProcess server);
  }

  /**
   * Small heap; serial GC and C1 only, which start a JVM faster and keep five of them from fighting
   * over two cores.
   */
  static final List<String> JVM_OPTIONS =
      List.of(
          "-Xmx256m",
          "-XX:+UseSerialGC",
          "-XX:TieredStopAtLevel=1",
          "-Djava.net.preferIPv4Stack=true",
          "-Dsofa.middleware.log.disable=true",
          "-Dspring.main.banner-mode=off");

  private final List<String> jvmArguments;
  private final List<ExtraArguments> extraArguments;
  private final ClusterTimers timers;
  private final int slotCount;
  private final Path dataDir;
  private final Path distribution;

  /**
   * @param distribution the home of an unpacked distribution to start servers from, or null for
   *     this JVM's classpath
   */
  ServerLauncher(
      List<String> jvmArguments,
      List<ExtraArguments> extraArguments,
      ClusterTimers timers,
      int slotCount,
      Path dataDir,
      Path distribution) {
    this.jvmArguments = List.copyOf(jvmArguments);
    this.extraArguments = List.copyOf(extraArguments);
    this.timers = timers;
    this.slotCount = slotCount;
    this.dataDir = dataDir;
    this.distribution = distribution;
    if (distribution != null) {
      checkJavaOptions(jvmArguments);
    }
  }

  /** Gives {@code server} its command line. */
  void prepare(ProcessCluster cluster, ServerProcess server) {
    List<String> given = new ArrayList<>(baseArguments(server, cluster.metaAddresses()));
    for (ExtraArguments extra : extraArguments) {
      given.addAll(extra.of(cluster, server));
    }
    List<String> arguments = lastOfEachKey(given);
    server.launch(
        distribution == null ? fromClasspath(server, arguments) : fromBin(server, arguments));
  }

  private Launch fromClasspath(ServerProcess server, List<String> arguments) {
    List<String> command = new ArrayList<>();
    command.add(javaHome().resolve("bin").resolve("java").toString());
    command.addAll(JVM_OPTIONS);
    command.addAll(JvmFlags.ADD_OPENS);
    command.addAll(jvmArguments);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(OrphanGuard.class.getName());
    command.add(server.role().mainClass());
    command.addAll(arguments);
    return new Launch(command, Map.of(), false);
  }

  private Launch fromBin(ServerProcess server, List<String> arguments) {
    List<String> command = new ArrayList<>();
    command.add(distribution.resolve("bin").resolve("beacon").toString());
    command.add(server.role().id());
    command.addAll(arguments);
    List<String> javaOptions = new ArrayList<>(JVM_OPTIONS);
    javaOptions.addAll(jvmArguments);
    Map<String, String> environment =
        Map.of(
            "JAVA_HOME", javaHome().toString(),
            "JAVA_OPTS", String.join(" ", javaOptions),
            "BEACON_INSTANCE", server.name());
    return new Launch(command, environment, true);
  }

  /**
   * {@code --key=value} arguments with one per key, the last given: Spring Boot joins the values of
   * a key given twice with a comma (two {@code jdbc-url}s would make one broken URL) rather than
   * letting the later win. Other arguments are kept as they are, in order.
   */
  static List<String> lastOfEachKey(List<String> arguments) {
    Map<String, String> byKey = new LinkedHashMap<>();
    for (String argument : arguments) {
      int equals = argument.indexOf('=');
      String key =
          argument.startsWith("--") && equals > 0 ? argument.substring(0, equals) : argument;
      byKey.remove(key);
      byKey.put(key, argument);
    }
    return List.copyOf(byKey.values());
  }

  private static Path javaHome() {
    return Path.of(System.getProperty("java.home"));
  }

  private static void checkJavaOptions(List<String> jvmArguments) {
    for (String option : jvmArguments) {
      if (option.chars().anyMatch(Character::isWhitespace)) {
        // bin/beacon splits JAVA_OPTS on blanks.
        throw new IllegalArgumentException(
            "jvmArgument: '" + option + "' (expected: no blanks when starting a distribution)");
      }
    }
  }

  private List<String> baseArguments(ServerProcess server, List<String> metaAddresses) {
    Role role = server.role();
    List<String> args = new ArrayList<>();
    args.add(role.argument("bind-host", ProcessCluster.HOST));
    args.add(role.argument("advertised-host", ProcessCluster.HOST));
    args.add(role.argument("http-port", server.httpPort()));
    args.add(role.argument("slot-count", slotCount));
    switch (role) {
      case META -> {
        args.add(role.argument("rpc-port", server.rpcPort()));
        args.add(role.argument("node-lease", millis(timers.nodeLease())));
        args.add(role.argument("lease-check-interval", millis(timers.leaseCheckInterval())));
        args.add(role.argument("slot-assign-delay", millis(timers.slotAssignDelay())));
        args.add(role.argument("leader-lease", millis(timers.leaderLease())));
        args.add(role.argument("leader-renew-interval", millis(timers.leaderRenewInterval())));
        args.add(role.argument("leader-warmup", millis(timers.leaderWarmup())));
        // The metas share one H2 file, named explicitly: nodes listing several metas refuse to
        // follow one on the default (private) embedded database.
        args.add(role.argument("jdbc-url", JdbcSettings.h2File(dataDir.resolve("meta")).url()));
        args.add(role.argument("jdbc-user", "sa"));
      }
      case DATA -> {
        args.add(role.argument("rpc-port", server.rpcPort()));
        args.add(role.argument("meta-addresses", String.join(",", metaAddresses)));
        args.add(role.argument("heartbeat-interval", millis(timers.heartbeatInterval())));
        args.add(role.argument("notify-retry-backoff", millis(timers.notifyRetryBackoff())));
      }
      case SESSION -> {
        args.add(role.argument("internal-port", server.rpcPort()));
        args.add(role.argument("client-port", server.clientPort()));
        args.add(role.argument("meta-addresses", String.join(",", metaAddresses)));
        args.add(role.argument("heartbeat-interval", millis(timers.heartbeatInterval())));
      }
    }
    return args;
  }

  private static String millis(Duration duration) {
    return duration.toMillis() + "ms";
  }
}
