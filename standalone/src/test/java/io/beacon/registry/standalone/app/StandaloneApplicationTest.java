package io.beacon.registry.standalone.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.beacon.registry.common.config.UnknownPropertyException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The standalone server binds all three prefixes: the keys of every role are known, a key of none
 * stops the start (before any port is bound) naming the nearest one.
 */
class StandaloneApplicationTest {

  @Test
  void keysOfEveryRoleAreKnownAndAKeyOfNoRoleStopsTheStart() {
    assertThatThrownBy(
            () ->
                new SpringApplicationBuilder(StandaloneApplication.class)
                    .web(WebApplicationType.NONE)
                    .logStartupInfo(false)
                    .run(
                        "--beacon.meta.node-lease=12s",
                        "--beacon.data.session-lease=40s",
                        "--beacon.session.push-limits.frames-in-flight=3",
                        "--beacon.session.data-address-overrides[127.0.0.1:9620]=127.0.0.1:19620",
                        "--beacon.sesion.client-port=9600")
                    .close())
        .isInstanceOf(UnknownPropertyException.class)
        .satisfies(
            e ->
                assertThat(((UnknownPropertyException) e).problems())
                    .containsExactly(
                        "unknown property beacon.sesion.client-port; did you mean"
                            + " beacon.session.client-port? (set in command-line arguments;"
                            + " beacon.sesion is no role of Beacon (meta, data, session))"));
  }
}
