package io.beacon.registry.data.settings;

import io.beacon.registry.common.config.SettingChecks;
import io.beacon.registry.common.heartbeat.MetaReachability;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Every setting of a data server, declared once: each component is a {@code beacon.data.*} property
 * (kebab-case), its default is its {@link DefaultValue}, and Spring Boot binds the record through
 * its constructor. The compact constructor rejects a wrong value with a message naming the
 * property. Immutable; {@link #toString()} hides the admin token.
 *
 * @param bindHost the address the RPC and HTTP ports listen on
 * @param advertisedHost the host other servers reach this one at; picked from the machine's
 *     addresses when not set
 * @param rpcPort the internal Bolt port sessions call; 0 picks a free one
 * @param httpPort the admin HTTP port; 0 picks a free one
 * @param metaAddresses {@code host:port} of the meta servers' Bolt ports; with more than one, a
 *     meta that runs on the default embedded database (no {@code beacon.meta.jdbc-url}) is not
 *     followed and is reported in the log and {@code /health/check}
 * @param dataCenter the data center this server belongs to
 * @param zone the zone this server belongs to
 * @param slotCount the number of slots, a power of two equal on every node
 * @param heartbeatInterval how often the meta lease is renewed
 * @param metaUnreachableTimeout how long no meta server may answer before this server says so: once
 *     in its log (and again when one answers) and in a failing {@code /health/check} naming the
 *     meta addresses and for how long
 * @param rpcThreads the threads that run RPC handlers
 * @param rpcTimeout the timeout of calls this server makes (change notices, sync rounds)
 * @param notifyRetryBackoff the delay before a failed change notice is sent again
 * @param tombstoneRetention how long a removal keeps blocking older writes of its registerId
 * @param sessionLease how long a session process that neither renews nor is listed by meta keeps
 *     its publishers here
 * @param renewSyncMaxPublishers the most publishers (puts plus removals) one round of a renew sync
 *     transfers; also the most a leader answers a follower in one round
 * @param followerSyncInterval how often a follower runs a pass per followed slot against its leader
 * @param migrationDeadline how long a slot this node starts to lead waits for every session to sync
 *     it before it is served anyway (reads are refused as MIGRATING until then)
 * @param leaveTimeout the longest a graceful leave (SIGTERM, or {@code PUT /opsapi/v1/leave}) waits
 *     for meta to move this server's slot leaderships to caught-up followers before the process
 *     exits anyway; keep it below the time the service manager allows for a stop
 * @param adminToken the token {@code PUT /opsapi/v1/leave} must name in header {@code
 *     x-apiauth-token}; not set (the default), that call is off and only SIGTERM starts a leave
 */
@ConfigurationProperties(DataServerConfig.PREFIX)
public record DataServerConfig(
    @DefaultValue("0.0.0.0") String bindHost,
    String advertisedHost,
    @DefaultValue("9620") int rpcPort,
    @DefaultValue("9622") int httpPort,
    @DefaultValue("127.0.0.1:9610") List<String> metaAddresses,
    @DefaultValue("DefaultDataCenter") String dataCenter,
    @DefaultValue("DEFAULT_ZONE") String zone,
    @DefaultValue("256") int slotCount,
    @DefaultValue("1s") Duration heartbeatInterval,
    @DefaultValue("10s") Duration metaUnreachableTimeout,
    @DefaultValue("4") int rpcThreads,
    @DefaultValue("3s") Duration rpcTimeout,
    @DefaultValue("500ms") Duration notifyRetryBackoff,
    @DefaultValue("180s") Duration tombstoneRetention,
    @DefaultValue("30s") Duration sessionLease,
    @DefaultValue("512") int renewSyncMaxPublishers,
    @DefaultValue("3s") Duration followerSyncInterval,
    @DefaultValue("15s") Duration migrationDeadline,
    @DefaultValue("60s") Duration leaveTimeout,
    String adminToken) {

  public static final String PREFIX = "beacon.data";

  public DataServerConfig {
    SettingChecks check = SettingChecks.under(PREFIX);
    check.required("bindHost", bindHost);
    check.port("rpcPort", rpcPort);
    check.port("httpPort", httpPort);
    metaAddresses = check.hostPorts("metaAddresses", metaAddresses, true);
    check.required("dataCenter", dataCenter);
    check.required("zone", zone);
    check.powerOfTwo("slotCount", slotCount);
    check.positive("heartbeatInterval", heartbeatInterval);
    check.positive("metaUnreachableTimeout", metaUnreachableTimeout);
    check.atLeast("rpcThreads", rpcThreads, 1);
    check.positive("rpcTimeout", rpcTimeout);
    check.positive("notifyRetryBackoff", notifyRetryBackoff);
    check.positive("tombstoneRetention", tombstoneRetention);
    check.positive("sessionLease", sessionLease);
    check.atLeast("renewSyncMaxPublishers", renewSyncMaxPublishers, 1);
    check.positive("followerSyncInterval", followerSyncInterval);
    check.positive("migrationDeadline", migrationDeadline);
    check.positive("leaveTimeout", leaveTimeout);
  }

  /**
   * Judges whether a meta server answered within {@code metaUnreachableTimeout}; its messages name
   * these settings.
   */
  public MetaReachability metaReachability(InstantSource clock) {
    SettingChecks names = SettingChecks.under(PREFIX);
    return new MetaReachability(
        metaAddresses,
        names.property("metaAddresses"),
        metaUnreachableTimeout,
        names.property("metaUnreachableTimeout"),
        clock);
  }

  /** Never prints the admin token. */
  @Override
  public String toString() {
    return "DataServerConfig[rpcPort="
        + rpcPort
        + ", httpPort="
        + httpPort
        + ", metaAddresses="
        + metaAddresses
        + ", slotCount="
        + slotCount
        + ", leaveTimeout="
        + leaveTimeout
        + ", adminToken="
        + (adminToken == null ? "" : "***")
        + "]";
  }
}
