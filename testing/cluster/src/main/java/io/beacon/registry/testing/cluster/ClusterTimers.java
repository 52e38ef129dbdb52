package io.beacon.registry.testing.cluster;

import java.time.Duration;

/**
 * The timers test clusters ({@link InProcessCluster}, {@code ProcessCluster}) give their servers:
 * short, so failures are noticed within seconds. Immutable.
 *
 * @param heartbeatInterval how often data and session servers renew their meta lease
 * @param nodeLease how long meta keeps a node that stopped heartbeating
 * @param leaseCheckInterval how often meta looks for expired node leases
 * @param slotAssignDelay how long meta waits for data servers before (re)assigning slots
 * @param leaderLease the meta leader's database lease
 * @param leaderRenewInterval how often the meta leader renews it
 * @param leaderWarmup how long a new meta leader learns before it leads
 * @param notifyRetryBackoff data server's delay before re-sending a change notice
 */
public record ClusterTimers(
    Duration heartbeatInterval,
    Duration nodeLease,
    Duration leaseCheckInterval,
    Duration slotAssignDelay,
    Duration leaderLease,
    Duration leaderRenewInterval,
    Duration leaderWarmup,
    Duration notifyRetryBackoff) {

  public static final ClusterTimers FAST =
      new ClusterTimers(
          Duration.ofMillis(200),
          Duration.ofSeconds(5),
          Duration.ofMillis(200),
          Duration.ofMillis(600),
          Duration.ofSeconds(3),
          Duration.ofMillis(500),
          Duration.ofMillis(800),
          Duration.ofMillis(100));

  /** These timers with another heartbeat interval and node lease (the lease must outlast beats). */
  public ClusterTimers withHeartbeat(Duration interval, Duration lease) {
    return new ClusterTimers(
        interval,
        lease,
        leaseCheckInterval,
        slotAssignDelay,
        leaderLease,
        leaderRenewInterval,
        leaderWarmup,
        notifyRetryBackoff);
  }
}
