package io.beacon.registry.session.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.beacon.registry.common.config.PropertyCatalog;
import io.beacon.registry.testing.Settings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code beacon.session.*} bound as Spring binds command-line arguments: the defaults, the link
 * settings (data address overrides, advertised port) and refusals that name the property.
 */
class SessionServerConfigTest {

  @Test
  void byDefaultDataServersAreDialedAtTheirOwnAddressAndTheBoundPortIsAdvertised() {
    SessionServerConfig config = Settings.defaults(SessionServerConfig.class);

    assertThat(config.clientPort()).isEqualTo(9600);
    assertThat(config.renewInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.pushLimits().framesInFlight()).isEqualTo(2);
    assertThat(config.limits().maxDataIdChars()).isEqualTo(512);
    assertThat(config.dataAddressOverrides()).isEmpty();
    assertThat(config.dialAddressOf("127.0.0.1:9620")).isEqualTo("127.0.0.1:9620");
    assertThat(config.advertisedInternalPort()).isZero();
    assertThat(config.advertisedInternalPort(41234)).isEqualTo(41234);
  }

  @Test
  void overridesWrittenWithBracketsKeepTheirHostAndPortKeys() {
    SessionServerConfig config =
        Settings.of(
            SessionServerConfig.class,
            Map.of(
                "data-address-overrides[127.0.0.1:9620]", "127.0.0.1:19620",
                "data-address-overrides[127.0.0.1:9621]", "127.0.0.1:19621",
                "advertised-internal-port", "19602"));

    assertThat(config.dataAddressOverrides())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("127.0.0.1:9620", "127.0.0.1:19620", "127.0.0.1:9621", "127.0.0.1:19621"));
    assertThat(config.dialAddressOf("127.0.0.1:9620")).isEqualTo("127.0.0.1:19620");
    assertThat(config.dialAddressOf("127.0.0.1:9622")).isEqualTo("127.0.0.1:9622");
    assertThat(config.advertisedInternalPort(41234)).isEqualTo(19602);
  }

  @Test
  void anOverrideThatIsNotHostAndPortOnBothSidesIsRefusedWithTheEntry() {
    for (Map<String, String> bad :
        List.of(
            Map.of("127.0.0.1", "127.0.0.1:19620"),
            Map.of("127.0.0.1:9620", "127.0.0.1:0"),
            Map.of("127.0.0.1:9620", ":19620"),
            Map.of("127.0.0.1:x", "127.0.0.1:19620"),
            Map.of("127.0.0.1:9620", "127.0.0.1:70000"))) {
      Map.Entry<String, String> entry = bad.entrySet().iterator().next();
      assertThatThrownBy(
              () ->
                  Settings.of(
                      SessionServerConfig.class,
                      "data-address-overrides[" + entry.getKey() + "]",
                      entry.getValue()))
          .hasRootCauseMessage(
              "beacon.session.data-address-overrides entries must be host:port=host:port (ports"
                  + " 1..65535), was "
                  + entry.getKey()
                  + "="
                  + entry.getValue());
    }
  }

  @Test
  void aWrongValueIsRefusedWithThePropertyItCameFrom() {
    assertThatThrownBy(() -> Settings.of(SessionServerConfig.class, "renew-interval", "0s"))
        .hasRootCauseMessage("beacon.session.renew-interval must be positive, was PT0S");
    assertThatThrownBy(() -> Settings.of(SessionServerConfig.class, "advertised-internal-port", -1))
        .hasRootCauseMessage(
            "beacon.session.advertised-internal-port must be a port (0..65535, 0 for any free"
                + " one), was -1");
    assertThatThrownBy(
            () -> Settings.of(SessionServerConfig.class, "push-limits.frames-in-flight", 0))
        .hasRootCauseMessage(
            "beacon.session.push-limits.frames-in-flight must be at least 1, was 0");
    assertThatThrownBy(() -> Settings.of(SessionServerConfig.class, "slot-count", 100))
        .hasRootCauseMessage("beacon.session.slot-count must be a positive power of two, was 100");
  }

  @Test
  void aSettingThatDoesNotExistIsRefused() {
    assertThatThrownBy(() -> Settings.of(SessionServerConfig.class, "renew-intervall", "1s"))
        .rootCause()
        .hasMessageContaining("beacon.session.renew-intervall");
  }

  @Test
  void everySettingIsDescribedInTheJarsConfigurationMetadata() {
    Map<String, JsonNode> declared = Settings.declaredMetadata();

    // The record, the jar's metadata (and so docs/configuration.md) and the unknown-key check
    // name the same properties.
    assertThat(Settings.propertyNames(SessionServerConfig.class))
        .containsExactlyInAnyOrderElementsOf(declaredUnder(declared, SessionServerConfig.PREFIX))
        .containsExactlyInAnyOrderElementsOf(
            PropertyCatalog.of(Map.of(SessionServerConfig.PREFIX, SessionServerConfig.class))
                .properties()
                .stream()
                .map(PropertyCatalog.Property::name)
                .toList())
        .allSatisfy(name -> assertThat(description(declared, name)).as(name).isNotBlank());
    assertThat(
            declared
                .get("beacon.session.push-limits.frames-in-flight")
                .path("defaultValue")
                .asInt())
        .isEqualTo(2);
  }

  @Test
  void theOverridesAreCopied() {
    java.util.HashMap<String, String> overrides = new java.util.HashMap<>();
    overrides.put("127.0.0.1:9620", "127.0.0.1:19620");
    SessionServerConfig defaults = Settings.defaults(SessionServerConfig.class);
    SessionServerConfig config =
        new SessionServerConfig(
            defaults.bindHost(),
            defaults.advertisedHost(),
            defaults.clientPort(),
            defaults.internalPort(),
            defaults.httpPort(),
            defaults.advertisedInternalPort(),
            defaults.metaAddresses(),
            defaults.dataCenter(),
            defaults.zone(),
            defaults.slotCount(),
            defaults.heartbeatInterval(),
            defaults.metaUnreachableTimeout(),
            defaults.rpcThreads(),
            defaults.dataRpcTimeout(),
            overrides,
            defaults.maxWriteBatch(),
            defaults.retryBackoffMin(),
            defaults.retryBackoffMax(),
            defaults.renewInterval(),
            defaults.pushTimeout(),
            defaults.pushRetries(),
            defaults.pushScanInterval(),
            defaults.pushLimits(),
            defaults.limits(),
            defaults.leaveCloseRate(),
            defaults.leaveTimeout(),
            defaults.adminToken());

    overrides.clear();

    assertThat(config.dialAddressOf("127.0.0.1:9620")).isEqualTo("127.0.0.1:19620");
  }

  private static List<String> declaredUnder(Map<String, JsonNode> declared, String prefix) {
    return declared.keySet().stream().filter(name -> name.startsWith(prefix + ".")).toList();
  }

  private static String description(Map<String, JsonNode> declared, String name) {
    return declared.getOrDefault(name, MissingNode.getInstance()).path("description").asText();
  }
}
