package io.beacon.registry.data.app;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** A wrong `beacon.data.*` value stops the start, before any port is bound, naming the property. */
class DataServerApplicationTest {

  @Test
  void aWrongValueStopsTheStartWithAnErrorNamingTheProperty() {
    assertThatThrownBy(() -> start("--beacon.data.session-lease=-1s"))
        .rootCause()
        .hasMessage("beacon.data.session-lease must be positive, was PT-1S");
    assertThatThrownBy(() -> start("--beacon.data.slot-count=100"))
        .rootCause()
        .hasMessage("beacon.data.slot-count must be a positive power of two, was 100");
  }

  private static void start(String... args) {
    new SpringApplicationBuilder(DataServerApplication.class)
        .web(WebApplicationType.NONE)
        .logStartupInfo(false)
        .run(args)
        .close();
  }
}
