package io.beacon.registry.meta.settings;

import io.beacon.registry.common.config.ConfigChecks;
import io.beacon.registry.common.http.NetworkAddresses;
import io.beacon.registry.meta.persistence.JdbcSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything a {@link MetaServer} needs to know at construction. Immutable; {@link #builder()}
 * holds the defaults.
 *
 * @param bindHost the address both ports listen on
 * @param advertisedHost the host other servers reach this one at; null picks one (see {@link
 *     NetworkAddresses#advertised})
 * @param rpcPort the Bolt port of session and data heartbeats; 0 picks a free one
 * @param httpPort the admin HTTP port; 0 picks a free one
 * @param dataCenter the data center this meta serves
 * @param slotCount the number of slots, a power of two
 * @param replicas copies of each slot: one leader plus {@code replicas - 1} followers
 * @param nodeLease how long a session or data node stays listed without a heartbeat
 * @param leaseCheckInterval how often the meta loop evicts expired leases and re-checks the table
 * @param slotAssignDelay how long after start meta collects data-server heartbeats before it
 *     assigns the first table, so data servers that start together share the slots
 * @param rpcThreads threads that handle heartbeats
 * @param dataDir where the embedded database lives when {@code jdbc} is null
 * @param jdbc the database (H2, PostgreSQL, MySQL/MariaDB); null for the embedded, file-backed H2
 *     under {@code dataDir}
 * @param leaderLease how long a meta leader's database lease lasts without renewal; a new leader
 *     takes over within about this plus {@code leaderRenewInterval} of the old one dying
 * @param leaderRenewInterval how often the lease is renewed (and an election round runs)
 * @param leaderWarmup how long a new leader collects heartbeats (nodes, their slot tables) before
 *     it changes the table
 * @param adminToken when set, mutating admin endpoints require it in header {@code x-apiauth-token}
 */
public record MetaServerConfig(
    String bindHost,
    String advertisedHost,
    int rpcPort,
    int httpPort,
    String dataCenter,
    int slotCount,
    int replicas,
    Duration nodeLease,
    Duration leaseCheckInterval,
    Duration slotAssignDelay,
    int rpcThreads,
    Path dataDir,
    JdbcSettings jdbc,
    Duration leaderLease,
    Duration leaderRenewInterval,
    Duration leaderWarmup,
    String adminToken) {

  public MetaServerConfig {
    Objects.requireNonNull(bindHost, "bindHost");
    Objects.requireNonNull(dataCenter, "dataCenter");
    ConfigChecks.port("rpcPort", rpcPort);
    ConfigChecks.port("httpPort", httpPort);
    ConfigChecks.powerOfTwo("slotCount", slotCount);
    if (replicas < 1) {
      throw new IllegalArgumentException("replicas: " + replicas + " (expected: >= 1)");
    }
    ConfigChecks.positive("nodeLease", nodeLease);
    ConfigChecks.positive("leaseCheckInterval", leaseCheckInterval);
    ConfigChecks.notNegative("slotAssignDelay", slotAssignDelay);
    if (rpcThreads < 1) {
      throw new IllegalArgumentException("rpcThreads: " + rpcThreads + " (expected: >= 1)");
    }
    Objects.requireNonNull(dataDir, "dataDir");
    ConfigChecks.positive("leaderRenewInterval", leaderRenewInterval);
    ConfigChecks.positive("leaderLease", leaderLease);
    if (leaderLease.compareTo(leaderRenewInterval.multipliedBy(2)) <= 0) {
      throw new IllegalArgumentException(
          "leaderLease: "
              + leaderLease
              + " (expected: > 2 x leaderRenewInterval "
              + leaderRenewInterval
              + ")");
    }
    ConfigChecks.notNegative("leaderWarmup", leaderWarmup);
  }

  /** The database to use: {@code jdbc}, or the embedded H2 file under {@code dataDir}. */
  public JdbcSettings resolvedJdbc() {
    return jdbc != null ? jdbc : JdbcSettings.h2File(dataDir);
  }

  /** The cluster this meta coordinates: its rows in a shared database are keyed by it. */
  public String clusterId() {
    return dataCenter;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The host this server advertises: {@code advertisedHost}, or one picked from the machine. */
  public String resolvedAdvertisedHost() {
    return NetworkAddresses.advertised(advertisedHost, bindHost);
  }

  /** Builds a {@link MetaServerConfig}; starts from the defaults. Not thread-safe. */
  public static final class Builder {

    private String bindHost = "0.0.0.0";
    private String advertisedHost;
    private int rpcPort = 9610;
    private int httpPort = 9615;
    private String dataCenter = "DefaultDataCenter";
    private int slotCount = 256;
    private int replicas = 2;
    private Duration nodeLease = Duration.ofSeconds(20);
    private Duration leaseCheckInterval = Duration.ofSeconds(1);
    private Duration slotAssignDelay = Duration.ofSeconds(2);
    private int rpcThreads = 4;
    private Path dataDir = Path.of("beacon-data", "meta");
    private JdbcSettings jdbc;
    private Duration leaderLease = Duration.ofSeconds(6);
    private Duration leaderRenewInterval = Duration.ofSeconds(1);
    private Duration leaderWarmup = Duration.ofSeconds(3);
    private String adminToken;

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

    public Builder dataCenter(String dataCenter) {
      this.dataCenter = dataCenter;
      return this;
    }

    public Builder slotCount(int slotCount) {
      this.slotCount = slotCount;
      return this;
    }

    public Builder replicas(int replicas) {
      this.replicas = replicas;
      return this;
    }

    public Builder nodeLease(Duration nodeLease) {
      this.nodeLease = nodeLease;
      return this;
    }

    public Builder leaseCheckInterval(Duration leaseCheckInterval) {
      this.leaseCheckInterval = leaseCheckInterval;
      return this;
    }

    public Builder slotAssignDelay(Duration slotAssignDelay) {
      this.slotAssignDelay = slotAssignDelay;
      return this;
    }

    public Builder rpcThreads(int rpcThreads) {
      this.rpcThreads = rpcThreads;
      return this;
    }

    public Builder dataDir(Path dataDir) {
      this.dataDir = dataDir;
      return this;
    }

    public Builder jdbc(JdbcSettings jdbc) {
      this.jdbc = jdbc;
      return this;
    }

    public Builder leaderLease(Duration leaderLease) {
      this.leaderLease = leaderLease;
      return this;
    }

    public Builder leaderRenewInterval(Duration leaderRenewInterval) {
      this.leaderRenewInterval = leaderRenewInterval;
      return this;
    }

    public Builder leaderWarmup(Duration leaderWarmup) {
      this.leaderWarmup = leaderWarmup;
      return this;
    }

    public Builder adminToken(String adminToken) {
      this.adminToken = adminToken;
      return this;
    }

    public MetaServerConfig build() {
      return new MetaServerConfig(
          bindHost,
          advertisedHost,
          rpcPort,
          httpPort,
          dataCenter,
          slotCount,
          replicas,
          nodeLease,
          leaseCheckInterval,
          slotAssignDelay,
          rpcThreads,
          dataDir,
          jdbc,
          leaderLease,
          leaderRenewInterval,
          leaderWarmup,
          adminToken);
    }
  }
}
