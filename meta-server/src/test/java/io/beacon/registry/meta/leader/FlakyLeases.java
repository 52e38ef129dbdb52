package io.beacon.registry.meta.leader;

import io.beacon.registry.meta.persistence.LeaderLease;
import io.beacon.registry.meta.persistence.LeaderLeaseRepository;
import io.beacon.registry.meta.persistence.PersistenceException;
import java.sql.SQLException;
import java.util.Optional;

/**
 * A lease repository that can be made to fail, as an unreachable database does, or to run a hook
 * while a tryAcquire is in flight, as a slow database would. Fields are volatile; thread-safe.
 */
final class FlakyLeases implements LeaderLeaseRepository {

  private final LeaderLeaseRepository delegate;
  private volatile boolean failing;
  private volatile Runnable duringAcquire = () -> {};

  FlakyLeases(LeaderLeaseRepository delegate) {
    this.delegate = delegate;
  }

  void failing(boolean failing) {
    this.failing = failing;
  }

  void duringAcquire(Runnable hook) {
    this.duringAcquire = hook;
  }

  @Override
  public Optional<LeaderLease> read(String clusterId) {
    check("readLease");
    return delegate.read(clusterId);
  }

  @Override
  public LeaderLease tryAcquire(
      String clusterId, String candidate, String candidateHttp, long nowMillis, long leaseMillis) {
    check("tryAcquire");
    duringAcquire.run();
    return delegate.tryAcquire(clusterId, candidate, candidateHttp, nowMillis, leaseMillis);
  }

  @Override
  public void release(String clusterId, String owner) {
    check("releaseLease");
    delegate.release(clusterId, owner);
  }

  private void check(String operation) {
    if (failing) {
      throw new PersistenceException(operation, new SQLException("database unreachable (test)"));
    }
  }
}
