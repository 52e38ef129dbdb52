package io.beacon.registry.session.app;

import io.beacon.registry.session.settings.RegistrationLimits;
import io.beacon.registry.session.settings.SessionServerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code beacon.session.*} properties; defaults equal {@link SessionServerConfig#builder()}'s.
 *
 * <p>{@code data-address-overrides} is a map whose keys contain dots and colons, so each entry is
 * written with brackets, which keep the key verbatim: {@code
 * --beacon.session.data-address-overrides[127.0.0.1:9620]=127.0.0.1:19620}.
 */
@ConfigurationProperties(prefix = "beacon.session")
public class SessionServerProperties {

  private static final SessionServerConfig DEFAULTS = SessionServerConfig.builder().build();

  private String bindHost = DEFAULTS.bindHost();
  private String advertisedHost;
  private int clientPort = DEFAULTS.clientPort();
  private int internalPort = DEFAULTS.internalPort();
  private int httpPort = DEFAULTS.httpPort();
  private List<String> metaAddresses = new ArrayList<>(DEFAULTS.metaAddresses());
  private String dataCenter = DEFAULTS.dataCenter();
  private String zone = DEFAULTS.zone();
  private int slotCount = DEFAULTS.slotCount();
  private Duration heartbeatInterval = DEFAULTS.heartbeatInterval();
  private Duration dataRpcTimeout = DEFAULTS.dataRpcTimeout();
  private Duration pushTimeout = DEFAULTS.pushTimeout();
  private int maxDataIdChars = RegistrationLimits.DEFAULTS.maxDataIdChars();
  private int maxDataBytes = RegistrationLimits.DEFAULTS.maxDataBytes();
  private int rpcThreads = DEFAULTS.rpcThreads();
  private Duration renewInterval = DEFAULTS.renewInterval();
  private Duration pushScanInterval = DEFAULTS.pushScanInterval();
  private Map<String, String> dataAddressOverrides =
      new LinkedHashMap<>(DEFAULTS.dataAddressOverrides());
  private int advertisedInternalPort = DEFAULTS.advertisedInternalPort();

  public SessionServerConfig toConfig() {
    RegistrationLimits base = RegistrationLimits.DEFAULTS;
    return SessionServerConfig.builder()
        .bindHost(bindHost)
        .advertisedHost(advertisedHost)
        .clientPort(clientPort)
        .internalPort(internalPort)
        .httpPort(httpPort)
        .metaAddresses(metaAddresses)
        .dataCenter(dataCenter)
        .zone(zone)
        .slotCount(slotCount)
        .heartbeatInterval(heartbeatInterval)
        .dataRpcTimeout(dataRpcTimeout)
        .pushTimeout(pushTimeout)
        .limits(
            new RegistrationLimits(
                maxDataIdChars,
                base.maxGroupChars(),
                base.maxInstanceIdChars(),
                base.maxZoneChars(),
                base.maxValues(),
                maxDataBytes))
        .rpcThreads(rpcThreads)
        .renewInterval(renewInterval)
        .pushScanInterval(pushScanInterval)
        .dataAddressOverrides(dataAddressOverrides)
        .advertisedInternalPort(advertisedInternalPort)
        .build();
  }

  public String getBindHost() {
    return bindHost;
  }

  public void setBindHost(String bindHost) {
    this.bindHost = bindHost;
  }

  public String getAdvertisedHost() {
    return advertisedHost;
  }

  public void setAdvertisedHost(String advertisedHost) {
    this.advertisedHost = advertisedHost;
  }

  public int getClientPort() {
    return clientPort;
  }

  public void setClientPort(int clientPort) {
    this.clientPort = clientPort;
  }

  public int getInternalPort() {
    return internalPort;
  }

  public void setInternalPort(int internalPort) {
    this.internalPort = internalPort;
  }

  public int getHttpPort() {
    return httpPort;
  }

  public void setHttpPort(int httpPort) {
    this.httpPort = httpPort;
  }

  public List<String> getMetaAddresses() {
    return metaAddresses;
  }

  public void setMetaAddresses(List<String> metaAddresses) {
    this.metaAddresses = metaAddresses;
  }

  public String getDataCenter() {
    return dataCenter;
  }

  public void setDataCenter(String dataCenter) {
    this.dataCenter = dataCenter;
  }

  public String getZone() {
    return zone;
  }

  public void setZone(String zone) {
    this.zone = zone;
  }

  public int getSlotCount() {
    return slotCount;
  }

  public void setSlotCount(int slotCount) {
    this.slotCount = slotCount;
  }

  public Duration getHeartbeatInterval() {
    return heartbeatInterval;
  }

  public void setHeartbeatInterval(Duration heartbeatInterval) {
    this.heartbeatInterval = heartbeatInterval;
  }

  public Duration getDataRpcTimeout() {
    return dataRpcTimeout;
  }

  public void setDataRpcTimeout(Duration dataRpcTimeout) {
    this.dataRpcTimeout = dataRpcTimeout;
  }

  public Duration getPushTimeout() {
    return pushTimeout;
  }

  public void setPushTimeout(Duration pushTimeout) {
    this.pushTimeout = pushTimeout;
  }

  public int getMaxDataIdChars() {
    return maxDataIdChars;
  }

  public void setMaxDataIdChars(int maxDataIdChars) {
    this.maxDataIdChars = maxDataIdChars;
  }

  public int getMaxDataBytes() {
    return maxDataBytes;
  }

  public void setMaxDataBytes(int maxDataBytes) {
    this.maxDataBytes = maxDataBytes;
  }

  public Duration getPushScanInterval() {
    return pushScanInterval;
  }

  public void setPushScanInterval(Duration pushScanInterval) {
    this.pushScanInterval = pushScanInterval;
  }

  public Duration getRenewInterval() {
    return renewInterval;
  }

  public void setRenewInterval(Duration renewInterval) {
    this.renewInterval = renewInterval;
  }

  public int getRpcThreads() {
    return rpcThreads;
  }

  public void setRpcThreads(int rpcThreads) {
    this.rpcThreads = rpcThreads;
  }

  public Map<String, String> getDataAddressOverrides() {
    return dataAddressOverrides;
  }

  public void setDataAddressOverrides(Map<String, String> dataAddressOverrides) {
    this.dataAddressOverrides = dataAddressOverrides;
  }

  public int getAdvertisedInternalPort() {
    return advertisedInternalPort;
  }

  public void setAdvertisedInternalPort(int advertisedInternalPort) {
    this.advertisedInternalPort = advertisedInternalPort;
  }
}
