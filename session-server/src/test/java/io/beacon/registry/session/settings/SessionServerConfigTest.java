package io.beacon.registry.session.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The link settings of {@link SessionServerConfig}: data address overrides, advertised port. */
class SessionServerConfigTest {

  @Test
  void byDefaultDataServersAreDialedAtTheirOwnAddressAndTheBoundPortIsAdvertised() {
    SessionServerConfig config = SessionServerConfig.builder().build();

    assertThat(config.dataAddressOverrides()).isEmpty();
    assertThat(config.dialAddressOf("127.0.0.1:9620")).isEqualTo("127.0.0.1:9620");
    assertThat(config.advertisedInternalPort()).isZero();
    assertThat(config.advertisedInternalPort(41234)).isEqualTo(41234);
  }

  @Test
  void anOverriddenDataServerIsDialedAtItsOverrideAndOthersAreNot() {
    SessionServerConfig config =
        SessionServerConfig.builder()
            .dataAddressOverrides(Map.of("127.0.0.1:9620", "127.0.0.1:19620"))
            .advertisedInternalPort(19602)
            .build();

    assertThat(config.dialAddressOf("127.0.0.1:9620")).isEqualTo("127.0.0.1:19620");
    assertThat(config.dialAddressOf("127.0.0.1:9621")).isEqualTo("127.0.0.1:9621");
    assertThat(config.advertisedInternalPort(41234)).isEqualTo(19602);
  }

  @Test
  void anOverrideThatIsNotHostAndPortOnBothSidesIsRefusedWithTheEntry() {
    for (Map<String, String> bad :
        java.util.List.of(
            Map.of("127.0.0.1", "127.0.0.1:19620"),
            Map.of("127.0.0.1:9620", "127.0.0.1:0"),
            Map.of("127.0.0.1:9620", ":19620"),
            Map.of("127.0.0.1:x", "127.0.0.1:19620"),
            Map.of("127.0.0.1:9620", "127.0.0.1:70000"))) {
      assertThatThrownBy(() -> SessionServerConfig.builder().dataAddressOverrides(bad).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("dataAddressOverrides: " + bad.keySet().iterator().next() + "=")
          .hasMessageContaining("(expected: host:port=host:port, ports 1..65535)");
    }
  }

  @Test
  void anAdvertisedInternalPortOutOfRangeIsRefused() {
    assertThatThrownBy(() -> SessionServerConfig.builder().advertisedInternalPort(-1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("advertisedInternalPort: -1 (expected: 0..65535)");
    assertThatThrownBy(() -> SessionServerConfig.builder().advertisedInternalPort(65536).build())
        .hasMessage("advertisedInternalPort: 65536 (expected: 0..65535)");
  }

  @Test
  void theOverridesAreCopied() {
    java.util.HashMap<String, String> overrides = new java.util.HashMap<>();
    overrides.put("127.0.0.1:9620", "127.0.0.1:19620");
    SessionServerConfig config =
        SessionServerConfig.builder().dataAddressOverrides(overrides).build();

    overrides.clear();

    assertThat(config.dialAddressOf("127.0.0.1:9620")).isEqualTo("127.0.0.1:19620");
  }
}
