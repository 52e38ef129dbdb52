package io.beacon.registry.data.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.beacon.registry.testing.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code beacon.data.*} bound as Spring binds command-line arguments, and described in the jar. */
class DataServerConfigTest {

  @Test
  void everySettingIsDescribedInTheJarsConfigurationMetadata() {
    Map<String, JsonNode> declared = Settings.declaredMetadata();

    assertThat(Settings.propertyNames(DataServerConfig.class))
        .hasSize(19)
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

  private static String description(Map<String, JsonNode> declared, String name) {
    return declared.getOrDefault(name, MissingNode.getInstance()).path("description").asText();
  }
}
