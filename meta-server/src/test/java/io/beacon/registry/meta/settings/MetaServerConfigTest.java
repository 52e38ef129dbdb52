package io.beacon.registry.meta.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.beacon.registry.testing.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code beacon.meta.*} bound as Spring binds command-line arguments, and described in the jar. */
class MetaServerConfigTest {

  @Test
  void everySettingIsDescribedInTheJarsConfigurationMetadata() {
    Map<String, JsonNode> declared = Settings.declaredMetadata();

    assertThat(Settings.propertyNames(MetaServerConfig.class))
        .hasSize(20)
        .allSatisfy(name -> assertThat(description(declared, name)).as(name).isNotBlank());
    assertThat(declared.get("beacon.meta.node-lease").path("defaultValue").asText())
        .isEqualTo("20s");
  }

  @Test
  void aSettingThatDoesNotExistIsRefused() {
    assertThatThrownBy(() -> Settings.of(MetaServerConfig.class, "no-such-setting", "1"))
        .rootCause()
        .hasMessageContaining("meta.no-such-setting");
  }

  private static String description(Map<String, JsonNode> declared, String name) {
    return declared.getOrDefault(name, MissingNode.getInstance()).path("description").asText();
  }
}
