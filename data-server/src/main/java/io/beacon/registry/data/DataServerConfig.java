package io.beacon.registry.data;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything a {@link DataServer} is configured with. Immutable; build one with {@link #builder()},
 * which holds the defaults.
 *
 * @param bindHost the address the RPC and HTTP ports listen on
 * @param advertisedHost the host other servers reach this one at; null picks one (see {@link
 *     io.beacon.registry.common.http.NetworkAddresses#advertised})
 * @param rpcPort the internal Bolt port sessions call, 0 for a free one
 * @param httpPort the admin HTTP port, 0 for a free one
 * @param metaAddresses {@code host:port} of the meta servers' Bolt ports
 * @param dataCenter the data center this server belongs to
 * @param zone the zone this server belongs to
 * @param slotCount the number of slots, a power of two equal on every node
 * @param heartbeatInterval how often the meta lease is renewed
 * @param rpcTimeout the timeout of calls this server makes (change notices)
 * @param notifyRetryBackoff the delay before a failed change notice is sent again
 * @param tombstoneRetention how long a removal keeps blocking older writes of its registerId
 * @param rpcThreads the threads that run RPC handlers
 */
public record DataServerConfig(
    String bindHost,
    String advertisedHost,
    int rpcPort,
    int httpPort,
    List<String> metaAddresses,
    String dataCenter,
    String zone,
    int slotCount,
    Duration heartbeatInterval,
    Duration rpcTimeout,
    Duration notifyRetryBackoff,
    Duration tombstoneRetention,
    int rpcThreads) {

  public DataServerConfig {
    Objects.requireNonNull(bindHost, "bindHost");
    checkPort("rpcPort", rpcPort);
    checkPort("httpPort", httpPort);
    metaAddresses = List.copyOf(Objects.requireNonNull(metaAddresses, "metaAddresses"));
    if (metaAddresses.isEmpty()) {
      throw new IllegalArgumentException("metaAddresses: [] (expected: at least one host:port)");
    }
    Objects.requireNonNull(dataCenter, "dataCenter");
    Objects.requireNonNull(zone, "zone");
    if (slotCount <= 0 || Integer.bitCount(slotCount) != 1) {
      throw new IllegalArgumentException(
          "slotCount: " + slotCount + " (expected: a positive power of two)");
    }
    checkPositive("heartbeatInterval", heartbeatInterval);
    checkPositive("rpcTimeout", rpcTimeout);
    checkPositive("notifyRetryBackoff", notifyRetryBackoff);
    checkPositive("tombstoneRetention", tombstoneRetention);
    if (rpcThreads <= 0) {
      throw new IllegalArgumentException("rpcThreads: " + rpcThreads + " (expected: > 0)");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  private static void checkPort(String name, int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(name + ": " + port + " (expected: 0..65535)");
    }
  }

  private static void checkPositive(String name, Duration duration) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + ": " + duration + " (expected: > 0)");
    }
  }

  /** Collects the fields of a {@link DataServerConfig}, starting from the defaults. */
  public static final class Builder {

    private String bindHost = "0.0.0.0";
    private String advertisedHost;
    private int rpcPort = 9620;
    private int httpPort = 9622;
    private List<String> metaAddresses = List.of("127.0.0.1:9610");
    private String dataCenter = "DefaultDataCenter";
    private String zone = "DEFAULT_ZONE";
    private int slotCount = 256;
    private Duration heartbeatInterval = Duration.ofSeconds(1);
    private Duration rpcTimeout = Duration.ofSeconds(3);
    private Duration notifyRetryBackoff = Duration.ofMillis(500);
    private Duration tombstoneRetention = Duration.ofSeconds(180);
    private int rpcThreads = 4;

    private Builder() {}

    public Builder bindHost(String bindHost) {
      this.bindHost = bindHost;
      return this;
    }

    public Builder advertisedHost(String advertisedHost) {
      this.advertisedHost = advertisedHost;
      return this;
    }

    public Builder rpcPort(int rpcPort) {
      this.rpcPort = rpcPort;
      return this;
    }

    public Builder httpPort(int httpPort) {
      this.httpPort = httpPort;
      return this;
    }

    public Builder metaAddresses(List<String> metaAddresses) {
      this.metaAddresses = metaAddresses;
      return this;
    }

    public Builder dataCenter(String dataCenter) {
      this.dataCenter = dataCenter;
      return this;
    }

    public Builder zone(String zone) {
      this.zone = zone;
      return this;
    }

    public Builder slotCount(int slotCount) {
      this.slotCount = slotCount;
      return this;
    }

    public Builder heartbeatInterval(Duration heartbeatInterval) {
      this.heartbeatInterval = heartbeatInterval;
      return this;
    }

    public Builder rpcTimeout(Duration rpcTimeout) {
      this.rpcTimeout = rpcTimeout;
      return this;
    }

    public Builder notifyRetryBackoff(Duration notifyRetryBackoff) {
      this.notifyRetryBackoff = notifyRetryBackoff;
      return this;
    }

    public Builder tombstoneRetention(Duration tombstoneRetention) {
      this.tombstoneRetention = tombstoneRetention;
      return this;
    }

    public Builder rpcThreads(int rpcThreads) {
      this.rpcThreads = rpcThreads;
      return this;
    }

    public DataServerConfig build() {
      return new DataServerConfig(
          bindHost,
          advertisedHost,
          rpcPort,
          httpPort,
          metaAddresses,
          dataCenter,
          zone,
          slotCount,
          heartbeatInterval,
          rpcTimeout,
          notifyRetryBackoff,
          tombstoneRetention,
          rpcThreads);
    }
  }
}
