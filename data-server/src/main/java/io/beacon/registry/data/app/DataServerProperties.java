package io.beacon.registry.data.app;

import io.beacon.registry.data.DataServerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code beacon.data.*} properties, bound by Spring Boot; defaults equal {@link
 * DataServerConfig#builder()}'s. Mutable bean, used only while the context starts.
 */
@ConfigurationProperties(prefix = "beacon.data")
public class DataServerProperties {

  private String bindHost = "0.0.0.0";
  private String advertisedHost;
  private int rpcPort = 9620;
  private int httpPort = 9622;
  private List<String> metaAddresses = new ArrayList<>(List.of("127.0.0.1:9610"));
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

  public DataServerConfig toConfig() {
    return DataServerConfig.builder()
        .bindHost(bindHost)
        .advertisedHost(advertisedHost)
        .rpcPort(rpcPort)
        .httpPort(httpPort)
        .metaAddresses(metaAddresses)
        .dataCenter(dataCenter)
        .zone(zone)
        .slotCount(slotCount)
        .heartbeatInterval(heartbeatInterval)
        .rpcTimeout(rpcTimeout)
        .notifyRetryBackoff(notifyRetryBackoff)
        .tombstoneRetention(tombstoneRetention)
        .rpcThreads(rpcThreads)
        .sessionLease(sessionLease)
        .renewSyncMaxPublishers(renewSyncMaxPublishers)
        .followerSyncInterval(followerSyncInterval)
        .migrationDeadline(migrationDeadline)
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

  public int getRpcPort() {
    return rpcPort;
  }

  public void setRpcPort(int rpcPort) {
    this.rpcPort = rpcPort;
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

  public Duration getRpcTimeout() {
    return rpcTimeout;
  }

  public void setRpcTimeout(Duration rpcTimeout) {
    this.rpcTimeout = rpcTimeout;
  }

  public Duration getNotifyRetryBackoff() {
    return notifyRetryBackoff;
  }

  public void setNotifyRetryBackoff(Duration notifyRetryBackoff) {
    this.notifyRetryBackoff = notifyRetryBackoff;
  }

  public Duration getTombstoneRetention() {
    return tombstoneRetention;
  }

  public void setTombstoneRetention(Duration tombstoneRetention) {
    this.tombstoneRetention = tombstoneRetention;
  }

  public int getRpcThreads() {
    return rpcThreads;
  }

  public void setRpcThreads(int rpcThreads) {
    this.rpcThreads = rpcThreads;
  }

  public Duration getSessionLease() {
    return sessionLease;
  }

  public void setSessionLease(Duration sessionLease) {
    this.sessionLease = sessionLease;
  }

  public int getRenewSyncMaxPublishers() {
    return renewSyncMaxPublishers;
  }

  public void setRenewSyncMaxPublishers(int renewSyncMaxPublishers) {
    this.renewSyncMaxPublishers = renewSyncMaxPublishers;
  }

  public Duration getFollowerSyncInterval() {
    return followerSyncInterval;
  }

  public void setFollowerSyncInterval(Duration followerSyncInterval) {
    this.followerSyncInterval = followerSyncInterval;
  }

  public Duration getMigrationDeadline() {
    return migrationDeadline;
  }

  public void setMigrationDeadline(Duration migrationDeadline) {
    this.migrationDeadline = migrationDeadline;
  }
}
