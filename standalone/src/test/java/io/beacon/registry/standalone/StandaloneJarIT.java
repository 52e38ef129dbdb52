package io.beacon.registry.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.alipay.sofa.registry.client.api.registration.PublisherRegistration;
import com.alipay.sofa.registry.client.api.registration.SubscriberRegistration;
import com.alipay.sofa.registry.client.provider.DefaultRegistryClient;
import com.alipay.sofa.registry.client.provider.DefaultRegistryClientConfigBuilder;
import com.alipay.sofa.registry.core.model.ScopeEnum;
import io.beacon.registry.testing.Awaits;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, as a newcomer runs it: the packaged jar started with plain {@code
 * java -jar} (no JVM flags: the manifest carries the {@code --add-opens} Bolt and Hessian need)
 * answers all three health checks within 30 seconds and serves the official client.
 */
class StandaloneJarIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dataDir;

  @Test
  void theJarStartsAWorkingRegistryWithin30Seconds() throws Exception {
    Path jar = Path.of("target", "beacon-standalone.jar");
    assertThat(jar).exists();
    int[] ports = freePorts(7);
    int metaRpc = ports[0];
    int metaHttp = ports[1];
    int dataRpc = ports[2];
    int dataHttp = ports[3];
    int sessionClient = ports[4];
    int sessionInternal = ports[5];
    int sessionHttp = ports[6];
    Path log = Files.createTempFile("beacon-standalone", ".log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-jar", jar.toString()));
    command.addAll(
        List.of(
            "--beacon.meta.rpc-port=" + metaRpc,
            "--beacon.meta.http-port=" + metaHttp,
            "--beacon.data.rpc-port=" + dataRpc,
            "--beacon.data.http-port=" + dataHttp,
            "--beacon.data.meta-addresses=127.0.0.1:" + metaRpc,
            "--beacon.session.client-port=" + sessionClient,
            "--beacon.session.internal-port=" + sessionInternal,
            "--beacon.session.http-port=" + sessionHttp,
            "--beacon.session.meta-addresses=127.0.0.1:" + metaRpc,
            "--beacon.meta.data-dir=" + dataDir.resolve("meta")));
    long start = System.nanoTime();
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      Awaits.await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> healthy(sessionHttp) && healthy(dataHttp) && healthy(metaHttp));
      System.out.printf(
          "standalone healthy after %d ms%n",
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
      Awaits.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> Files.readString(log).contains("Beacon standalone ready"));

      DefaultRegistryClient client =
          new DefaultRegistryClient(
              DefaultRegistryClientConfigBuilder.start()
                  .setRegistryEndpoint("127.0.0.1")
                  .setRegistryEndpointPort(sessionHttp)
                  .setDataCenter("DefaultDataCenter")
                  .setAppName("standalone-it")
                  .build());
      client.init();
      List<String> seen = new CopyOnWriteArrayList<>();
      SubscriberRegistration subscription =
          new SubscriberRegistration(
              "standalone.Echo",
              (dataId, data) -> data.getZoneData().values().forEach(seen::addAll));
      subscription.setScopeEnum(ScopeEnum.dataCenter);
      client.register(subscription);
      client.register(new PublisherRegistration("standalone.Echo"), "127.0.0.1:12200");
      Awaits.await().atMost(Duration.ofSeconds(15)).until(() -> seen.contains("127.0.0.1:12200"));
    } finally {
      process.destroy();
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      System.out.println("standalone log: " + log);
    }
  }

  /**
   * Switches live in the embedded, file-backed H2 database under the data directory: a stop-push
   * set before a restart is still on after it.
   */
  @Test
  void theStandaloneRegistryKeepsItsSwitchesAcrossARestart() throws Exception {
    Path jar = Path.of("target", "beacon-standalone.jar");
    int[] ports = freePorts(7);
    Process first = startJar(jar, ports, Files.createTempFile("beacon-first", ".log"));
    try {
      awaitHealthy(ports);
      assertThat(get(ports[1], "/stopPushDataSwitch/open")).contains("\"success\":true");
      assertThat(get(ports[1], "/digest/pushSwitch")).contains("\"stopPush\":true");
    } finally {
      stop(first);
    }

    Process second = startJar(jar, ports, Files.createTempFile("beacon-second", ".log"));
    try {
      awaitHealthy(ports);
      assertThat(get(ports[1], "/digest/pushSwitch")).contains("\"stopPush\":true");
      Awaits.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> get(ports[6], "/digest/pushSwitch").contains("\"stopPush\":true"));
    } finally {
      stop(second);
    }
  }

  /**
   * Keys from the real environment of a real process: a misspelled variable stops the start with
   * Spring Boot's failure report naming the nearest key; correct variables in both of Spring Boot's
   * forms and the launcher's own {@code BEACON_HOME} are not flagged.
   */
  @Test
  void aMisspelledEnvironmentVariableStopsTheJarNamingTheNearestKey() throws Exception {
    Path jar = Path.of("target", "beacon-standalone.jar");
    Path log = Files.createTempFile("beacon-env", ".log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(java, "-Xmx256m", "-jar", jar.toString(), "--beacon.meta.rpc-port=0")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("BEACON_META_JDBCURLL", "jdbc:postgresql://db/beacon");
    builder.environment().put("BEACON_SESSION_PUSHLIMITS_FRAMESINFLIGHT", "3");
    builder.environment().put("BEACON_DATA_SESSION_LEASE", "40s");
    builder.environment().put("BEACON_HOME", dataDir.toString());
    Process process = builder.start();
    try {
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the start stopped").isTrue();
    } finally {
      process.destroyForcibly();
    }
    String output = Files.readString(log);
    int report = output.indexOf("APPLICATION FAILED TO START");
    System.out.println(output.substring(Math.max(0, report - 30)));
    assertThat(process.exitValue()).isNotZero();
    assertThat(report).isNotNegative();
    assertThat(output)
        .contains(
            "unknown property BEACON_META_JDBCURLL; did you mean BEACON_META_JDBCURL"
                + " (beacon.meta.jdbc-url)? (set in the environment)")
        .doesNotContain("unknown property BEACON_SESSION")
        .doesNotContain("unknown property BEACON_DATA")
        .doesNotContain("unknown property BEACON_HOME");
  }

  private Process startJar(Path jar, int[] ports, Path log) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-Xmx512m",
            "-jar",
            jar.toString(),
            "--beacon.meta.rpc-port=" + ports[0],
            "--beacon.meta.http-port=" + ports[1],
            "--beacon.data.rpc-port=" + ports[2],
            "--beacon.data.http-port=" + ports[3],
            "--beacon.data.meta-addresses=127.0.0.1:" + ports[0],
            "--beacon.session.client-port=" + ports[4],
            "--beacon.session.internal-port=" + ports[5],
            "--beacon.session.http-port=" + ports[6],
            "--beacon.session.meta-addresses=127.0.0.1:" + ports[0],
            "--beacon.meta.data-dir=" + dataDir.resolve("meta"))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  private static void awaitHealthy(int[] ports) {
    Awaits.await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> healthy(ports[6]) && healthy(ports[3]) && healthy(ports[1]));
  }

  private static void stop(Process process) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(15, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  private static String get(int port, String path) throws IOException, InterruptedException {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static boolean healthy(int port) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/check"))
                .timeout(Duration.ofSeconds(2))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return response.statusCode() == 200;
  }

  private static int[] freePorts(int count) throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket(0);
        sockets.add(socket);
        ports[i] = socket.getLocalPort();
      }
      return ports;
    } finally {
      for (ServerSocket socket : sockets) {
        socket.close();
      }
    }
  }
}
