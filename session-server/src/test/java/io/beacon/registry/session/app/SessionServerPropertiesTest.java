package io.beacon.registry.session.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.beacon.registry.session.settings.SessionServerConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Binding of {@code beacon.session.*} as Spring binds command-line arguments. */
class SessionServerPropertiesTest {

  @Test
  void overridesWrittenWithBracketsKeepTheirHostAndPortKeys() {
    SessionServerConfig config =
        bind(Map.of(
                "beacon.session.data-address-overrides[127.0.0.1:9620]", "127.0.0.1:19620",
                "beacon.session.data-address-overrides[127.0.0.1:9621]", "127.0.0.1:19621",
                "beacon.session.advertised-internal-port", "19602"))
            .toConfig();

    assertThat(config.dataAddressOverrides())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("127.0.0.1:9620", "127.0.0.1:19620", "127.0.0.1:9621", "127.0.0.1:19621"));
    assertThat(config.advertisedInternalPort()).isEqualTo(19602);
  }

  @Test
  void withoutTheKeysTheDefaultsHold() {
    SessionServerConfig config = bind(Map.of("beacon.session.zone", "z1")).toConfig();

    assertThat(config.dataAddressOverrides()).isEmpty();
    assertThat(config.advertisedInternalPort()).isZero();
  }

  @Test
  void aBadOverrideFailsWithItsEntry() {
    SessionServerProperties properties =
        bind(Map.of("beacon.session.data-address-overrides[127.0.0.1:9620]", "nowhere"));

    assertThatThrownBy(properties::toConfig)
        .hasMessageStartingWith("dataAddressOverrides: 127.0.0.1:9620=nowhere (expected:");
  }

  private static SessionServerProperties bind(Map<String, String> properties) {
    return new Binder(new MapConfigurationPropertySource(properties))
        .bindOrCreate("beacon.session", SessionServerProperties.class);
  }
}
