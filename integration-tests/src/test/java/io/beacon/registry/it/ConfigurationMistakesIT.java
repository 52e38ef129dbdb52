package io.beacon.registry.it;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.beacon.registry.common.colocation.Colocation;
import io.beacon.registry.common.heartbeat.MetaReachability;
import io.beacon.registry.data.DataServer;
import io.beacon.registry.data.settings.DataServerConfig;
import io.beacon.registry.meta.MetaServer;
import io.beacon.registry.meta.settings.MetaServerConfig;
import io.beacon.registry.session.SessionServer;
import io.beacon.registry.session.settings.SessionServerConfig;
import io.beacon.registry.testing.Awaits;
import io.beacon.registry.testing.Settings;
import io.beacon.registry.testing.cluster.InProcessCluster;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Issue 16, point 2, on running servers: a meta of a group on its own embedded database is not
 * followed and is reported, and a meta outage longer than the bound is reported, each in the log
 * and in {@code /health/check}. (Unknown keys and the meta group's own check stop the start; the
 * application tests of each server show those.)
 */
class ConfigurationMistakesIT {

  private static final String HOST = InProcessCluster.HOST;

  @TempDir Path dir;

  private final List<AutoCloseable> servers = new ArrayList<>();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(MetaReachability.class);

  @BeforeEach
  void captureLogs() {
    logs.start();
    logger.addAppender(logs);
  }

  @AfterEach
  void closeServers() throws Exception {
    logger.detachAppender(logs);
    for (int i = servers.size() - 1; i >= 0; i--) {
      servers.get(i).close();
    }
  }

  /**
   * The mistake of issue 16: a misspelled {@code jdbc-url} leaves each meta on its own embedded H2,
   * where each wins its own leader lease. Data and session servers listing both refuse to follow
   * either and say why.
   */
  @Test
  void serversListingSeveralMetasRefuseMetasOnTheirOwnEmbeddedDatabases() {
    MetaServer first = meta("first");
    MetaServer second = meta("second");
    assertThat(first.awaitReady(Duration.ofSeconds(30))).isTrue();
    assertThat(second.awaitReady(Duration.ofSeconds(30))).isTrue();
    List<String> metas = List.of(first.address(), second.address());
    DataServer data = data(metas, Duration.ofSeconds(5));
    SessionServer session = session(metas, Duration.ofSeconds(5));

    Awaits.await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              assertThat(data.notReadyReason()).contains("runs on its own embedded database");
              assertThat(session.notReadyReason()).contains("runs on its own embedded database");
            });
    HttpResponse<String> health = AdminHttp.get(data.httpPort(), "/health/check");
    System.out.println("data /health/check: " + health.statusCode() + " " + health.body());
    assertThat(health.statusCode()).isEqualTo(503);
    assertThat(health.body())
        .contains("beacon.data.meta-addresses names 2 meta servers")
        .contains("give every meta of the group the shared database in beacon.meta.jdbc-url");
    assertThat(AdminHttp.get(session.httpPort(), "/health/check").body())
        .contains("beacon.session.meta-addresses names 2 meta servers");
    // Each is tried in turn, refused, and logged once.
    Awaits.await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(logged("ERROR"))
                    .anySatisfy(
                        message -> assertThat(message).startsWith("meta " + first.address()))
                    .anySatisfy(
                        message -> assertThat(message).startsWith("meta " + second.address())));
    assertThat(data.slotTable().isAssigned()).as("a table from a refused meta").isFalse();
  }

  @Test
  void aMetaOutageLongerThanTheBoundFailsTheHealthCheckNamingTheAddresses() {
    List<String> metas = List.of(HOST + ":1", HOST + ":2");
    DataServer data = data(metas, Duration.ofSeconds(1));
    SessionServer session = session(metas, Duration.ofSeconds(1));

    Awaits.await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              assertThat(AdminHttp.get(data.httpPort(), "/health/check").body())
                  .contains("meta unreachable: no meta leader answered for");
              assertThat(AdminHttp.get(session.httpPort(), "/health/check").body())
                  .contains("meta unreachable: no meta leader answered for");
            });
    HttpResponse<String> health = AdminHttp.get(data.httpPort(), "/health/check");
    System.out.println("data /health/check: " + health.statusCode() + " " + health.body());
    assertThat(health.statusCode()).isEqualTo(503);
    assertThat(health.body())
        .contains("more than beacon.data.meta-unreachable-timeout=1.0s")
        .contains("beacon.data.meta-addresses=[127.0.0.1:1, 127.0.0.1:2]");
    assertThat(AdminHttp.get(session.httpPort(), "/health/check").body())
        .contains("beacon.session.meta-addresses=[127.0.0.1:1, 127.0.0.1:2]");
    assertThat(logged("ERROR"))
        .filteredOn(message -> message.startsWith("meta unreachable"))
        .as("logged once per server")
        .hasSize(2);
  }

  @Test
  void aSingleMetaOnTheEmbeddedDatabaseIsFollowedAsInTheStandaloneSetup() {
    MetaServer only = meta("only");
    DataServer data = data(List.of(only.address()), Duration.ofSeconds(5));

    assertThat(data.awaitReady(Duration.ofSeconds(30))).as(data.notReadyReason()).isTrue();
    assertThat(AdminHttp.get(data.httpPort(), "/health/check").statusCode()).isEqualTo(200);
  }

  /** The messages logged so far at {@code level} (the appender appends under its own lock). */
  private List<String> logged(String level) {
    synchronized (logs) {
      return logs.list.stream()
          .filter(event -> event.getLevel().toString().equals(level))
          .map(ILoggingEvent::getFormattedMessage)
          .toList();
    }
  }

  private MetaServer meta(String name) {
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
                16,
                "slot-assign-delay",
                Duration.ofMillis(200),
                "leader-warmup",
                Duration.ZERO,
                "data-dir",
                dir.resolve(name)),
            InstantSource.system());
    servers.add(meta);
    meta.start();
    return meta;
  }

  private DataServer data(List<String> metas, Duration unreachableTimeout) {
    DataServer data =
        new DataServer(
            Settings.of(
                DataServerConfig.class,
                "bind-host",
                HOST,
                "advertised-host",
                HOST,
                "rpc-port",
                0,
                "http-port",
                0,
                "slot-count",
                16,
                "meta-addresses",
                metas,
                "heartbeat-interval",
                Duration.ofMillis(200),
                "meta-unreachable-timeout",
                unreachableTimeout),
            InstantSource.system());
    servers.add(data);
    data.start();
    return data;
  }

  private SessionServer session(List<String> metas, Duration unreachableTimeout) {
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
                "slot-count",
                16,
                "meta-addresses",
                metas,
                "heartbeat-interval",
                Duration.ofMillis(200),
                "meta-unreachable-timeout",
                unreachableTimeout),
            InstantSource.system(),
            new SimpleMeterRegistry(),
            Colocation.none());
    servers.add(session);
    session.start();
    return session;
  }
}
