package io.beacon.registry.session.app;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.beacon.registry.common.config.UnknownPropertyException;
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

  @Test
  void anEmptyOrMalformedMetaAddressListStopsTheStartNamingTheProperty() {
    assertThatThrownBy(() -> start("--beacon.session.meta-addresses="))
        .rootCause()
        .hasMessage(
            "beacon.session.meta-addresses must name at least one meta server as host:port (its"
                + " Bolt port, e.g. 127.0.0.1:9610), was empty");
    assertThatThrownBy(() -> start("--beacon.session.meta-addresses=10.0.0.1:9610,10.0.0.2"))
        .rootCause()
        .hasMessage(
            "beacon.session.meta-addresses entries must be host:port (ports 1..65535), was"
                + " [10.0.0.1:9610, 10.0.0.2]");
  }

  @Test
  void aMisspelledKeyStopsTheStartNamingTheNearestProperty() {
    assertThatThrownBy(() -> start("--beacon.session.meta-adresses=10.0.0.1:9610"))
        .isInstanceOf(UnknownPropertyException.class)
        .hasMessage(
            "unknown property beacon.session.meta-adresses; did you mean"
                + " beacon.session.meta-addresses? (set in command-line arguments)");
    assertThatThrownBy(
            () ->
                start(
                    "--beacon.session.meta-addresses[0]=10.0.0.1:9610",
                    "--beacon.session.heartbeat-intervall=2s"))
        .isInstanceOf(UnknownPropertyException.class)
        .hasMessageStartingWith(
            "unknown property beacon.session.heartbeat-intervall; did you mean"
                + " beacon.session.heartbeat-interval?");
  }

  private static void start(String... args) {
    new SpringApplicationBuilder(SessionServerApplication.class)
        .web(WebApplicationType.NONE)
        .logStartupInfo(false)
        .run(args)
        .close();
  }
}
