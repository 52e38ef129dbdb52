package io.beacon.registry.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigChecksTest {

  @Test
  void validValuesPassThrough() {
    assertThat(ConfigChecks.port("p", 0)).isZero();
    assertThat(ConfigChecks.positive("d", Duration.ofMillis(1))).isEqualTo(Duration.ofMillis(1));
    assertThat(ConfigChecks.notNegative("d", Duration.ZERO)).isEqualTo(Duration.ZERO);
    assertThat(ConfigChecks.powerOfTwo("n", 256)).isEqualTo(256);
    assertThat(ConfigChecks.notEmpty("l", List.of("a"))).containsExactly("a");
  }

  @Test
  void invalidValuesNameTheFieldAndTheExpectation() {
    assertThatThrownBy(() -> ConfigChecks.port("rpcPort", 70000))
        .hasMessage("rpcPort: 70000 (expected: 0..65535)");
    assertThatThrownBy(() -> ConfigChecks.positive("lease", Duration.ZERO))
        .hasMessage("lease: PT0S (expected: > 0)");
    assertThatThrownBy(() -> ConfigChecks.powerOfTwo("slotCount", 3))
        .hasMessage("slotCount: 3 (expected: a positive power of two)");
    assertThatThrownBy(() -> ConfigChecks.atLeast("threads", 0, 1))
        .hasMessage("threads: 0 (expected: >= 1)");
    assertThatThrownBy(() -> ConfigChecks.notEmpty("metaAddresses", List.of()))
        .hasMessage("metaAddresses: [] (expected: at least one)");
  }
}
