package io.beacon.registry.meta.persistence;

import java.util.Collection;

/**
 * The persisted switches and config ("provide data") and the persistent client manager list
 * (client-off and reduced IPs) of each cluster. One cluster-wide config version is bumped in the
 * same transaction as every change, so a version identifies one exact content; every mutating call
 * bumps it, even when nothing changes, and returns the new version. Thread-safe; concurrent writers
 * are serialized by the version row.
 */
public interface RegistryConfigRepository {

  int MAX_KEY_LENGTH = 512;
  int MAX_IP_LENGTH = 64;

  ConfigSnapshot load(String clusterId);

  long putData(String clusterId, String key, String value);

  long removeData(String clusterId, String key);

  /** Turns {@code addresses} off with their flags (an address reduced before is off again). */
  long addClientOff(String clusterId, Collection<ClientOffAddress> addresses);

  /** Reduces {@code ips}: no longer off, and listed as reduced. */
  long reduceClientOff(String clusterId, Collection<String> ips);

  /** Client-open: forgets {@code ips}, off or reduced. */
  long removeClientOff(String clusterId, Collection<String> ips);
}
