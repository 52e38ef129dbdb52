package io.beacon.registry.session.settings;

import io.beacon.registry.common.config.ConfigChecks;
import io.beacon.registry.common.retry.Backoff;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a session server is configured with. Immutable; {@link #builder()} holds the defaults.
 *
 * @param bindHost the address every port listens on
 * @param advertisedHost the address other servers and clients are told; derived when null
 * @param clientPort Bolt port for SOFARegistry clients (9600)
 * @param internalPort Bolt port data servers call (9602)
 * @param httpPort discovery, health and admin (9603)
 * @param metaAddresses {@code host:port} of the meta servers' internal ports
 * @param dataCenter the data center this session serves; also the push segment
 * @param zone the zone (region) this session is in
 * @param slotCount number of slots; must match meta's
 * @param heartbeatInterval how often the meta lease is renewed
 * @param dataRpcTimeout timeout of calls to data servers
 * @param pushTimeout how long a client may take to acknowledge a push
 * @param retryBackoffMin first delay before retrying a failed write, fetch or push
 * @param retryBackoffMax largest such delay
 * @param maxWriteBatch most writes in one batch to a data leader
 * @param pushRetries attempts of one push while the client's connection lives
 * @param limits validation limits of client registrations
 * @param rpcThreads threads handling client requests
 * @param renewInterval how often each data leader is told this session lives and what it holds
 * @param pushScanInterval how often pushed versions are compared with the leaders' versions
 * @param dataAddressOverrides data server internal address (as in the slot table) to the address to
 *     dial instead, for every call this session makes to data servers (writes, fetches, renews,
 *     version scans); e.g. a proxy in front of the data server. Empty by default
 * @param advertisedInternalPort the internal port this session tells meta and data servers (change
 *     notices and slot syncs come there), e.g. a proxy's; 0 (the default) advertises the bound port
 * @param pushLimits flow control of pushes per client connection: write-buffer watermarks of the
 *     client port and the circuit breaker
 */
public record SessionServerConfig(
    String bindHost,
    String advertisedHost,
    int clientPort,
    int internalPort,
    int httpPort,
    List<String> metaAddresses,
    String dataCenter,
    String zone,
    int slotCount,
    Duration heartbeatInterval,
    Duration dataRpcTimeout,
    Duration pushTimeout,
    Duration retryBackoffMin,
    Duration retryBackoffMax,
    int maxWriteBatch,
    int pushRetries,
    RegistrationLimits limits,
    int rpcThreads,
    Duration renewInterval,
    Duration pushScanInterval,
    Map<String, String> dataAddressOverrides,
    int advertisedInternalPort,
    PushLimits pushLimits) {

  public SessionServerConfig {
    Objects.requireNonNull(bindHost, "bindHost");
    ConfigChecks.port("clientPort", clientPort);
    ConfigChecks.port("internalPort", internalPort);
    ConfigChecks.port("httpPort", httpPort);
    metaAddresses = ConfigChecks.notEmpty("metaAddresses", metaAddresses);
    Objects.requireNonNull(dataCenter, "dataCenter");
    Objects.requireNonNull(zone, "zone");
    ConfigChecks.powerOfTwo("slotCount", slotCount);
    ConfigChecks.positive("heartbeatInterval", heartbeatInterval);
    ConfigChecks.positive("dataRpcTimeout", dataRpcTimeout);
    ConfigChecks.positive("pushTimeout", pushTimeout);
    ConfigChecks.notNegative("retryBackoffMin", retryBackoffMin);
    ConfigChecks.positive("retryBackoffMax", retryBackoffMax);
    ConfigChecks.atLeast("maxWriteBatch", maxWriteBatch, 1);
    ConfigChecks.atLeast("pushRetries", pushRetries, 1);
    Objects.requireNonNull(limits, "limits");
    ConfigChecks.atLeast("rpcThreads", rpcThreads, 1);
    ConfigChecks.positive("renewInterval", renewInterval);
    ConfigChecks.positive("pushScanInterval", pushScanInterval);
    dataAddressOverrides = checkOverrides(dataAddressOverrides);
    ConfigChecks.port("advertisedInternalPort", advertisedInternalPort);
    Objects.requireNonNull(pushLimits, "pushLimits");
  }

  /** The backoff of retried writes, fetches and pushes. */
  public Backoff retryBackoff() {
    return new Backoff(retryBackoffMin, retryBackoffMax);
  }

  /** Where to connect for data server {@code address}: its override, or itself. */
  public String dialAddressOf(String address) {
    return dataAddressOverrides.getOrDefault(address, address);
  }

  /** The internal port other servers are told, given the port the internal server bound. */
  public int advertisedInternalPort(int boundPort) {
    return advertisedInternalPort == 0 ? boundPort : advertisedInternalPort;
  }

  private static Map<String, String> checkOverrides(Map<String, String> overrides) {
    Objects.requireNonNull(overrides, "dataAddressOverrides");
    overrides.forEach(
        (from, to) -> {
          if (!isHostPort(from) || !isHostPort(to)) {
            throw new IllegalArgumentException(
                "dataAddressOverrides: "
                    + from
                    + "="
                    + to
                    + " (expected: host:port=host:port, ports 1..65535)");
          }
        });
    return Map.copyOf(overrides);
  }

  private static boolean isHostPort(String address) {
    if (address == null) {
      return false;
    }
    int colon = address.lastIndexOf(':');
    if (colon <= 0 || colon == address.length() - 1) {
      return false;
    }
    String port = address.substring(colon + 1);
    if (port.length() > 5 || !port.chars().allMatch(Character::isDigit)) {
      return false;
    }
    int value = Integer.parseInt(port);
    return value >= 1 && value <= 65535 && !address.substring(0, colon).isBlank();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link SessionServerConfig}; starts from the defaults. */
  public static final class Builder {
    private String bindHost = "0.0.0.0";
    private String advertisedHost;
    private int clientPort = 9600;
    private int internalPort = 9602;
    private int httpPort = 9603;
    private List<String> metaAddresses = List.of("127.0.0.1:9610");
    private String dataCenter = "DefaultDataCenter";
    private String zone = "DEFAULT_ZONE";
    private int slotCount = 256;
    private Duration heartbeatInterval = Duration.ofSeconds(1);
    private Duration dataRpcTimeout = Duration.ofSeconds(3);
    private Duration pushTimeout = Duration.ofSeconds(2);
    private Duration retryBackoffMin = Duration.ofMillis(50);
    private Duration retryBackoffMax = Duration.ofSeconds(2);
    private int maxWriteBatch = 100;
    private int pushRetries = 5;
    private RegistrationLimits limits = RegistrationLimits.DEFAULTS;
    private int rpcThreads = 4;
    private Duration renewInterval = Duration.ofSeconds(5);
    private Duration pushScanInterval = Duration.ofSeconds(5);
    private Map<String, String> dataAddressOverrides = Map.of();
    private int advertisedInternalPort;
    private PushLimits pushLimits = PushLimits.DEFAULTS;

    public Builder bindHost(String value) {
      bindHost = value;
      return this;
    }

    public Builder advertisedHost(String value) {
      advertisedHost = value;
      return this;
    }

    public Builder clientPort(int value) {
      clientPort = value;
      return this;
    }

    public Builder internalPort(int value) {
      internalPort = value;
      return this;
    }

    public Builder httpPort(int value) {
      httpPort = value;
      return this;
    }

    public Builder metaAddresses(List<String> value) {
      metaAddresses = value;
      return this;
    }

    public Builder dataCenter(String value) {
      dataCenter = value;
      return this;
    }

    public Builder zone(String value) {
      zone = value;
      return this;
    }

    public Builder slotCount(int value) {
      slotCount = value;
      return this;
    }

    public Builder heartbeatInterval(Duration value) {
      heartbeatInterval = value;
      return this;
    }

    public Builder dataRpcTimeout(Duration value) {
      dataRpcTimeout = value;
      return this;
    }

    public Builder pushTimeout(Duration value) {
      pushTimeout = value;
      return this;
    }

    public Builder retryBackoffMin(Duration value) {
      retryBackoffMin = value;
      return this;
    }

    public Builder retryBackoffMax(Duration value) {
      retryBackoffMax = value;
      return this;
    }

    public Builder maxWriteBatch(int value) {
      maxWriteBatch = value;
      return this;
    }

    public Builder pushRetries(int value) {
      pushRetries = value;
      return this;
    }

    public Builder limits(RegistrationLimits value) {
      limits = value;
      return this;
    }

    public Builder rpcThreads(int value) {
      rpcThreads = value;
      return this;
    }

    public Builder renewInterval(Duration value) {
      renewInterval = value;
      return this;
    }

    public Builder pushScanInterval(Duration value) {
      pushScanInterval = value;
      return this;
    }

    public Builder dataAddressOverrides(Map<String, String> value) {
      dataAddressOverrides = value;
      return this;
    }

    public Builder advertisedInternalPort(int value) {
      advertisedInternalPort = value;
      return this;
    }

    public Builder pushLimits(PushLimits value) {
      pushLimits = value;
      return this;
    }

    public SessionServerConfig build() {
      return new SessionServerConfig(
          bindHost,
          advertisedHost,
          clientPort,
          internalPort,
          httpPort,
          metaAddresses,
          dataCenter,
          zone,
          slotCount,
          heartbeatInterval,
          dataRpcTimeout,
          pushTimeout,
          retryBackoffMin,
          retryBackoffMax,
          maxWriteBatch,
          pushRetries,
          limits,
          rpcThreads,
          renewInterval,
          pushScanInterval,
          dataAddressOverrides,
          advertisedInternalPort,
          pushLimits);
    }
  }
}
