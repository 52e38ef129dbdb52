package io.beacon.registry.meta.settings;

import io.beacon.registry.common.config.SettingChecks;
import io.beacon.registry.common.http.NetworkAddresses;
import io.beacon.registry.meta.persistence.JdbcSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Every setting of a meta server, declared once: each component is a {@code beacon.meta.*} property
 * (kebab-case), its default is its {@link DefaultValue}, and Spring Boot binds the record through
 * its constructor. The compact constructor rejects a wrong value with a message naming the
 * property. Immutable; {@link #toString()} hides the database password and the admin token.
 *
 * @param bindHost the address both ports listen on
 * @param advertisedHost the host other servers reach this one at; picked from the machine's
 *     addresses when not set
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
 * @param dataDir where the embedded database lives when no {@code jdbc-url} is set
 * @param jdbcUrl the database of a cluster of metas ({@code jdbc:postgresql:}, {@code
 *     jdbc:mariadb:}, {@code jdbc:mysql:} or {@code jdbc:h2:}); when not set, an embedded H2 file
 *     database under {@code data-dir}
 * @param jdbcUser the database user
 * @param jdbcPassword the database password
 * @param peers {@code host:port} of the Bolt port of every meta server of this cluster, this one
 *     included, as data and session servers list them in {@code meta-addresses}; with more than one
 *     the metas form a group, which must share the database named by {@code jdbc-url}: without it
 *     each would run on its own embedded database and elect itself leader, so the start stops (this
 *     check is all it is used for; metas find each other through the database)
 * @param leaderLease how long a meta leader's database lease lasts without renewal; a new leader
 *     takes over within about this plus {@code leader-renew-interval} of the old one dying
 * @param leaderRenewInterval how often the lease is renewed (and an election round runs)
 * @param leaderWarmup how long a new leader collects heartbeats (nodes, their slot tables) before
 *     it changes the table
 * @param adminToken when set, mutating admin endpoints require it in header {@code x-apiauth-token}
 * @param switchPropagationTimeout how long an admin call that changed the switches waits for every
 *     live session and data server to confirm holding them before it answers (listing those that
 *     did not); 0 sends the change without waiting
 */
@ConfigurationProperties(MetaServerConfig.PREFIX)
public record MetaServerConfig(
    @DefaultValue("0.0.0.0") String bindHost,
    String advertisedHost,
    @DefaultValue("9610") int rpcPort,
    @DefaultValue("9615") int httpPort,
    @DefaultValue("DefaultDataCenter") String dataCenter,
    @DefaultValue("256") int slotCount,
    @DefaultValue("2") int replicas,
    @DefaultValue("20s") Duration nodeLease,
    @DefaultValue("1s") Duration leaseCheckInterval,
    @DefaultValue("2s") Duration slotAssignDelay,
    @DefaultValue("4") int rpcThreads,
    @DefaultValue("beacon-data/meta") Path dataDir,
    String jdbcUrl,
    String jdbcUser,
    String jdbcPassword,
    List<String> peers,
    @DefaultValue("6s") Duration leaderLease,
    @DefaultValue("1s") Duration leaderRenewInterval,
    @DefaultValue("3s") Duration leaderWarmup,
    String adminToken,
    @DefaultValue("1s") Duration switchPropagationTimeout) {

  public static final String PREFIX = "beacon.meta";

  public MetaServerConfig {
    SettingChecks check = SettingChecks.under(PREFIX);
    check.required("bindHost", bindHost);
    check.port("rpcPort", rpcPort);
    check.port("httpPort", httpPort);
    check.required("dataCenter", dataCenter);
    check.powerOfTwo("slotCount", slotCount);
    check.atLeast("replicas", replicas, 1);
    check.positive("nodeLease", nodeLease);
    check.positive("leaseCheckInterval", leaseCheckInterval);
    check.notNegative("slotAssignDelay", slotAssignDelay);
    check.atLeast("rpcThreads", rpcThreads, 1);
    check.required("dataDir", dataDir);
    jdbcUrl = jdbcUrl == null || jdbcUrl.isBlank() ? null : jdbcUrl;
    if (jdbcUrl != null && !jdbcUrl.startsWith("jdbc:")) {
      throw check.invalid("jdbcUrl", "must be a jdbc: URL, was " + jdbcUrl);
    }
    peers = check.hostPorts("peers", peers, false);
    if (peers.size() > 1 && jdbcUrl == null) {
      throw check.invalid(
          "jdbcUrl",
          "must name the group's shared database (jdbc:postgresql:, jdbc:mariadb:, jdbc:mysql:)"
              + " because "
              + check.property("peers")
              + " names "
              + peers.size()
              + " meta servers "
              + peers
              + "; without it each meta runs on its own embedded H2 database under "
              + check.property("dataDir")
              + " and elects itself leader");
    }
    check.positive("leaderRenewInterval", leaderRenewInterval);
    if (check.positive("leaderLease", leaderLease).compareTo(leaderRenewInterval.multipliedBy(2))
        <= 0) {
      throw check.invalid(
          "leaderLease",
          "must be more than twice leader-renew-interval ("
              + leaderRenewInterval
              + "), was "
              + leaderLease);
    }
    check.notNegative("leaderWarmup", leaderWarmup);
    check.notNegative("switchPropagationTimeout", switchPropagationTimeout);
  }

  /** The database to use: {@code jdbc-url}, or the embedded H2 file under {@code data-dir}. */
  public JdbcSettings resolvedJdbc() {
    return jdbcUrl != null
        ? JdbcSettings.of(jdbcUrl, jdbcUser, jdbcPassword)
        : JdbcSettings.h2File(dataDir);
  }

  /**
   * Whether this meta runs on the default embedded database ({@code jdbc-url} not set), which no
   * other meta shares.
   */
  public boolean embeddedDatabase() {
    return jdbcUrl == null;
  }

  /** The cluster this meta coordinates: its rows in a shared database are keyed by it. */
  public String clusterId() {
    return dataCenter;
  }

  /** The host this server advertises: {@code advertisedHost}, or one picked from the machine. */
  public String resolvedAdvertisedHost() {
    return NetworkAddresses.advertised(advertisedHost, bindHost);
  }

  @Override
  public String toString() {
    return "MetaServerConfig[bindHost="
        + bindHost
        + ", rpcPort="
        + rpcPort
        + ", httpPort="
        + httpPort
        + ", dataCenter="
        + dataCenter
        + ", jdbcUrl="
        + jdbcUrl
        + ", jdbcPassword="
        + (jdbcPassword == null || jdbcPassword.isEmpty() ? "" : "***")
        + ", adminToken="
        + (adminToken == null ? "" : "***")
        + ", ...]";
  }
}
