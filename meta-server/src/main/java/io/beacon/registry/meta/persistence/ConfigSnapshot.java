package io.beacon.registry.meta.persistence;

import java.util.Map;
import java.util.Set;

/**
 * A consistent view of a cluster's persisted config: the provide-data entries (switches and config
 * keyed by dataInfoId) and the persistent client-off IPs, at one config version. Immutable; version
 * 0 means nothing was ever written.
 */
public record ConfigSnapshot(long version, Map<String, String> data, Set<String> clientOffIps) {

  public ConfigSnapshot {
    data = Map.copyOf(data);
    clientOffIps = Set.copyOf(clientOffIps);
  }

  public static ConfigSnapshot empty() {
    return new ConfigSnapshot(0, Map.of(), Set.of());
  }
}
