package io.beacon.registry.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which {@code beacon.*} names a process accepts, and what it says about the others. */
class PropertyCatalogTest {

  record Limits(int maxValues, Duration coolDown) {}

  record Meta(String jdbcUrl, int rpcPort, List<String> peers) {}

  record Session(
      int clientPort, List<String> metaAddresses, Map<String, String> overrides, Limits limits) {}

  private final PropertyCatalog meta = PropertyCatalog.of(Map.of("beacon.meta", Meta.class));
  private final PropertyCatalog both =
      PropertyCatalog.of(Map.of("beacon.meta", Meta.class, "beacon.session", Session.class));

  @Test
  void everyComponentIsAPropertyAndNestedRecordsAreExpanded() {
    assertThat(both.properties())
        .extracting(PropertyCatalog.Property::name)
        .containsExactly(
            "beacon.meta.jdbc-url",
            "beacon.meta.peers",
            "beacon.meta.rpc-port",
            "beacon.session.client-port",
            "beacon.session.limits.cool-down",
            "beacon.session.limits.max-values",
            "beacon.session.meta-addresses",
            "beacon.session.overrides");
  }

  @Test
  void aMisspelledKeyNamesTheNearestProperty() {
    assertThat(meta.check("beacon.meta.jdbc-urll", "command-line arguments"))
        .isEqualTo(
            "unknown property beacon.meta.jdbc-urll; did you mean beacon.meta.jdbc-url?"
                + " (set in command-line arguments)");
    assertThat(both.check("beacon.session.limits.max-value", "application.properties"))
        .startsWith(
            "unknown property beacon.session.limits.max-value; did you mean"
                + " beacon.session.limits.max-values?");
  }

  @Test
  void relaxedFormsOfAKnownKeyAreAccepted() {
    assertThat(meta.check("beacon.meta.jdbcUrl", "file")).isNull();
    assertThat(meta.check("beacon.meta.jdbc_url", "file")).isNull();
    assertThat(meta.check("BEACON.META.JDBC-URL", "file")).isNull();
    assertThat(both.check("beacon.session.limits.maxValues", "file")).isNull();
  }

  @Test
  void listsAndMapsTakeIndexesAndKeysBeneathThem() {
    assertThat(both.check("beacon.session.meta-addresses[0]", "file")).isNull();
    assertThat(both.check("beacon.session.overrides[127.0.0.1:9620]", "file")).isNull();
    assertThat(both.check("beacon.session.overrides.some-key", "file")).isNull();
    assertThat(both.check("beacon.session.client-port[0]", "file"))
        .startsWith("unknown property beacon.session.client-port[0]");
  }

  @Test
  void keysOutsideBeaconAreNotOurs() {
    assertThat(meta.check("spring.main.banner-mode", "file")).isNull();
    assertThat(meta.check("beaconx.meta.rpc-port", "file")).isNull();
    assertThat(meta.check("logging.level.io.beacon", "file")).isNull();
  }

  @Test
  void aKeyUnderNoRoleOrUnderARoleThisProcessDoesNotRunIsUnknown() {
    assertThat(meta.check("beacon.metaa.rpc-port", "file"))
        .isEqualTo(
            "unknown property beacon.metaa.rpc-port; did you mean beacon.meta.rpc-port?"
                + " (set in file; beacon.metaa is no role of Beacon (meta, data, session))");
    assertThat(meta.check("beacon.session.client-port", "file"))
        .isEqualTo(
            "unknown property beacon.session.client-port; did you mean beacon.meta.rpc-port?"
                + " (set in file; beacon.session.* configures the session server, which this"
                + " process does not run (it runs beacon.meta.*))");
    assertThat(both.check("beacon.session.client-port", "file")).isNull();
    assertThat(meta.check("beacon", "file")).startsWith("unknown property beacon;");
  }

  @Test
  void environmentVariablesBindInBothOfSpringBootsForms() {
    assertThat(meta.checkEnvironment("BEACON_META_JDBCURL")).isNull();
    assertThat(meta.checkEnvironment("BEACON_META_JDBC_URL")).isNull();
    assertThat(meta.checkEnvironment("beacon_meta_rpcport")).isNull();
    assertThat(meta.checkEnvironment("BEACON_META_PEERS_0")).isNull();
    assertThat(both.checkEnvironment("BEACON_SESSION_LIMITS_MAXVALUES")).isNull();
    assertThat(both.checkEnvironment("BEACON_SESSION_LIMITS_MAX_VALUES")).isNull();
    assertThat(both.checkEnvironment("BEACON_SESSION_OVERRIDES_ANYTHING")).isNull();
  }

  @Test
  void aMisspelledEnvironmentVariableNamesTheNearestInItsOwnForm() {
    assertThat(meta.checkEnvironment("BEACON_META_JDBCURLL"))
        .isEqualTo(
            "unknown property BEACON_META_JDBCURLL; did you mean BEACON_META_JDBCURL"
                + " (beacon.meta.jdbc-url)? (set in the environment)");
    assertThat(meta.checkEnvironment("BEACON_METAA_RPCPORT"))
        .startsWith("unknown property BEACON_METAA_RPCPORT; did you mean BEACON_META_RPCPORT");
    assertThat(meta.checkEnvironment("BEACON_SESION_CLIENTPORT"))
        .startsWith("unknown property BEACON_SESION_CLIENTPORT;");
    assertThat(meta.checkEnvironment("BEACON_DATA_RPCPORT"))
        .contains("beacon.data.* configures the data server, which this process does not run");
  }

  @Test
  void environmentVariablesOfTheLauncherAreLeftAlone() {
    assertThat(meta.checkEnvironment("BEACON_HOME")).isNull();
    assertThat(meta.checkEnvironment("BEACON_OPTS")).isNull();
    assertThat(meta.checkEnvironment("BEACON_JAVA_OPTS")).isNull();
    assertThat(meta.checkEnvironment("BEACON_LOG_DIR")).isNull();
    assertThat(meta.checkEnvironment("PATH")).isNull();
  }

  @Test
  void environmentFormsAreThoseSpringBootDerives() {
    assertThat(PropertyCatalog.environmentForms("beacon.session.push-limits.frames-in-flight"))
        .containsExactly(
            "BEACON_SESSION_PUSHLIMITS_FRAMESINFLIGHT",
            "BEACON_SESSION_PUSH_LIMITS_FRAMES_IN_FLIGHT");
    assertThat(PropertyCatalog.environmentForms("beacon.meta.replicas"))
        .containsExactly("BEACON_META_REPLICAS");
  }

  @Test
  void distanceIsLevenshtein() {
    assertThat(PropertyCatalog.distance("kitten", "sitting")).isEqualTo(3);
    assertThat(PropertyCatalog.distance("", "abc")).isEqualTo(3);
    assertThat(PropertyCatalog.distance("meta", "meta")).isZero();
  }
}
