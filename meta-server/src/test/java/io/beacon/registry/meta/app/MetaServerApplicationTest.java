package io.beacon.registry.meta.app;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** A wrong `beacon.meta.*` value stops the start, before any port is bound, naming the property. */
class MetaServerApplicationTest {

  @Test
  void aWrongValueStopsTheStartWithAnErrorNamingTheProperty() {
    assertThatThrownBy(() -> start("--beacon.meta.leader-lease=1s"))
        .rootCause()
        .hasMessage(
            "beacon.meta.leader-lease must be more than twice leader-renew-interval (PT1S), was PT1S");
    assertThatThrownBy(() -> start("--beacon.meta.jdbc-url=postgres://db"))
        .rootCause()
        .hasMessage("beacon.meta.jdbc-url must be a jdbc: URL, was postgres://db");
  }

  private static void start(String... args) {
    new SpringApplicationBuilder(MetaServerApplication.class)
        .web(WebApplicationType.NONE)
        .logStartupInfo(false)
        .run(args)
        .close();
  }
}
