package io.beacon.registry.session.settings;

import io.beacon.registry.common.config.SettingChecks;
import io.beacon.registry.common.heartbeat.MetaReachability;
import io.beacon.registry.common.retry.Backoff;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Every setting of a session server, declared once: each component is a {@code beacon.session.*}
 * property (kebab-case), its default is its {@link DefaultValue}, and Spring Boot binds the record
 * through its constructor. The compact constructor rejects a wrong value with a message naming the
 * property. Immutable; {@link #toString()} hides the admin token.
 *
 * <p>{@code data-address-overrides} is a map whose keys contain dots and colons, so each entry is
 * written with brackets, which keep the key verbatim: {@code
 * --beacon.session.data-address-overrides[127.0.0.1:9620]=127.0.0.1:19620}.
 *
 * @param bindHost the address every port listens on
 * @param advertisedHost the address other servers and clients are told; picked from the machine's
 *     addresses when not set
 * @param clientPort Bolt port for SOFARegistry clients; 0 picks a free one
 * @param internalPort Bolt port data servers call; 0 picks a free one
 * @param httpPort discovery, health and admin; 0 picks a free one
 * @param advertisedInternalPort the internal port this session tells meta and data servers (change
 *     notices and slot syncs come there), e.g. a proxy's; 0 advertises the bound port
 * @param metaAddresses {@code host:port} of the meta servers' internal ports; with more than one, a
 *     meta that runs on the default embedded database (no {@code beacon.meta.jdbc-url}) is not
 *     followed and is reported in the log and {@code /health/check}
 * @param dataCenter the data center this session serves; also the push segment
 * @param zone the zone (region) this session is in
 * @param slotCount number of slots; must match meta's
 * @param heartbeatInterval how often the meta lease is renewed
 * @param metaUnreachableTimeout how long no meta server may answer before this session says so:
 *     once in its log (and again when one answers) and in a failing {@code /health/check} naming
 *     the meta addresses and for how long
 * @param rpcThreads threads handling client requests
 * @param dataRpcTimeout timeout of calls to data servers
 * @param dataAddressOverrides data server internal address (as in the slot table) to the address to
 *     dial instead, for every call this session makes to data servers (writes, fetches, renews,
 *     version scans); e.g. a proxy in front of the data server
 * @param maxWriteBatch most writes in one batch to a data leader
 * @param retryBackoffMin first delay before retrying a failed write, fetch or push
 * @param retryBackoffMax largest such delay
 * @param renewInterval how often each data leader is told this session lives and what it holds
 * @param pushTimeout how long a client may take to acknowledge a push
 * @param pushRetries attempts of one push while the client's connection lives
 * @param pushScanInterval how often pushed versions are compared with the leaders' versions
 * @param pushLimits flow control of pushes per client connection
 * @param limits bounds of client registrations
 * @param leaveCloseRate how many client connections per second a leaving session (SIGTERM, or
 *     {@code PUT /opsapi/v1/leave}) closes, in steps of a tenth of a second, so its clients move to
 *     other sessions without a reconnect storm
 * @param leaveTimeout the longest a leave takes: the connections still open then are closed at once
 *     and the process exits; keep it below the time the service manager allows for a stop
 * @param adminToken the token {@code PUT /opsapi/v1/leave} must name in header {@code
 *     x-apiauth-token}; not set (the default), that call is off, since clients reach this port for
 *     discovery, and only SIGTERM starts a leave
 */
@ConfigurationProperties(SessionServerConfig.PREFIX)
public record SessionServerConfig(
    @DefaultValue("0.0.0.0") String bindHost,
    String advertisedHost,
    @DefaultValue("9600") int clientPort,
    @DefaultValue("9602") int internalPort,
    @DefaultValue("9603") int httpPort,
    @DefaultValue("0") int advertisedInternalPort,
    @DefaultValue("127.0.0.1:9610") List<String> metaAddresses,
    @DefaultValue("DefaultDataCenter") String dataCenter,
    @DefaultValue("DEFAULT_ZONE") String zone,
    @DefaultValue("256") int slotCount,
    @DefaultValue("1s") Duration heartbeatInterval,
    @DefaultValue("10s") Duration metaUnreachableTimeout,
    @DefaultValue("4") int rpcThreads,
    @DefaultValue("3s") Duration dataRpcTimeout,
    Map<String, String> dataAddressOverrides,
    @DefaultValue("100") int maxWriteBatch,
    @DefaultValue("50ms") Duration retryBackoffMin,
    @DefaultValue("2s") Duration retryBackoffMax,
    @DefaultValue("5s") Duration renewInterval,
    @DefaultValue("2s") Duration pushTimeout,
    @DefaultValue("5") int pushRetries,
    @DefaultValue("5s") Duration pushScanInterval,
    @DefaultValue @NestedConfigurationProperty PushLimits pushLimits,
    @DefaultValue @NestedConfigurationProperty RegistrationLimits limits,
    @DefaultValue("500") int leaveCloseRate,
    @DefaultValue("30s") Duration leaveTimeout,
    String adminToken) {

  public static final String PREFIX = "beacon.session";

  public SessionServerConfig {
    SettingChecks check = SettingChecks.under(PREFIX);
    check.required("bindHost", bindHost);
    check.port("clientPort", clientPort);
    check.port("internalPort", internalPort);
    check.port("httpPort", httpPort);
    check.port("advertisedInternalPort", advertisedInternalPort);
    metaAddresses = check.hostPorts("metaAddresses", metaAddresses, true);
    check.required("dataCenter", dataCenter);
    check.required("zone", zone);
    check.powerOfTwo("slotCount", slotCount);
    check.positive("heartbeatInterval", heartbeatInterval);
    check.positive("metaUnreachableTimeout", metaUnreachableTimeout);
    check.atLeast("rpcThreads", rpcThreads, 1);
    check.positive("dataRpcTimeout", dataRpcTimeout);
    dataAddressOverrides = checkOverrides(check, dataAddressOverrides);
    check.atLeast("maxWriteBatch", maxWriteBatch, 1);
    check.notNegative("retryBackoffMin", retryBackoffMin);
    if (check.positive("retryBackoffMax", retryBackoffMax).compareTo(retryBackoffMin) < 0) {
      throw check.invalid(
          "retryBackoffMax", "must not be below retry-backoff-min, was " + retryBackoffMax);
    }
    check.positive("renewInterval", renewInterval);
    check.positive("pushTimeout", pushTimeout);
    check.atLeast("pushRetries", pushRetries, 1);
    check.positive("pushScanInterval", pushScanInterval);
    check.required("pushLimits", pushLimits);
    check.required("limits", limits);
    check.atLeast("leaveCloseRate", leaveCloseRate, 1);
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
    return "SessionServerConfig[clientPort="
        + clientPort
        + ", internalPort="
        + internalPort
        + ", httpPort="
        + httpPort
        + ", metaAddresses="
        + metaAddresses
        + ", zone="
        + zone
        + ", leaveCloseRate="
        + leaveCloseRate
        + ", leaveTimeout="
        + leaveTimeout
        + ", adminToken="
        + (adminToken == null ? "" : "***")
        + "]";
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

  private static Map<String, String> checkOverrides(
      SettingChecks check, Map<String, String> overrides) {
    if (overrides == null) {
      return Map.of();
    }
    overrides.forEach(
        (from, to) -> {
          if (!SettingChecks.isHostPort(from) || !SettingChecks.isHostPort(to)) {
            throw check.invalid(
                "dataAddressOverrides",
                "entries must be host:port=host:port (ports 1..65535), was " + from + "=" + to);
          }
        });
    return Map.copyOf(overrides);
  }
}
