package io.beacon.registry.meta.persistence;

/**
 * The highest slot-table epoch a meta leader of each cluster has handed out, so that a new leader
 * never hands out an older one. Thread-safe; the stored value never decreases.
 */
public interface EpochRepository {

  /** The highest epoch stored for the cluster, or 0 if none. */
  long highest(String clusterId);

  /** Stores {@code epoch} if it is higher than the stored one; otherwise does nothing. */
  void raiseTo(String clusterId, long epoch);
}
