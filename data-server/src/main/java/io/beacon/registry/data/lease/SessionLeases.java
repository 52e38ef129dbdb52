package io.beacon.registry.data.lease;

import io.beacon.registry.common.model.ProcessId;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * When each session process last showed this data server that it lives: a renew, a write batch, or
 * an answer to a sync pass naming it. A process is alive while it was seen within {@code lease} or
 * while meta lists it; otherwise its publishers are orphans ({@link LeaseExpiry}).
 *
 * <p>Grace: a process never seen here (its publishers reached this node some other way) is taken as
 * seen when it is first asked about, so it gets a full lease from then, which is never earlier than
 * this server's start. A process that renews again within the lease loses nothing.
 *
 * <p>Thread-safe: a concurrent map of instants. Renewed by {@code data-rpc} (renews, writes) and by
 * sync answers ({@code data-sync}); asked and pruned by the tick on {@code data-scheduler}.
 */
public final class SessionLeases {

  private final InstantSource clock;
  private final Duration lease;
  private final ConcurrentMap<ProcessId, Instant> lastSeen = new ConcurrentHashMap<>();

  public SessionLeases(InstantSource clock, Duration lease) {
    this.clock = clock;
    this.lease = lease;
  }

  public Duration lease() {
    return lease;
  }

  /** {@code processId} showed it lives, now. */
  public void renew(ProcessId processId) {
    Instant now = clock.instant();
    lastSeen.merge(processId, now, (held, seen) -> seen.isAfter(held) ? seen : held);
  }

  /**
   * Whether {@code processId}'s publishers must stay at {@code now}: meta lists it, or it was seen
   * within the lease (a process asked about for the first time starts its grace now).
   */
  public boolean isAlive(ProcessId processId, Set<ProcessId> listedByMeta, Instant now) {
    if (listedByMeta.contains(processId)) {
      return true;
    }
    Instant seen = lastSeen.putIfAbsent(processId, now);
    return seen == null || !now.isAfter(seen.plus(lease));
  }

  /** When {@code processId} was last seen, if it is remembered. */
  public Optional<Instant> lastSeen(ProcessId processId) {
    return Optional.ofNullable(lastSeen.get(processId));
  }

  /**
   * Forgets the processes not seen for two leases (their publishers were expired a lease ago);
   * returns how many. One that shows up again simply starts over.
   */
  public int prune(Instant now) {
    Instant cutoff = now.minus(lease.multipliedBy(2));
    int pruned = 0;
    for (Map.Entry<ProcessId, Instant> entry : lastSeen.entrySet()) {
      // Conditional, so a renew racing with the prune is never lost.
      if (entry.getValue().isBefore(cutoff) && lastSeen.remove(entry.getKey(), entry.getValue())) {
        pruned++;
      }
    }
    return pruned;
  }

  /** How many processes are remembered. */
  public int size() {
    return lastSeen.size();
  }
}
