package io.beacon.registry.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SettingChecksTest {

  private final SettingChecks checks = SettingChecks.under("beacon.session");

  @Test
  void validValuesPassThrough() {
    assertThat(checks.port("p", 0)).isZero();
    assertThat(checks.positive("d", Duration.ofMillis(1))).isEqualTo(Duration.ofMillis(1));
    assertThat(checks.notNegative("d", Duration.ZERO)).isEqualTo(Duration.ZERO);
    assertThat(checks.powerOfTwo("n", 256)).isEqualTo(256);
    assertThat(checks.notEmpty("l", List.of("a"))).containsExactly("a");
  }

  @Test
  void aComponentIsNamedByThePropertyItBindsFrom() {
    assertThat(checks.property("renewInterval")).isEqualTo("beacon.session.renew-interval");
    assertThat(checks.property("zone")).isEqualTo("beacon.session.zone");
    assertThat(SettingChecks.under("beacon.session.push-limits").property("framesInFlight"))
        .isEqualTo("beacon.session.push-limits.frames-in-flight");
  }

  @Test
  void invalidValuesNameThePropertyAndTheValue() {
    assertThatThrownBy(() -> checks.positive("renewInterval", Duration.ZERO))
        .hasMessage("beacon.session.renew-interval must be positive, was PT0S");
    assertThatThrownBy(() -> checks.port("clientPort", 70000))
        .hasMessage(
            "beacon.session.client-port must be a port (0..65535, 0 for any free one), was 70000");
    assertThatThrownBy(() -> checks.powerOfTwo("slotCount", 3))
        .hasMessage("beacon.session.slot-count must be a positive power of two, was 3");
    assertThatThrownBy(() -> checks.atLeast("rpcThreads", 0, 1))
        .hasMessage("beacon.session.rpc-threads must be at least 1, was 0");
    assertThatThrownBy(() -> checks.notEmpty("metaAddresses", List.of()))
        .hasMessage("beacon.session.meta-addresses must not be empty");
    assertThatThrownBy(() -> checks.required("dataCenter", null))
        .hasMessage("beacon.session.data-center must be set");
  }
}
