package io.beacon.registry.meta.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.beacon.registry.common.config.PropertyCatalog;
import io.beacon.registry.testing.Settings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code beacon.meta.*} bound as Spring binds command-line arguments, and described in the jar. */
class MetaServerConfigTest {

  @Test
  void everySettingIsDescribedInTheJarsConfigurationMetadata() {
    Map<String, JsonNode> declared = Settings.declaredMetadata();

    // The record, the jar's metadata (and so docs/configuration.md) and the unknown-key check
    // name the same properties.
    assertThat(Settings.propertyNames(MetaServerConfig.class))
        .containsExactlyInAnyOrderElementsOf(declaredUnder(declared, MetaServerConfig.PREFIX))
        .containsExactlyInAnyOrderElementsOf(
            PropertyCatalog.of(Map.of(MetaServerConfig.PREFIX, MetaServerConfig.class))
                .properties()
                .stream()
                .map(PropertyCatalog.Property::name)
                .toList())
        .allSatisfy(name -> assertThat(description(declared, name)).as(name).isNotBlank());
    assertThat(declared.get("beacon.meta.node-lease").path("defaultValue").asText())
        .isEqualTo("20s");
  }

  @Test
  void aGroupOfMetasMustNameItsSharedDatabase() {
    assertThatThrownBy(
            () -> Settings.of(MetaServerConfig.class, "peers", "10.0.0.1:9610,10.0.0.2:9610"))
        .rootCause()
        .hasMessageStartingWith(
            "beacon.meta.jdbc-url must name the group's shared database (jdbc:postgresql:,"
                + " jdbc:mariadb:, jdbc:mysql:) because beacon.meta.peers names 2 meta servers");

    MetaServerConfig group =
        Settings.of(
            MetaServerConfig.class,
            "peers",
            "10.0.0.1:9610,10.0.0.2:9610",
            "jdbc-url",
            "jdbc:postgresql://db/beacon");
    assertThat(group.embeddedDatabase()).isFalse();
    assertThat(group.peers()).containsExactly("10.0.0.1:9610", "10.0.0.2:9610");

    MetaServerConfig alone = Settings.of(MetaServerConfig.class, "peers", "10.0.0.1:9610");
    assertThat(alone.embeddedDatabase()).isTrue();
    assertThat(Settings.defaults(MetaServerConfig.class).peers()).isEmpty();
  }

  @Test
  void aPeerMustBeHostAndPort() {
    assertThatThrownBy(() -> Settings.of(MetaServerConfig.class, "peers", "10.0.0.1"))
        .rootCause()
        .hasMessage("beacon.meta.peers entries must be host:port (ports 1..65535), was [10.0.0.1]");
  }

  @Test
  void aSettingThatDoesNotExistIsRefused() {
    assertThatThrownBy(() -> Settings.of(MetaServerConfig.class, "no-such-setting", "1"))
        .rootCause()
        .hasMessageContaining("meta.no-such-setting");
  }

  private static List<String> declaredUnder(Map<String, JsonNode> declared, String prefix) {
    return declared.keySet().stream().filter(name -> name.startsWith(prefix + ".")).toList();
  }

  private static String description(Map<String, JsonNode> declared, String name) {
    return declared.getOrDefault(name, MissingNode.getInstance()).path("description").asText();
  }
}
