package io.beacon.registry.meta.leader;

import io.beacon.registry.meta.persistence.LeaderLease;

/**
 * What one election round learnt, translated to the local monotonic clock: the lease row and until
 * when (local nanos) it may be trusted. For our own lease that is the leadership deadline: the
 * local time taken before the round started, plus the lease's remaining time, minus the safety
 * margin. Taking the start time before reading the database clock means the deadline can only be
 * early, never late, however slow the database answers. Immutable.
 */
record LeaseView(LeaderLease lease, boolean mine, long validUntilNanos) {

  static final LeaseView NONE = new LeaseView(null, false, 0);

  static LeaseView observed(
      LeaderLease lease, String self, long startNanos, long databaseMillis, long marginNanos) {
    long remainingNanos = (lease.expiresAtMillis() - databaseMillis) * 1_000_000L;
    boolean mine = lease.owner().equals(self) && remainingNanos > 0;
    return new LeaseView(lease, mine, startNanos + remainingNanos - (mine ? marginNanos : 0));
  }

  boolean validAt(long nowNanos) {
    return lease != null && nowNanos - validUntilNanos < 0;
  }

  boolean leadingAt(long nowNanos) {
    return mine && validAt(nowNanos);
  }

  /** The lease if it is still trusted at {@code nowNanos}, else null. */
  LeaderLease leaseAt(long nowNanos) {
    return validAt(nowNanos) ? lease : null;
  }
}
