package io.beacon.registry.data;

import io.beacon.registry.common.config.ConfigChecks;
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
 * @param rpcTimeout the timeout of calls this server makes (change notices, sync rounds)
 * @param notifyRetryBackoff the delay before a failed change notice is sent again
 * @param tombstoneRetention how long a removal keeps blocking older writes of its registerId
 * @param rpcThreads the threads that run RPC handlers
 * @param sessionLease how long a session process that neither renews nor is listed by meta keeps
 *     its publishers here
 * @param renewSyncMaxPublishers the most publishers (puts plus removals) one round of a renew sync
 *     transfers; also the most a leader answers a follower in one round
 * @param followerSyncInterval how often a follower runs a pass per followed slot against its leader
 * @param migrationDeadline how long a slot this node starts to lead waits for every session to sync
 *     it before it is served anyway (reads are refused as MIGRATING until then)
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
    int rpcThreads,
    Duration sessionLease,
    int renewSyncMaxPublishers,
    Duration followerSyncInterval,
    Duration migrationDeadline) {

  public DataServerConfig {
    Objects.requireNonNull(bindHost, "bindHost");
    ConfigChecks.port("rpcPort", rpcPort);
    ConfigChecks.port("httpPort", httpPort);
    metaAddresses = ConfigChecks.notEmpty("metaAddresses", metaAddresses);
    Objects.requireNonNull(dataCenter, "dataCenter");
    Objects.requireNonNull(zone, "zone");
    ConfigChecks.powerOfTwo("slotCount", slotCount);
    ConfigChecks.positive("heartbeatInterval", heartbeatInterval);
    ConfigChecks.positive("rpcTimeout", rpcTimeout);
    ConfigChecks.positive("notifyRetryBackoff", notifyRetryBackoff);
    ConfigChecks.positive("tombstoneRetention", tombstoneRetention);
    ConfigChecks.atLeast("rpcThreads", rpcThreads, 1);
    ConfigChecks.positive("sessionLease", sessionLease);
    ConfigChecks.atLeast("renewSyncMaxPublishers", renewSyncMaxPublishers, 1);
    ConfigChecks.positive("followerSyncInterval", followerSyncInterval);
    ConfigChecks.positive("migrationDeadline", migrationDeadline);
  }

  public static Builder builder() {
    return new Builder();
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
    private Duration tombstoneRetention = Duration.ofMinutes(3);
    private int rpcThreads = 4;
    private Duration sessionLease = Duration.ofSeconds(30);
    private int renewSyncMaxPublishers = 512;
    private Duration followerSyncInterval = Duration.ofSeconds(3);
    private Duration migrationDeadline = Duration.ofSeconds(15);

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

    public Builder sessionLease(Duration sessionLease) {
      this.sessionLease = sessionLease;
      return this;
    }

    public Builder renewSyncMaxPublishers(int renewSyncMaxPublishers) {
      this.renewSyncMaxPublishers = renewSyncMaxPublishers;
      return this;
    }

    public Builder followerSyncInterval(Duration followerSyncInterval) {
      this.followerSyncInterval = followerSyncInterval;
      return this;
    }

    public Builder migrationDeadline(Duration migrationDeadline) {
      this.migrationDeadline = migrationDeadline;
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
          rpcThreads,
          sessionLease,
          renewSyncMaxPublishers,
          followerSyncInterval,
          migrationDeadline);
    }
  }
}
