package io.beacon.registry.data.app;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.beacon.registry.common.config.UnknownPropertyException;
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

  @Test
  void anEmptyOrMalformedMetaAddressListStopsTheStartNamingTheProperty() {
    assertThatThrownBy(() -> start("--beacon.data.meta-addresses="))
        .rootCause()
        .hasMessage(
            "beacon.data.meta-addresses must name at least one meta server as host:port (its"
                + " Bolt port, e.g. 127.0.0.1:9610), was empty");
    assertThatThrownBy(() -> start("--beacon.data.meta-addresses=10.0.0.1:9610,10.0.0.2"))
        .rootCause()
        .hasMessage(
            "beacon.data.meta-addresses entries must be host:port (ports 1..65535), was"
                + " [10.0.0.1:9610, 10.0.0.2]");
  }

  @Test
  void aMisspelledKeyStopsTheStartNamingTheNearestProperty() {
    assertThatThrownBy(() -> start("--beacon.data.meta-adresses=10.0.0.1:9610"))
        .isInstanceOf(UnknownPropertyException.class)
        .hasMessage(
            "unknown property beacon.data.meta-adresses; did you mean"
                + " beacon.data.meta-addresses? (set in command-line arguments)");
    assertThatThrownBy(
            () ->
                start(
                    "--beacon.data.meta-addresses[0]=10.0.0.1:9610",
                    "--beacon.data.heartbeat-intervall=2s"))
        .isInstanceOf(UnknownPropertyException.class)
        .hasMessageStartingWith(
            "unknown property beacon.data.heartbeat-intervall; did you mean"
                + " beacon.data.heartbeat-interval?");
  }

  private static void start(String... args) {
    new SpringApplicationBuilder(DataServerApplication.class)
        .web(WebApplicationType.NONE)
        .logStartupInfo(false)
        .run(args)
        .close();
  }
}
