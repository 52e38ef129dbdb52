package io.beacon.registry.meta.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.beacon.registry.common.app.UnknownPropertiesCheck;
import io.beacon.registry.common.config.UnknownPropertyException;
import io.beacon.registry.meta.settings.MetaServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * A wrong or unknown `beacon.meta.*` key stops the start, before any port is bound, naming the
 * property (and, for an unknown key, the nearest known one), from every source Spring Boot reads.
 */
class MetaServerApplicationTest {

  @TempDir Path dir;

  @Test
  void aWrongValueStopsTheStartWithAnErrorNamingTheProperty() {
    assertThatThrownBy(() -> start("--beacon.meta.leader-lease=1s"))
        .rootCause()
        .hasMessage(
            "beacon.meta.leader-lease must be more than twice leader-renew-interval (PT1S), was PT1S");
    assertThatThrownBy(() -> start("--beacon.meta.jdbc-url=postgres://db"))
        .rootCause()
        .hasMessage("beacon.meta.jdbc-url must be a jdbc: URL, was postgres://db");
  }

  @Test
  void aMisspelledFlagStopsTheStartNamingTheNearestProperty() {
    assertThatThrownBy(() -> start("--beacon.meta.jdbc-urll=jdbc:postgresql://db/beacon"))
        .isInstanceOf(UnknownPropertyException.class)
        .hasMessage(
            "unknown property beacon.meta.jdbc-urll; did you mean beacon.meta.jdbc-url?"
                + " (set in command-line arguments)")
        .satisfies(e -> System.out.println("start refused: " + e.getMessage()));
  }

  @Test
  void aMisspelledKeyInAnAdditionalPropertiesOrYamlFileStopsTheStart() throws Exception {
    Path properties = Files.writeString(dir.resolve("meta.properties"), "beacon.meta.replica=3\n");
    assertThatThrownBy(() -> start("--spring.config.additional-location=file:" + properties))
        .isInstanceOf(UnknownPropertyException.class)
        .hasMessageStartingWith(
            "unknown property beacon.meta.replica; did you mean beacon.meta.replicas? (set in"
                + " Config resource 'file ["
                + properties
                + "]'");

    Path yaml =
        Files.writeString(
            dir.resolve("meta.yaml"), "beacon:\n  meta:\n    jdbcUrll: jdbc:h2:mem:x\n");
    assertThatThrownBy(() -> start("--spring.config.additional-location=file:" + yaml))
        .isInstanceOf(UnknownPropertyException.class)
        .hasMessageStartingWith(
            "unknown property beacon.meta.jdbcUrll; did you mean beacon.meta.jdbc-url?");
  }

  @Test
  void aMisspelledEnvironmentVariableOrSystemPropertyStopsTheStart() {
    assertThatThrownBy(
            () -> start(environment(Map.of("BEACON_META_JDBCURLL", "jdbc:h2:mem:x"), Map.of())))
        .isInstanceOf(UnknownPropertyException.class)
        .hasMessage(
            "unknown property BEACON_META_JDBCURLL; did you mean BEACON_META_JDBCURL"
                + " (beacon.meta.jdbc-url)? (set in the environment)");
    assertThatThrownBy(() -> start(environment(Map.of(), Map.of("beacon.meta.node-leese", "30s"))))
        .isInstanceOf(UnknownPropertyException.class)
        .hasMessage(
            "unknown property beacon.meta.node-leese; did you mean beacon.meta.node-lease?"
                + " (set in system properties)");
  }

  @Test
  void aKeyOfNoRoleOrOfAnotherRoleStopsTheStartAndEveryUnknownKeyIsListed() {
    assertThatThrownBy(() -> start("--beacon.metaa.rpc-port=9610", "--beacon.data.rpc-port=9620"))
        .isInstanceOf(UnknownPropertyException.class)
        .satisfies(
            e ->
                assertThat(((UnknownPropertyException) e).problems())
                    .containsExactlyInAnyOrder(
                        "unknown property beacon.metaa.rpc-port; did you mean"
                            + " beacon.meta.rpc-port? (set in command-line arguments;"
                            + " beacon.metaa is no role of Beacon (meta, data, session))",
                        "unknown property beacon.data.rpc-port; did you mean"
                            + " beacon.meta.rpc-port? (set in command-line arguments;"
                            + " beacon.data.* configures the data server, which this process"
                            + " does not run (it runs beacon.meta.*))"));
  }

  @Test
  void correctEnvironmentVariablesInEitherFormBindAndAreNotFlagged() {
    try (ConfigurableApplicationContext context =
        new SpringApplicationBuilder(SettingsOnly.class)
            .web(WebApplicationType.NONE)
            .logStartupInfo(false)
            .environment(
                environment(
                    Map.of(
                        "BEACON_META_JDBCURL", "jdbc:postgresql://db/beacon",
                        "BEACON_META_NODE_LEASE", "7s",
                        "BEACON_META_PEERS", "10.0.0.1:9610,10.0.0.2:9610",
                        "BEACON_HOME", "/opt/beacon"),
                    Map.of("beacon.meta.leaderWarmup", "4s")))
            .run()) {
      MetaServerConfig config = context.getBean(MetaServerConfig.class);
      assertThat(config.jdbcUrl()).isEqualTo("jdbc:postgresql://db/beacon");
      assertThat(config.nodeLease()).isEqualTo(Duration.ofSeconds(7));
      assertThat(config.peers()).containsExactly("10.0.0.1:9610", "10.0.0.2:9610");
      assertThat(config.leaderWarmup()).isEqualTo(Duration.ofSeconds(4));
    }
  }

  @Test
  void aGroupOfMetasOnTheDefaultEmbeddedDatabaseDoesNotStart() {
    assertThatThrownBy(() -> start("--beacon.meta.peers=10.0.0.1:9610,10.0.0.2:9610"))
        .rootCause()
        .hasMessage(
            "beacon.meta.jdbc-url must name the group's shared database (jdbc:postgresql:,"
                + " jdbc:mariadb:, jdbc:mysql:) because beacon.meta.peers names 2 meta servers"
                + " [10.0.0.1:9610, 10.0.0.2:9610]; without it each meta runs on its own embedded"
                + " H2 database under beacon.meta.data-dir and elects itself leader")
        .satisfies(e -> System.out.println("start refused: " + rootMessage(e)));
  }

  /** The settings and the check, without the server: binds, starts nothing. */
  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(MetaServerConfig.class)
  @Import(UnknownPropertiesCheck.class)
  static class SettingsOnly {}

  /**
   * An environment whose variables and system properties are the given ones, in the property
   * sources (and of the types) Spring Boot reads the real ones from.
   */
  static StandardEnvironment environment(
      Map<String, Object> variables, Map<String, Object> systemProperties) {
    StandardEnvironment environment = new StandardEnvironment();
    environment
        .getPropertySources()
        .replace(
            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
            new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
    environment
        .getPropertySources()
        .replace(
            StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME,
            new MapPropertySource(
                StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME, systemProperties));
    return environment;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage();
  }

  private static void start(String... args) {
    start(null, args);
  }

  private static void start(StandardEnvironment environment, String... args) {
    SpringApplicationBuilder builder =
        new SpringApplicationBuilder(MetaServerApplication.class)
            .web(WebApplicationType.NONE)
            .logStartupInfo(false);
    if (environment != null) {
      builder.environment(environment);
    }
    builder.run(args).close();
  }
}
