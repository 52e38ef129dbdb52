package io.beacon.registry.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BenchmarkOptionsTest {

  @Test
  void registrationConnectionsReplaceTheScalesWhicheverComesFirst() {
    BenchmarkOptions options =
        BenchmarkOptions.parse("--registration-connections=100", "--scale=full");

    assertThat(options.scale().regConnections()).isEqualTo(100);
    assertThat(options.scale().name()).isEqualTo("full");
    assertThat(options.scale().regPublishers()).isEqualTo(Scale.FULL.regPublishers());
    assertThat(options.scale().memoryConnections()).isEqualTo(Scale.FULL.memoryConnections());
  }

  @Test
  void registrationConnectionsMustBePositive() {
    assertThatThrownBy(() -> BenchmarkOptions.parse("--registration-connections=0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive");
    assertThatThrownBy(() -> BenchmarkOptions.parse("--registration-connections=many"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
