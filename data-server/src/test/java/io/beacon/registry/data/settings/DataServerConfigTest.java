package io.beacon.registry.data.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.beacon.registry.common.config.PropertyCatalog;
import io.beacon.registry.testing.Settings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code beacon.data.*} bound as Spring binds command-line arguments, and described in the jar. */
class DataServerConfigTest {

  @Test
  void everySettingIsDescribedInTheJarsConfigurationMetadata() {
    Map<String, JsonNode> declared = Settings.declaredMetadata();

    // The record, the jar's metadata (and so docs/configuration.md) and the unknown-key check
    // name the same properties.
    assertThat(Settings.propertyNames(DataServerConfig.class))
        .containsExactlyInAnyOrderElementsOf(declaredUnder(declared, DataServerConfig.PREFIX))
        .containsExactlyInAnyOrderElementsOf(
            PropertyCatalog.of(Map.of(DataServerConfig.PREFIX, DataServerConfig.class))
                .properties()
                .stream()
                .map(PropertyCatalog.Property::name)
                .toList())
        .allSatisfy(name -> assertThat(description(declared, name)).as(name).isNotBlank());
    assertThat(declared.get("beacon.data.session-lease").path("defaultValue").asText())
        .isEqualTo("30s");
    assertThat(declared.get("beacon.data.leave-timeout").path("defaultValue").asText())
        .isEqualTo("60s");
  }

  @Test
  void aSettingThatDoesNotExistIsRefused() {
    assertThatThrownBy(() -> Settings.of(DataServerConfig.class, "no-such-setting", "1"))
        .rootCause()
        .hasMessageContaining("data.no-such-setting");
  }

  private static List<String> declaredUnder(Map<String, JsonNode> declared, String prefix) {
    return declared.keySet().stream().filter(name -> name.startsWith(prefix + ".")).toList();
  }

  private static String description(Map<String, JsonNode> declared, String name) {
    return declared.getOrDefault(name, MissingNode.getInstance()).path("description").asText();
  }
}
