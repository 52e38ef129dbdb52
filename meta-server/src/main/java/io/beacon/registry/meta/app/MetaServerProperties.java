package io.beacon.registry.meta.app;

import io.beacon.registry.meta.settings.MetaServerConfig;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code beacon.meta.*} properties. A mutable bean for Spring's binder, with the defaults of
 * {@link MetaServerConfig#builder()}; durations bind from strings such as {@code 20s}.
 */
@ConfigurationProperties(prefix = "beacon.meta")
public class MetaServerProperties {

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

  public MetaServerConfig toConfig() {
    return MetaServerConfig.builder()
        .bindHost(bindHost)
        .advertisedHost(advertisedHost)
        .rpcPort(rpcPort)
        .httpPort(httpPort)
        .dataCenter(dataCenter)
        .slotCount(slotCount)
        .replicas(replicas)
        .nodeLease(nodeLease)
        .leaseCheckInterval(leaseCheckInterval)
        .slotAssignDelay(slotAssignDelay)
        .rpcThreads(rpcThreads)
        .dataDir(java.nio.file.Path.of(dataDir))
        .jdbc(
            jdbcUrl == null || jdbcUrl.isBlank()
                ? null
                : io.beacon.registry.meta.persistence.JdbcSettings.of(
                    jdbcUrl, jdbcUser, jdbcPassword))
        .leaderLease(leaderLease)
        .leaderRenewInterval(leaderRenewInterval)
        .leaderWarmup(leaderWarmup)
        .adminToken(adminToken)
        .build();
  }

  private String dataDir = "beacon-data/meta";
  private String jdbcUrl;
  private String jdbcUser;
  private String jdbcPassword;
  private Duration leaderLease = Duration.ofSeconds(6);
  private Duration leaderRenewInterval = Duration.ofSeconds(1);
  private Duration leaderWarmup = Duration.ofSeconds(3);
  private String adminToken;

  public String getDataDir() {
    return dataDir;
  }

  public void setDataDir(String dataDir) {
    this.dataDir = dataDir;
  }

  public String getJdbcUrl() {
    return jdbcUrl;
  }

  public void setJdbcUrl(String jdbcUrl) {
    this.jdbcUrl = jdbcUrl;
  }

  public String getJdbcUser() {
    return jdbcUser;
  }

  public void setJdbcUser(String jdbcUser) {
    this.jdbcUser = jdbcUser;
  }

  public String getJdbcPassword() {
    return jdbcPassword;
  }

  public void setJdbcPassword(String jdbcPassword) {
    this.jdbcPassword = jdbcPassword;
  }

  public Duration getLeaderLease() {
    return leaderLease;
  }

  public void setLeaderLease(Duration leaderLease) {
    this.leaderLease = leaderLease;
  }

  public Duration getLeaderRenewInterval() {
    return leaderRenewInterval;
  }

  public void setLeaderRenewInterval(Duration leaderRenewInterval) {
    this.leaderRenewInterval = leaderRenewInterval;
  }

  public Duration getLeaderWarmup() {
    return leaderWarmup;
  }

  public void setLeaderWarmup(Duration leaderWarmup) {
    this.leaderWarmup = leaderWarmup;
  }

  public String getAdminToken() {
    return adminToken;
  }

  public void setAdminToken(String adminToken) {
    this.adminToken = adminToken;
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

  public String getDataCenter() {
    return dataCenter;
  }

  public void setDataCenter(String dataCenter) {
    this.dataCenter = dataCenter;
  }

  public int getSlotCount() {
    return slotCount;
  }

  public void setSlotCount(int slotCount) {
    this.slotCount = slotCount;
  }

  public int getReplicas() {
    return replicas;
  }

  public void setReplicas(int replicas) {
    this.replicas = replicas;
  }

  public Duration getNodeLease() {
    return nodeLease;
  }

  public void setNodeLease(Duration nodeLease) {
    this.nodeLease = nodeLease;
  }

  public Duration getLeaseCheckInterval() {
    return leaseCheckInterval;
  }

  public void setLeaseCheckInterval(Duration leaseCheckInterval) {
    this.leaseCheckInterval = leaseCheckInterval;
  }

  public Duration getSlotAssignDelay() {
    return slotAssignDelay;
  }

  public void setSlotAssignDelay(Duration slotAssignDelay) {
    this.slotAssignDelay = slotAssignDelay;
  }

  public int getRpcThreads() {
    return rpcThreads;
  }

  public void setRpcThreads(int rpcThreads) {
    this.rpcThreads = rpcThreads;
  }
}
