package io.beacon.registry.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The config's defaults and validation messages, and the small value types of the API. */
class ClientConfigTest {

  @Test
  void defaultsMatchTheReferenceClientWhereItHasOne() {
    ClientConfig config = ClientConfig.builder().sessions("s1").build();

    assertThat(config.sessions()).containsExactly("s1:9600");
    assertThat(config.discovery()).isEmpty();
    assertThat(config.zone()).isEqualTo("DEFAULT_ZONE");
    assertThat(config.dataCenter()).isEqualTo("DefaultDataCenter");
    assertThat(config.appName()).isNull();
    assertThat(config.instanceId()).isEqualTo("DEFAULT_INSTANCE_ID");
    assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.retryInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(config.discoveryRefreshInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.reconnectBackoffMin()).isEqualTo(Duration.ofMillis(100));
    assertThat(config.reconnectBackoffMax()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.listenerExecutor()).isEmpty();
    assertThat(config.emptyPushProtection()).isTrue();
    assertThat(config.emptyPushHold()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.meterRegistry()).isEmpty();
  }

  @Test
  void discoveryEndpointsDefaultToTheSessionHttpPort() {
    ClientConfig config = ClientConfig.builder().discovery("h1", "h2:8080", "[::1]").build();

    assertThat(config.discovery()).containsExactly("h1:9603", "h2:8080", "[::1]:9603");
    assertThat(config.sessions()).isEmpty();
  }

  @Test
  void exactlyOneWayToFindSessionsIsRequired() {
    assertThatThrownBy(() -> ClientConfig.builder().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sessions: [] (expected: at least one host:port, or discovery endpoints)");
    assertThatThrownBy(() -> ClientConfig.builder().sessions("a").discovery("b").build())
        .hasMessage("discovery: [b] (expected: empty when sessions are given)");
  }

  @Test
  void badValuesAreRejectedWithTheNameTheValueAndWhatIsExpected() {
    assertThatThrownBy(() -> ClientConfig.builder().sessions("a:x").build())
        .hasMessage("sessions: a:x (expected: host[:port] with port 1..65535)");
    assertThatThrownBy(() -> ClientConfig.builder().sessions("a:70000").build())
        .hasMessage("sessions: a:70000 (expected: host[:port] with port 1..65535)");
    assertThatThrownBy(() -> ClientConfig.builder().discovery("::1").build())
        .hasMessage("discovery: ::1 (expected: host[:port] with port 1..65535)");
    assertThatThrownBy(() -> ClientConfig.builder().sessions("a").zone(" ").build())
        .hasMessage("zone:   (expected: non-blank)");
    assertThatThrownBy(
            () -> ClientConfig.builder().sessions("a").requestTimeout(Duration.ZERO).build())
        .hasMessage("requestTimeout: PT0S (expected: >= 1 ms, <= 1 day)");
    assertThatThrownBy(
            () ->
                ClientConfig.builder()
                    .sessions("a")
                    .reconnectBackoff(Duration.ofSeconds(5), Duration.ofSeconds(1))
                    .build())
        .hasMessage("reconnectBackoff: PT5S..PT1S (expected: min <= max)");
    assertThatThrownBy(
            () ->
                ClientConfig.builder().sessions("a").emptyPushHold(Duration.ofSeconds(-1)).build())
        .hasMessage("emptyPushHold: PT-1S (expected: >= 0, <= 1 day)");
  }

  /**
   * Validation holes: durations under 1 ms passed as positive and then ran as 0 ms (a busy loop); a
   * discovery refresh of a few milliseconds hammered the discovery endpoint; a huge duration passed
   * and later threw from {@code toMillis()} or overflowed a deadline on the worker; a null
   * emptyPushHold threw a NullPointerException instead of the usual message.
   */
  @Test
  void durationsMustBeWholeMillisecondsUpToADayAndDiscoveryRefreshAtLeastASecond() {
    assertThatThrownBy(() -> base().connectTimeout(Duration.ofNanos(999_999)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("connectTimeout: PT0.000999999S (expected: >= 1 ms, <= 1 day)");
    assertThatThrownBy(() -> base().retryInterval(Duration.ofNanos(1)).build())
        .hasMessage("retryInterval: PT0.000000001S (expected: >= 1 ms, <= 1 day)");
    assertThatThrownBy(() -> base().requestTimeout(Duration.ofSeconds(Long.MAX_VALUE)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("requestTimeout: ");
    assertThatThrownBy(() -> base().discoveryRefreshInterval(Duration.ofMillis(999)).build())
        .hasMessage("discoveryRefreshInterval: PT0.999S (expected: >= 1 s, <= 1 day)");
    assertThatThrownBy(
            () -> base().reconnectBackoff(Duration.ofDays(2), Duration.ofDays(3)).build())
        .hasMessage("reconnectBackoff.min: PT48H (expected: >= 1 ms, <= 1 day)");
    assertThatThrownBy(() -> base().reconnectBackoff(null, Duration.ofSeconds(1)).build())
        .hasMessage("reconnectBackoff.min: null (expected: >= 1 ms, <= 1 day)");
    assertThatThrownBy(() -> base().emptyPushHold(null).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("emptyPushHold: null (expected: >= 0, <= 1 day)");
    assertThatThrownBy(() -> base().emptyPushHold(Duration.ofDays(2)).build())
        .hasMessage("emptyPushHold: PT48H (expected: >= 0, <= 1 day)");

    ClientConfig edges =
        base()
            .connectTimeout(Duration.ofMillis(1))
            .requestTimeout(Duration.ofDays(1))
            .discoveryRefreshInterval(Duration.ofSeconds(1))
            .reconnectBackoff(Duration.ofMillis(1), Duration.ofDays(1))
            .emptyPushHold(Duration.ZERO)
            .build();
    assertThat(edges.connectTimeout()).isEqualTo(Duration.ofMillis(1));
    assertThat(edges.reconnectBackoffMax()).isEqualTo(Duration.ofDays(1));
    assertThat(edges.emptyPushHold()).isZero();
  }

  private static ClientConfig.Builder base() {
    return ClientConfig.builder().sessions("a");
  }

  @Test
  void scopesUseTheReferenceWireNames() {
    assertThat(Scope.ZONE.wireName()).isEqualTo("zone");
    assertThat(Scope.DATA_CENTER.wireName()).isEqualTo("dataCenter");
    assertThat(Scope.GLOBAL.wireName()).isEqualTo("global");
  }

  @Test
  void aSnapshotIsAnImmutableCopyWithValuesOfEveryZone() {
    java.util.HashMap<String, List<String>> zones = new java.util.HashMap<>();
    zones.put("Z2", new java.util.ArrayList<>(List.of("c")));
    zones.put("Z1", List.of("a", "b"));
    Snapshot snapshot = new Snapshot("svc", "G", zones, 3, "Z1");
    zones.get("Z2").add("d");

    assertThat(snapshot.values()).containsExactly("a", "b", "c");
    assertThat(snapshot.isEmpty()).isFalse();
    assertThatThrownBy(() -> snapshot.zoneData().put("Z3", List.of()))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(new Snapshot("svc", "G", Map.of("Z1", List.of()), 4, "Z1").isEmpty()).isTrue();
  }
}
