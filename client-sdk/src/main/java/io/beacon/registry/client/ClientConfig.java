package io.beacon.registry.client;

import static io.beacon.registry.client.ConfigChecks.addresses;
import static io.beacon.registry.client.ConfigChecks.duration;
import static io.beacon.registry.client.ConfigChecks.notBlank;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * How a {@link RegistryClient} finds session servers and behaves. Immutable; built by {@link
 * #builder()}, which validates every value ({@link ConfigChecks}): durations are whole milliseconds
 * from 1 ms (0 for {@code emptyPushHold}) to one day, {@code discoveryRefreshInterval} at least a
 * second.
 *
 * <p>The meter registry is kept as an {@code Object} so this class loads without Micrometer on the
 * classpath (Micrometer is an optional dependency).
 */
public final class ClientConfig {

  /** Default client (Bolt) port of a session server. */
  public static final int DEFAULT_SESSION_PORT = 9600;

  /** Default HTTP port of a session server, which serves discovery. */
  public static final int DEFAULT_DISCOVERY_PORT = 9603;

  private final List<String> sessions;
  private final List<String> discovery;
  private final String zone;
  private final String dataCenter;
  private final String appName;
  private final String instanceId;
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final Duration retryInterval;
  private final Duration discoveryRefreshInterval;
  private final Duration reconnectBackoffMin;
  private final Duration reconnectBackoffMax;
  private final Executor listenerExecutor;
  private final boolean emptyPushProtection;
  private final Duration emptyPushHold;
  private final Object meterRegistry;

  private ClientConfig(Builder b) {
    if (b.sessions.isEmpty() == b.discovery.isEmpty()) {
      throw new IllegalArgumentException(
          b.sessions.isEmpty()
              ? "sessions: [] (expected: at least one host:port, or discovery endpoints)"
              : "discovery: " + b.discovery + " (expected: empty when sessions are given)");
    }
    this.sessions = addresses("sessions", b.sessions, DEFAULT_SESSION_PORT);
    this.discovery = addresses("discovery", b.discovery, DEFAULT_DISCOVERY_PORT);
    this.zone = notBlank("zone", b.zone);
    this.dataCenter = notBlank("dataCenter", b.dataCenter);
    this.appName = b.appName;
    this.instanceId = notBlank("instanceId", b.instanceId);
    this.connectTimeout = duration("connectTimeout", b.connectTimeout);
    this.requestTimeout = duration("requestTimeout", b.requestTimeout);
    this.retryInterval = duration("retryInterval", b.retryInterval);
    this.discoveryRefreshInterval =
        ConfigChecks.between(
            "discoveryRefreshInterval",
            b.discoveryRefreshInterval,
            ConfigChecks.MIN_DISCOVERY_REFRESH,
            "1 s");
    this.reconnectBackoffMin = duration("reconnectBackoff.min", b.reconnectBackoffMin);
    this.reconnectBackoffMax = duration("reconnectBackoff.max", b.reconnectBackoffMax);
    if (reconnectBackoffMax.compareTo(reconnectBackoffMin) < 0) {
      throw new IllegalArgumentException(
          "reconnectBackoff: "
              + reconnectBackoffMin
              + ".."
              + reconnectBackoffMax
              + " (expected: min <= max)");
    }
    this.listenerExecutor = b.listenerExecutor;
    this.emptyPushProtection = b.emptyPushProtection;
    this.emptyPushHold = ConfigChecks.notNegative("emptyPushHold", b.emptyPushHold);
    this.meterRegistry = b.meterRegistry;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Session client addresses ({@code host:port}) to connect to; empty when discovery is used. */
  public List<String> sessions() {
    return sessions;
  }

  /** Session HTTP endpoints ({@code host:port}) asked for sessions; empty when fixed. */
  public List<String> discovery() {
    return discovery;
  }

  public String zone() {
    return zone;
  }

  public String dataCenter() {
    return dataCenter;
  }

  /** May be null. */
  public String appName() {
    return appName;
  }

  public String instanceId() {
    return instanceId;
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  public Duration requestTimeout() {
    return requestTimeout;
  }

  /**
   * How often unacknowledged registrations are rechecked: a request left without any answer for
   * {@code requestTimeout + retryInterval} is taken as failed and sent again.
   */
  public Duration retryInterval() {
    return retryInterval;
  }

  public Duration discoveryRefreshInterval() {
    return discoveryRefreshInterval;
  }

  public Duration reconnectBackoffMin() {
    return reconnectBackoffMin;
  }

  public Duration reconnectBackoffMax() {
    return reconnectBackoffMax;
  }

  /** The executor listeners run on; empty means the client owns a bounded pool of its own. */
  public Optional<Executor> listenerExecutor() {
    return Optional.ofNullable(listenerExecutor);
  }

  public boolean emptyPushProtection() {
    return emptyPushProtection;
  }

  public Duration emptyPushHold() {
    return emptyPushHold;
  }

  /** The Micrometer {@code MeterRegistry} given to the builder, typed loosely (see above). */
  public Optional<Object> meterRegistry() {
    return Optional.ofNullable(meterRegistry);
  }

  /** Collects the settings; {@link #build()} validates them. Not thread-safe. */
  public static final class Builder {

    private List<String> sessions = List.of();
    private List<String> discovery = List.of();
    private String zone = "DEFAULT_ZONE";
    private String dataCenter = "DefaultDataCenter";
    private String appName;
    private String instanceId = "DEFAULT_INSTANCE_ID";
    private Duration connectTimeout = Duration.ofSeconds(3);
    private Duration requestTimeout = Duration.ofSeconds(1);
    private Duration retryInterval = Duration.ofMillis(500);
    private Duration discoveryRefreshInterval = Duration.ofSeconds(30);
    private Duration reconnectBackoffMin = Duration.ofMillis(100);
    private Duration reconnectBackoffMax = Duration.ofSeconds(5);
    private Executor listenerExecutor;
    private boolean emptyPushProtection = true;
    private Duration emptyPushHold = Duration.ofSeconds(5);
    private Object meterRegistry;

    private Builder() {}

    /** Session client ports ({@code host[:port]}, default port 9600) to connect to directly. */
    public Builder sessions(String... hostPorts) {
      this.sessions = copy(hostPorts);
      return this;
    }

    /**
     * Session HTTP endpoints ({@code host[:port]}, default port 9603) that answer {@code GET
     * /api/servers/query}; tried in order.
     */
    public Builder discovery(String... hostPorts) {
      this.discovery = copy(hostPorts);
      return this;
    }

    public Builder zone(String zone) {
      this.zone = zone;
      return this;
    }

    public Builder dataCenter(String dataCenter) {
      this.dataCenter = dataCenter;
      return this;
    }

    public Builder appName(String appName) {
      this.appName = appName;
      return this;
    }

    public Builder instanceId(String instanceId) {
      this.instanceId = instanceId;
      return this;
    }

    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
      return this;
    }

    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = requestTimeout;
      return this;
    }

    public Builder retryInterval(Duration retryInterval) {
      this.retryInterval = retryInterval;
      return this;
    }

    public Builder discoveryRefreshInterval(Duration discoveryRefreshInterval) {
      this.discoveryRefreshInterval = discoveryRefreshInterval;
      return this;
    }

    /** Delay between failed connection attempts: full jitter, growing from min to max. */
    public Builder reconnectBackoff(Duration min, Duration max) {
      this.reconnectBackoffMin = min;
      this.reconnectBackoffMax = max;
      return this;
    }

    /**
     * Runs listeners; the caller keeps ownership ({@code close()} does not shut it down).
     *
     * <p>The executor must run tasks on threads of its own, never on the calling thread: a direct
     * or caller-runs executor would run listeners on the client's worker and stall it. It should
     * either run every task it accepts or refuse it by throwing {@link
     * java.util.concurrent.RejectedExecutionException}; a refused delivery is retried on the next
     * tick. A task that silently disappears (a discarding policy) delays its delivery: it is
     * submitted again once it has not started for a second.
     */
    public Builder listenerExecutor(Executor listenerExecutor) {
      this.listenerExecutor = Objects.requireNonNull(listenerExecutor, "listenerExecutor");
      return this;
    }

    /** Holds back a push that would empty a subscription during a reconnect (default on). */
    public Builder emptyPushProtection(boolean emptyPushProtection) {
      this.emptyPushProtection = emptyPushProtection;
      return this;
    }

    /** How long after re-registration an empty push is still held back (default 5 s). */
    public Builder emptyPushHold(Duration emptyPushHold) {
      this.emptyPushHold = emptyPushHold;
      return this;
    }

    /**
     * Registers the client's meters ({@code beacon.client.*}) in {@code meterRegistry}. Without
     * this call Micrometer need not be on the classpath; only reflection over all of this class's
     * methods ({@code Class.getMethods()}) would then fail, on this method's signature.
     */
    public Builder meterRegistry(MeterRegistry meterRegistry) {
      this.meterRegistry = Objects.requireNonNull(meterRegistry, "meterRegistry");
      return this;
    }

    public ClientConfig build() {
      return new ClientConfig(this);
    }

    private static List<String> copy(String... values) {
      Objects.requireNonNull(values, "hostPorts");
      List<String> copy = new ArrayList<>(values.length);
      for (String value : values) {
        copy.add(value == null ? "" : value);
      }
      return copy;
    }
  }
}
