package io.beacon.registry.meta.leader;

import io.beacon.registry.meta.persistence.LeaderLease;
import io.beacon.registry.meta.persistence.LeaderLeaseRepository;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Elects the meta leader of a cluster through the lease row of a shared database.
 *
 * <p>Design. Each {@link #tick()} is one round: read the database clock, then one compare-and-set
 * that renews our lease, takes an expired one, or tells us who holds it. Leases are measured in
 * database time only, so the meta servers' own clocks may disagree. Locally, leadership lasts until
 * a deadline on the monotonic clock, taken before the round started: {@code start + lease -
 * safetyMargin} (see {@link LeaseView}). {@link #isLeader()} compares against it on every call, so
 * a meta that cannot renew (database down or slow, election thread stuck) stops acting as leader at
 * its deadline without any round running, before the lease expires for the others. A failed round
 * never extends anything.
 *
 * <p>Threads. Rounds run on the owner's election thread (tests call {@link #tick()} directly);
 * {@link #tick()}, {@link #close()} and {@link #abandon()} are serialized by {@code roundLock},
 * which guards {@code stopped}, {@code failing}, {@code lastSelf} and {@code lastNotice}. Readers
 * on any thread see the volatile {@code view}. The listener runs on the thread of the round that
 * saw the change, outside the lock; a loss of leadership at the deadline is reported by the next
 * round.
 */
public final class LeaseElector implements LeaderStatus, AutoCloseable {

  /** With {@link #DEFAULT_RENEW_INTERVAL}, a new leader takes over within 7 s of a crash. */
  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(6);

  public static final Duration DEFAULT_RENEW_INTERVAL = Duration.ofSeconds(1);

  /** Called when this meta gains or loses leadership, or the known leader changes. */
  @FunctionalInterface
  public interface Listener {
    /**
     * Told whether this meta leads now, and the lease it trusts.
     *
     * @param lease the trusted lease of the current leader, or null while no leader is known
     */
    void leadershipChanged(boolean leader, LeaderLease lease);
  }

  private static final Logger log = LoggerFactory.getLogger(LeaseElector.class);

  private record Notice(boolean leader, String owner, long term) {}

  private record Change(boolean leader, LeaderLease lease) {}

  private final LeaderLeaseRepository repository;
  private final String clusterId;
  private final Supplier<String> selfAddress;
  private final Supplier<String> selfHttpAddress;
  private final Duration lease;
  private final Duration renewInterval;
  private final LongSupplier databaseMillis;
  private final LongSupplier nanoTime;
  private final Listener listener;
  private final ReentrantLock roundLock = new ReentrantLock();

  private volatile LeaseView view = LeaseView.NONE;
  private boolean stopped;
  private boolean failing;

  /**
   * The address the last round ran under: what a release names when the port, and so {@code
   * selfAddress}, closed first (a server's parts close before its resources).
   */
  private String lastSelf;

  private Notice lastNotice = new Notice(false, null, 0);

  /**
   * @param selfAddress this meta's internal address; read every round, may return null until the
   *     port is bound (rounds do nothing until then)
   * @param lease how long a lease lasts after each renewal, in database time
   * @param renewInterval how often the owner calls {@link #tick()}; also the safety margin
   * @param databaseMillis the shared database clock, e.g. {@code MetaDatabase::databaseTimeMillis}
   * @param nanoTime the local monotonic clock, e.g. {@code System::nanoTime}
   */
  public LeaseElector(
      LeaderLeaseRepository repository,
      String clusterId,
      Supplier<String> selfAddress,
      Supplier<String> selfHttpAddress,
      Duration lease,
      Duration renewInterval,
      LongSupplier databaseMillis,
      LongSupplier nanoTime,
      Listener listener) {
    if (renewInterval.isNegative() || renewInterval.isZero()) {
      throw new IllegalArgumentException("renewInterval: " + renewInterval + " (expected: > 0)");
    }
    if (lease.compareTo(renewInterval.multipliedBy(2)) <= 0) {
      throw new IllegalArgumentException(
          "lease: " + lease + " (expected: > 2 x renewInterval " + renewInterval + ")");
    }
    this.repository = repository;
    this.clusterId = clusterId;
    this.selfAddress = selfAddress;
    this.selfHttpAddress = selfHttpAddress;
    this.lease = lease;
    this.renewInterval = renewInterval;
    this.databaseMillis = databaseMillis;
    this.nanoTime = nanoTime;
    this.listener = listener;
  }

  /** For an owner that knows its addresses up front. */
  public LeaseElector(
      LeaderLeaseRepository repository,
      String clusterId,
      String selfAddress,
      String selfHttpAddress,
      Duration lease,
      Duration renewInterval,
      LongSupplier databaseMillis,
      LongSupplier nanoTime,
      Listener listener) {
    this(
        repository,
        clusterId,
        () -> selfAddress,
        () -> selfHttpAddress,
        lease,
        renewInterval,
        databaseMillis,
        nanoTime,
        listener);
  }

  /** One election round. Never throws for a database failure: it only lets the deadline lapse. */
  public void tick() {
    Change changed;
    roundLock.lock();
    try {
      String self = selfAddress.get();
      if (stopped || self == null) {
        return;
      }
      lastSelf = self;
      renew(self);
      changed = noticeChange();
    } finally {
      roundLock.unlock();
    }
    notifyListener(changed);
  }

  /** Stops taking part and releases the lease if held, so another meta takes over at once. */
  @Override
  public void close() {
    stop(true);
  }

  /** Stops taking part WITHOUT releasing the lease, as a crash would: for tests. */
  public void abandon() {
    stop(false);
  }

  @Override
  public boolean isLeader() {
    return view.leadingAt(nanoTime.getAsLong());
  }

  @Override
  public String leaderAddress() {
    return knownLease().map(LeaderLease::owner).orElse(null);
  }

  @Override
  public String leaderHttpAddress() {
    return knownLease().map(LeaderLease::ownerHttp).orElse(null);
  }

  /** The term of the last lease seen, trusted or not; 0 before the first successful round. */
  @Override
  public long term() {
    LeaderLease last = view.lease();
    return last == null ? 0 : last.term();
  }

  /**
   * The current leader's lease while it can be trusted: seen by the last successful round and not
   * expired since (for our own lease: our leadership deadline has not passed).
   */
  public Optional<LeaderLease> knownLease() {
    return Optional.ofNullable(view.leaseAt(nanoTime.getAsLong()));
  }

  public Duration lease() {
    return lease;
  }

  public Duration renewInterval() {
    return renewInterval;
  }

  private void renew(String self) {
    long startNanos = nanoTime.getAsLong();
    try {
      long now = databaseMillis.getAsLong();
      LeaderLease seen =
          repository.tryAcquire(clusterId, self, selfHttpAddress.get(), now, lease.toMillis());
      view = LeaseView.observed(seen, self, startNanos, now, renewInterval.toNanos());
      if (failing) {
        failing = false;
        log.info("meta lease round recovered cluster={} self={}", clusterId, self);
      }
    } catch (RuntimeException e) {
      // Any failure counts as a failed round: the view keeps its deadline and lapses at it.
      if (!failing) {
        failing = true;
        log.warn("meta lease round failed cluster={} self={}", clusterId, self, e);
      } else {
        log.debug("meta lease round failed again cluster={} self={}", clusterId, self, e);
      }
    }
  }

  private void stop(boolean release) {
    Change changed;
    roundLock.lock();
    try {
      if (stopped) {
        return;
      }
      stopped = true;
      LeaseView last = view;
      view = LeaseView.NONE;
      String bound = selfAddress.get();
      String self = bound != null ? bound : lastSelf;
      if (release && self != null && (last.mine() || failing)) {
        releaseQuietly(self);
      }
      changed = noticeChange();
    } finally {
      roundLock.unlock();
    }
    notifyListener(changed);
  }

  private void releaseQuietly(String self) {
    try {
      repository.release(clusterId, self);
      log.info("meta lease released cluster={} self={}", clusterId, self);
    } catch (RuntimeException e) {
      log.warn("meta lease release failed cluster={} self={}", clusterId, self, e);
    }
  }

  /** Under roundLock: what to report if leadership or the known leader changed, else null. */
  private Change noticeChange() {
    long now = nanoTime.getAsLong();
    LeaseView current = view;
    LeaderLease known = current.leaseAt(now);
    Notice notice =
        new Notice(
            current.leadingAt(now),
            known == null ? null : known.owner(),
            known == null ? 0 : known.term());
    if (notice.equals(lastNotice)) {
      return null;
    }
    lastNotice = notice;
    log.info(
        "meta leader changed cluster={} self={} leading={} leader={} term={}",
        clusterId,
        selfAddress.get(),
        notice.leader(),
        notice.owner(),
        notice.term());
    return new Change(notice.leader(), known);
  }

  private void notifyListener(Change changed) {
    if (changed == null) {
      return;
    }
    try {
      listener.leadershipChanged(changed.leader(), changed.lease());
    } catch (RuntimeException e) {
      log.warn("meta leader listener failed cluster={}", clusterId, e);
    }
  }
}
