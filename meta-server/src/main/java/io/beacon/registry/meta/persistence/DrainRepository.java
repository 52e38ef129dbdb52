package io.beacon.registry.meta.persistence;

import java.util.Collection;
import java.util.Set;

/**
 * The persisted drain list of each cluster: data server hosts or {@code host:port} addresses that
 * meta moves every slot copy away from. Adding and removing are idempotent. Thread-safe.
 */
public interface DrainRepository {

  int MAX_ADDRESS_LENGTH = 255;

  /** The entries of {@code clusterId}. */
  Set<String> load(String clusterId);

  /** Adds {@code address}; returns false if it was listed already. */
  boolean add(String clusterId, String address, long nowMillis);

  /** Removes every listed one of {@code addresses}; returns how many were listed. */
  int remove(String clusterId, Collection<String> addresses);
}
