package io.beacon.registry.meta.slot;

import io.beacon.registry.common.model.VersionClock;
import io.beacon.registry.common.slot.SlotTable;
import io.beacon.registry.common.slot.SlotTableHolder;
import io.beacon.registry.meta.leader.LeaderStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides when meta recomputes the slot table and publishes the result. Runs on the meta loop,
 * which calls {@link #tick} on every lease check and whenever a data server joins.
 *
 * <p>Nothing is assigned before {@code assignDelay} has passed since {@link #start}: data servers
 * that start together all get their first heartbeat in by then and share the first table, instead
 * of the first one to beat taking every slot. Only the leader assigns.
 *
 * <p>State: the table lives in the {@link SlotTableHolder}, written only here (the single writer)
 * and read through its volatile field by heartbeat handling and HTTP. {@code assignNotBefore} is
 * written once at start; {@code warnedNoDataServers} is confined to the meta loop.
 */
public final class SlotArranger {

  private static final Logger log = LoggerFactory.getLogger(SlotArranger.class);

  private final SlotTableHolder tables;
  private final int replicas;
  private final VersionClock versions;
  private final LeaderStatus leader;
  private final Duration assignDelay;
  private volatile Instant assignNotBefore;
  private boolean warnedNoDataServers;

  public SlotArranger(
      SlotTableHolder tables,
      int replicas,
      VersionClock versions,
      LeaderStatus leader,
      Duration assignDelay) {
    this.tables = tables;
    this.replicas = replicas;
    this.versions = versions;
    this.leader = leader;
    this.assignDelay = assignDelay;
  }

  /** Starts the assign delay at {@code now}. */
  public void start(Instant now) {
    assignNotBefore = now.plus(assignDelay);
  }

  /** When the first assignment may happen, or null before {@link #start}. */
  public Instant assignNotBefore() {
    return assignNotBefore;
  }

  /**
   * Recomputes the table for {@code liveDataServers} if the assign delay has passed and this meta
   * leads; returns whether a new table was published.
   */
  public boolean tick(Instant now, Set<String> liveDataServers) {
    Instant notBefore = assignNotBefore;
    if (notBefore == null || now.isBefore(notBefore) || !leader.isLeader()) {
      return false;
    }
    warnIfNoDataServers(liveDataServers);
    SlotTable previous = tables.current();
    Optional<SlotTable> next = SlotAssigner.assign(previous, liveDataServers, replicas, versions);
    if (next.isEmpty()) {
      return false;
    }
    SlotTable table = next.get();
    if (!tables.update(table)) {
      log.warn(
          "slot table not newer, dropped epoch={} currentEpoch={}",
          table.epoch(),
          tables.current().epoch());
      return false;
    }
    SlotTableStatus status = SlotTableStatus.of(table, liveDataServers);
    log.info(
        "slot table changed epoch={} previousEpoch={} leaders={} followers={}",
        table.epoch(),
        previous.epoch(),
        status.leaders(),
        status.followers());
    return true;
  }

  private void warnIfNoDataServers(Set<String> liveDataServers) {
    boolean none = liveDataServers.isEmpty() && tables.current().isAssigned();
    if (none && !warnedNoDataServers) {
      log.warn("no live data servers, keeping slot table epoch={}", tables.current().epoch());
    }
    warnedNoDataServers = none;
  }
}
