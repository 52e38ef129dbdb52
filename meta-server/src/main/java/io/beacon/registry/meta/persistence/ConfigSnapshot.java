package io.beacon.registry.meta.persistence;

import java.util.Map;
import java.util.Set;

/**
 * A consistent view of a cluster's persisted config: the provide-data entries (switches and config
 * keyed by dataInfoId) with the version of each, and the persistent client-off IPs, at one config
 * version. Immutable; version 0 means nothing was ever written.
 *
 * @param version the cluster's config version, bumped by every change
 * @param data provide data: dataInfoId to value
 * @param dataVersions provide data: dataInfoId to the config version of the change that last wrote
 *     it (so it grows with every write of that key, and is below {@code version} of any later
 *     snapshot)
 * @param clientOffIps the persistent client-off IPs
 */
public record ConfigSnapshot(
    long version,
    Map<String, String> data,
    Map<String, Long> dataVersions,
    Set<String> clientOffIps) {

  public ConfigSnapshot {
    data = Map.copyOf(data);
    dataVersions = Map.copyOf(dataVersions);
    clientOffIps = Set.copyOf(clientOffIps);
  }

  public static ConfigSnapshot empty() {
    return new ConfigSnapshot(0, Map.of(), Map.of(), Set.of());
  }

  /** The version of provide data {@code key}, or 0 when it is absent. */
  public long dataVersion(String key) {
    return dataVersions.getOrDefault(key, 0L);
  }
}
