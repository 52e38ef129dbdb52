package io.beacon.registry.meta.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.common.app.UnknownPropertiesCheck;
import io.beacon.registry.meta.settings.MetaServerConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * The two ways to catch an unknown key, over the same environments: Spring Boot's own ({@code
 * ignoreUnknownFields = false}, i.e. binding the record with a {@link
 * NoUnboundElementsBindHandler}) and {@link UnknownPropertiesCheck}. The cases where they differ
 * are why the servers use the latter; the cases where they agree show it is no stricter than Spring
 * Boot where both apply.
 */
class UnknownKeyApproachesTest {

  @Test
  void aTypoBeneathThePrefixIsCaughtByBothButOnlyTheCheckNamesTheNearestKey() {
    StandardEnvironment environment = flags(Map.of("beacon.meta.jdbc-urll", "jdbc:h2:mem:x"));

    assertThat(springBoot(environment)).contains("beacon.meta.jdbc-urll").doesNotContain("mean");
    assertThat(check(environment))
        .containsExactly(
            "unknown property beacon.meta.jdbc-urll; did you mean beacon.meta.jdbc-url?"
                + " (set in command-line arguments)");
  }

  @Test
  void aTypoOfThePrefixOrAnotherRolesKeyIsMissedBySpringBoot() {
    StandardEnvironment environment =
        flags(Map.of("beacon.metaa.jdbc-url", "jdbc:h2:mem:x", "beacon.data.rpc-port", "9620"));

    assertThat(springBoot(environment)).isNull();
    assertThat(check(environment)).hasSize(2);
  }

  /** The mistake of issue 16, caught as itself rather than as its consequence. */
  @Test
  void aTypoWhoseConsequenceFailsValidationIsReportedAsTheConsequenceBySpringBoot() {
    StandardEnvironment environment =
        flags(
            Map.of(
                "beacon.meta.peers", "10.0.0.1:9610,10.0.0.2:9610",
                "beacon.meta.jdbc-urll", "jdbc:postgresql://db/beacon"));

    assertThat(springBoot(environment))
        .startsWith("beacon.meta.jdbc-url must name the group's shared database");
    assertThat(check(environment))
        .singleElement()
        .asString()
        .startsWith("unknown property beacon.meta.jdbc-urll; did you mean beacon.meta.jdbc-url?");
  }

  @Test
  void correctEnvironmentVariablesInTheDashlessFormPassBoth() {
    StandardEnvironment environment =
        MetaServerApplicationTest.environment(
            Map.of("BEACON_META_JDBCURL", "jdbc:h2:mem:x", "BEACON_META_PEERS_0", "10.0.0.1:9610"),
            Map.of());

    assertThat(springBoot(environment)).isNull();
    assertThat(check(environment)).isEmpty();
  }

  /**
   * Spring Boot binds {@code BEACON_META_NODE_LEASE} to {@code node-lease} (see {@code
   * MetaServerApplicationTest}), yet its own check calls it unbound: it would stop a correct start.
   */
  @Test
  void aCorrectVariableInTheUnderscoreFormIsFlaggedBySpringBootThoughItBinds() {
    StandardEnvironment environment =
        MetaServerApplicationTest.environment(Map.of("BEACON_META_NODE_LEASE", "7s"), Map.of());

    assertThat(springBoot(environment))
        .isEqualTo("The elements [beacon.meta.node.lease] were left unbound.");
    assertThat(check(environment)).isEmpty();
  }

  @Test
  void aMisspelledEnvironmentVariableIsCaughtByBoth() {
    StandardEnvironment environment =
        MetaServerApplicationTest.environment(Map.of("BEACON_META_JDBCURLL", "x"), Map.of());

    assertThat(springBoot(environment)).contains("beacon.meta.jdbcurll");
    assertThat(check(environment)).hasSize(1);
  }

  private static StandardEnvironment flags(Map<String, Object> flags) {
    StandardEnvironment environment = MetaServerApplicationTest.environment(Map.of(), Map.of());
    environment.getPropertySources().addFirst(new MapPropertySource("commandLineArgs", flags));
    return environment;
  }

  /** What Spring Boot's own check says: null when the record binds, else the root message. */
  private static String springBoot(StandardEnvironment environment) {
    try {
      Binder.get(environment)
          .bindOrCreate(
              MetaServerConfig.PREFIX,
              Bindable.of(MetaServerConfig.class),
              new NoUnboundElementsBindHandler(BindHandler.DEFAULT));
      return null;
    } catch (BindException e) {
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      return root.getMessage();
    }
  }

  private static List<String> check(StandardEnvironment environment) {
    return UnknownPropertiesCheck.problems(
        environment, Map.of(MetaServerConfig.PREFIX, MetaServerConfig.class));
  }
}
