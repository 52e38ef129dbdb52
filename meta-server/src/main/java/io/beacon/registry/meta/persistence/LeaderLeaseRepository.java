package io.beacon.registry.meta.persistence;

import java.util.Optional;

/**
 * The leader lease rows, one per cluster. Every method is one atomic step against the shared
 * database, so meta servers compete through it without any other coordination. Thread-safe.
 */
public interface LeaderLeaseRepository {

  Optional<LeaderLease> read(String clusterId);

  /**
   * One compare-and-set round: creates the row if absent (term 1); otherwise takes it only if
   * {@code candidate} holds it at {@code nowMillis} (a renewal: term unchanged) or it has expired
   * at {@code nowMillis} (a takeover, or a return after a lapse: term + 1). In both cases the new
   * expiry is {@code nowMillis + leaseMillis}. A lost race on the insert is not an error.
   *
   * @return the row as it is after the attempt; the candidate leads iff it is the owner
   */
  LeaderLease tryAcquire(
      String clusterId, String candidate, String candidateHttp, long nowMillis, long leaseMillis);

  /** Expires the lease at once if {@code owner} holds it, so that another can take it. */
  void release(String clusterId, String owner);
}
