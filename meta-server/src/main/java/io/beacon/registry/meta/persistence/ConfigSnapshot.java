package io.beacon.registry.meta.persistence;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A consistent view of a cluster's persisted config: the provide-data entries (switches and config
 * keyed by dataInfoId) with the version of each, and the persistent client manager list, at one
 * config version. Immutable; version 0 means nothing was ever written.
 *
 * @param version the cluster's config version, bumped by every change
 * @param data provide data: dataInfoId to value
 * @param dataVersions provide data: dataInfoId to the config version of the change that last wrote
 *     it (so it grows with every write of that key, and is below {@code version} of any later
 *     snapshot)
 * @param clientAddresses the client manager list: client IP to its entry (turned off or reduced)
 */
public record ConfigSnapshot(
    long version,
    Map<String, String> data,
    Map<String, Long> dataVersions,
    Map<String, ClientAddress> clientAddresses) {

  public ConfigSnapshot {
    data = Map.copyOf(data);
    dataVersions = Map.copyOf(dataVersions);
    clientAddresses = Map.copyOf(clientAddresses);
  }

  public static ConfigSnapshot empty() {
    return new ConfigSnapshot(0, Map.of(), Map.of(), Map.of());
  }

  /** The version of provide data {@code key}, or 0 when it is absent. */
  public long dataVersion(String key) {
    return dataVersions.getOrDefault(key, 0L);
  }

  /** The client IPs turned off, sorted. */
  public Set<String> clientOffIps() {
    Set<String> ips = new TreeSet<>();
    clientAddresses.values().stream()
        .filter(ClientAddress::isClientOff)
        .forEach(a -> ips.add(a.address()));
    return ips;
  }

  /** The client IPs reduced (no longer off, their connections kept), sorted. */
  public Set<String> reducedIps() {
    Set<String> ips = new TreeSet<>();
    clientAddresses.values().stream()
        .filter(ClientAddress::isReduced)
        .forEach(a -> ips.add(a.address()));
    return ips;
  }
}
