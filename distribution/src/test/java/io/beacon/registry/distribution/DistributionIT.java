package io.beacon.registry.distribution;

import static io.beacon.registry.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.alipay.sofa.registry.client.api.RegistryClientConfig;
import com.alipay.sofa.registry.client.api.registration.PublisherRegistration;
import com.alipay.sofa.registry.client.api.registration.SubscriberRegistration;
import com.alipay.sofa.registry.client.provider.DefaultRegistryClient;
import com.alipay.sofa.registry.client.provider.DefaultRegistryClientConfigBuilder;
import com.alipay.sofa.registry.client.provider.DirectServerManager;
import com.alipay.sofa.registry.core.model.ScopeEnum;
import io.beacon.registry.testing.process.ProcessCluster;
import io.beacon.registry.testing.process.ServerProcess;
import io.beacon.registry.testing.process.UnpackedDistribution;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The distribution as an operator gets it: the tar.gz {@code mvn package} built, unpacked with
 * {@code tar} into a temporary directory; one meta, two data and two session servers, each started
 * with {@code bin/beacon ROLE} on 127.0.0.1 and ports {@link ProcessCluster} chose; the official
 * 6.3.0 client publishing through one session and subscribing through the other; each server's own
 * log file under {@code logs/}; and every server leaving on SIGTERM. Lines starting {@code
 * distribution-it:} are what a closing note quotes.
 */
class DistributionIT {

  private static final String DATA_ID = "distribution.it.Echo";
  private static final String PROVIDER = "10.0.0.1:12200";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static UnpackedDistribution unpacked;
  private static Path home;

  @BeforeAll
  static void unpack() throws Exception {
    unpacked = UnpackedDistribution.unpack();
    home = unpacked.home();
  }

  @AfterAll
  static void removeUnpacked() {
    if (unpacked != null) {
      unpacked.close();
    }
  }

  @Test
  void theArchiveUnpacksToTheLauncherTheSamplesTheJarsAndTheUnit() throws IOException {
    assertThat(home.resolve("bin/beacon")).isExecutable();
    for (String conf :
        List.of("meta.properties", "data.properties", "session.properties", "logback.xml")) {
      assertThat(home.resolve("conf").resolve(conf)).isRegularFile();
    }
    assertThat(home.resolve("conf/standalone.properties")).isRegularFile();
    assertThat(home.resolve("systemd/beacon@.service")).isRegularFile();
    assertThat(home.resolve("README.md")).isRegularFile();
    assertThat(home.resolve("lib").toFile().list((dir, name) -> name.startsWith("beacon-")))
        .contains(
            "beacon-meta-server-" + version() + ".jar",
            "beacon-data-server-" + version() + ".jar",
            "beacon-session-server-" + version() + ".jar",
            "beacon-common-" + version() + ".jar")
        .noneMatch(name -> name.startsWith("beacon-standalone"));
    assertThat(home.resolve("lib/standalone/beacon-standalone-" + version() + ".jar"))
        .isRegularFile();
    // Filtered by the build: the flags Bolt and Hessian need, and no ${...} of the shell touched.
    assertThat(Files.readString(home.resolve("bin/beacon")))
        .contains("--add-opens java.base/java.lang=ALL-UNNAMED")
        .contains("${JAVA_HOME:-}")
        .doesNotContain("@beacon.addOpens@");
  }

  @Test
  void binBeaconWithoutAKnownRolePrintsItsUsageAndFails() throws Exception {
    String beacon = home.resolve("bin/beacon").toString();
    Commands.Result none = Commands.run(List.of(beacon));
    assertThat(none.exit()).isEqualTo(2);
    assertThat(none.output()).startsWith("usage: bin/beacon ROLE");

    Commands.Result unknown = Commands.run(List.of(beacon, "metta"));
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.output())
        .startsWith("bin/beacon: unknown role 'metta'")
        .contains("usage: bin/beacon ROLE");

    Commands.Result help = Commands.run(List.of(beacon, "--help"));
    assertThat(help.exit()).isZero();
    assertThat(help.output()).startsWith("usage: bin/beacon ROLE");
  }

  @Test
  void oneMetaTwoDataTwoSessionsFromBinBeaconServeTheOfficialClientAndStopOnSigterm()
      throws Exception {
    // Spring Boot's order: conf/meta.properties < conf/meta-0.properties (the instance's) < flags.
    append("meta.properties", "beacon.meta.admin-token=from-role-file", "beacon.meta.http-port=1");
    append("meta-0.properties", "beacon.meta.admin-token=from-instance-file");

    ProcessCluster cluster =
        ProcessCluster.builder("DistributionIT/binBeacon")
            .distribution(home)
            .metaNodes(1)
            .dataNodes(2)
            .sessionNodes(2)
            .build();
    try (cluster) {
      List<ServerProcess> servers = new ArrayList<>(cluster.metaServers());
      servers.addAll(cluster.dataServers());
      servers.addAll(cluster.sessionServers());
      for (ServerProcess server : servers) {
        System.out.println(
            "distribution-it: started " + server.name() + ": " + server.commandLine());
        assertTheProcessIsTheServersJvm(server);
      }

      ServerProcess meta = cluster.meta(0);
      assertThat(fileLog(meta)).contains("meta server started");
      assertThat(status(meta.httpPort(), "/stopPushDataSwitch/close", null)).isEqualTo(401);
      assertThat(status(meta.httpPort(), "/stopPushDataSwitch/close", "from-role-file"))
          .isEqualTo(401);
      assertThat(status(meta.httpPort(), "/stopPushDataSwitch/close", "from-instance-file"))
          .isEqualTo(200);
      System.out.println(
          "distribution-it: meta-0 took its admin token from conf/meta-0.properties over"
              + " conf/meta.properties, its HTTP port "
              + meta.httpPort()
              + " from the flag over conf/meta.properties' 1");

      publishOnSession0AndReceiveOnSession1(cluster);

      for (ServerProcess server : servers) {
        String started = server.role().id() + " server started";
        await("'" + started + "' in " + fileLogPath(server))
            .until(() -> fileLog(server).contains(started));
        System.out.println(
            "distribution-it: "
                + home.relativize(fileLogPath(server))
                + ": "
                + lineWith(fileLog(server), started));
      }

      List<ServerProcess> stopOrder = new ArrayList<>(cluster.sessionServers());
      stopOrder.addAll(cluster.dataServers());
      stopOrder.addAll(cluster.metaServers());
      for (ServerProcess server : stopOrder) {
        long pid = server.pid();
        long start = System.nanoTime();
        int exit = server.stop();
        System.out.printf(
            "distribution-it: kill -TERM %d (%s): exited %d after %d ms; %s%n",
            pid,
            server.name(),
            exit,
            Duration.ofNanos(System.nanoTime() - start).toMillis(),
            lineWith(fileLog(server), "server closed"));
        assertThat(exit).as(server.name() + " exit status").isEqualTo(ServerProcess.SIGTERM_EXIT);
        assertThat(server.isAlive()).isFalse();
        assertThat(fileLog(server)).contains(server.role().id() + " server closed");
      }
    }
  }

  /**
   * {@code bin/beacon} exec'ed the JVM: the process started is {@code java} of {@code JAVA_HOME}
   * itself, with the {@code --add-opens} flags, {@code JAVA_OPTS} and the role's main class.
   */
  private static void assertTheProcessIsTheServersJvm(ServerProcess server) throws IOException {
    byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(server.pid()), "cmdline"));
    List<String> jvm = List.of(new String(raw, StandardCharsets.UTF_8).split("\0", -1));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    assertThat(jvm.get(0)).isEqualTo(java);
    assertThat(String.join(" ", jvm))
        .contains("--add-opens java.base/java.lang=ALL-UNNAMED")
        .contains("--add-opens java.base/sun.nio.ch=ALL-UNNAMED")
        .contains("-Xmx256m")
        .contains(
            "-Dspring.config.additional-location=optional:file:"
                + home.resolve("conf").resolve(server.role().id() + ".properties")
                + ",optional:file:"
                + home.resolve("conf").resolve(server.name() + ".properties"))
        .contains("-Dlogging.file.name=" + fileLogPath(server))
        .contains("io.beacon.registry." + server.role().id() + ".app.");
    if (server.index() == 0) {
      System.out.println(
          "distribution-it: pid " + server.pid() + " runs " + String.join(" ", jvm).strip());
    }
  }

  private static void publishOnSession0AndReceiveOnSession1(ProcessCluster cluster) {
    DefaultRegistryClient publisher = officialClient(cluster.sessionClientPort(0));
    DefaultRegistryClient subscriber = officialClient(cluster.sessionClientPort(1));
    List<String> received = new CopyOnWriteArrayList<>();
    SubscriberRegistration subscription =
        new SubscriberRegistration(
            DATA_ID, (dataId, data) -> data.getZoneData().values().forEach(received::addAll));
    subscription.setScopeEnum(ScopeEnum.dataCenter);
    subscriber.register(subscription);
    long start = System.nanoTime();
    publisher.register(new PublisherRegistration(DATA_ID), PROVIDER);
    await("the subscriber on session-1 receives what session-0 took")
        .atMost(Duration.ofSeconds(30))
        .until(() -> received.contains(PROVIDER));
    System.out.printf(
        "distribution-it: official 6.3.0 client: published %s=%s on session-0 (port %d),"
            + " the subscriber on session-1 (port %d) received %s after %d ms%n",
        DATA_ID,
        PROVIDER,
        cluster.sessionClientPort(0),
        cluster.sessionClientPort(1),
        received,
        Duration.ofNanos(System.nanoTime() - start).toMillis());
  }

  private static DefaultRegistryClient officialClient(int sessionClientPort) {
    RegistryClientConfig config =
        DefaultRegistryClientConfigBuilder.start()
            .setRegistryEndpoint(ProcessCluster.HOST)
            .setRegistryEndpointPort(sessionClientPort)
            .setDataCenter("DefaultDataCenter")
            .setAppName("distribution-it")
            .build();
    DefaultRegistryClient client = new DefaultRegistryClient(config);
    client.setServerManager(new DirectServerManager(config));
    client.init();
    return client;
  }

  private static int status(int httpPort, String path, String adminToken) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://" + ProcessCluster.HOST + ":" + httpPort + path))
            .timeout(Duration.ofSeconds(5));
    if (adminToken != null) {
      request.header("x-apiauth-token", adminToken);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static void append(String confFile, String... lines) throws IOException {
    Files.write(
        home.resolve("conf").resolve(confFile),
        List.of(lines),
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  /** What {@code bin/beacon} names the server's log file: {@code logs/beacon-<instance>.log}. */
  private static Path fileLogPath(ServerProcess server) {
    return home.resolve("logs").resolve("beacon-" + server.name() + ".log");
  }

  private static String fileLog(ServerProcess server) throws IOException {
    Path log = fileLogPath(server);
    return Files.exists(log) ? Files.readString(log) : "";
  }

  private static String lineWith(String text, String part) {
    return text.lines().filter(line -> line.contains(part)).findFirst().orElse("(no line)");
  }

  private static String version() {
    return UnpackedDistribution.version();
  }
}
