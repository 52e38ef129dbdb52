package io.beacon.registry.session.app;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * A wrong `beacon.session.*` value stops the start, before any port is bound, naming the property.
 */
class SessionServerApplicationTest {

  @Test
  void aWrongValueStopsTheStartWithAnErrorNamingTheProperty() {
    assertThatThrownBy(() -> start("--beacon.session.renew-interval=0s"))
        .rootCause()
        .hasMessage("beacon.session.renew-interval must be positive, was PT0S");
    assertThatThrownBy(() -> start("--beacon.session.client-port=70000"))
        .rootCause()
        .hasMessage(
            "beacon.session.client-port must be a port (0..65535, 0 for any free one), was 70000");
  }

  private static void start(String... args) {
    new SpringApplicationBuilder(SessionServerApplication.class)
        .web(WebApplicationType.NONE)
        .logStartupInfo(false)
        .run(args)
        .close();
  }
}
