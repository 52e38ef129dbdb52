package io.beacon.registry.meta.persistence;

import java.util.Collection;

/**
 * The persisted switches and config ("provide data") and the persistent client-off list of each
 * cluster. One cluster-wide config version is bumped in the same transaction as every change, so a
 * version identifies one exact content; every mutating call bumps it, even when nothing changes,
 * and returns the new version. Thread-safe; concurrent writers are serialized by the version row.
 */
public interface RegistryConfigRepository {

  int MAX_KEY_LENGTH = 512;
  int MAX_IP_LENGTH = 64;

  ConfigSnapshot load(String clusterId);

  long putData(String clusterId, String key, String value);

  long removeData(String clusterId, String key);

  long addClientOff(String clusterId, Collection<String> ips);

  long removeClientOff(String clusterId, Collection<String> ips);
}
