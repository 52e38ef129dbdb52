package io.beacon.registry.meta.slot;

import io.beacon.registry.common.model.VersionClock;
import io.beacon.registry.common.slot.SlotTable;
import io.beacon.registry.common.slot.SlotTableHolder;
import io.beacon.registry.meta.leader.LeaderStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;
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
 * <p>A meta server that becomes leader ({@link #onLeadership}) first waits out its warm-up: it
 * collects the heartbeats of the nodes (its in-memory leases start empty) and the tables they
 * report ({@link LearnedTables}), hands out no table meanwhile, then adopts the newest table seen
 * and carries on from it, so a change of meta leader alone moves no slot. It never issues an epoch
 * at or below the highest one persisted, and persists every new epoch before publishing its table,
 * so epochs never go backwards across meta leaders.
 *
 * <p>Once the table is complete and every live data server holds it, {@link SlotBalancer} moves a
 * bounded number of slots per tick towards an even spread; a leader moves only by promoting a
 * follower that reported its data caught up ({@link SlotReports}).
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
  private final LearnedTables learned;
  private final LongConsumer persistEpoch;
  private final SlotReports reports;
  private final SlotBalancer balancer;
  private volatile Instant assignNotBefore;
  private boolean warnedNoDataServers;

  public SlotArranger(
      SlotTableHolder tables,
      int replicas,
      VersionClock versions,
      LeaderStatus leader,
      Duration assignDelay,
      LearnedTables learned,
      LongConsumer persistEpoch,
      SlotReports reports) {
    this.reports = reports;
    this.balancer = new SlotBalancer(versions);
    this.learned = learned;
    this.persistEpoch = persistEpoch;
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

  /**
   * This meta just became leader at {@code now}: no table change before {@code warmup} has passed,
   * and no epoch at or below {@code persistedEpoch}, the highest any leader has persisted.
   */
  public void onLeadership(Instant now, Duration warmup, long persistedEpoch) {
    versions.nextAfter(persistedEpoch);
    Instant warm = now.plus(warmup);
    Instant current = assignNotBefore;
    assignNotBefore = current == null || current.isBefore(warm) ? warm : current;
    log.info(
        "meta leadership starts, warming up until={} persistedEpoch={}",
        assignNotBefore,
        persistedEpoch);
  }

  /** False during the assign delay and a new leader's warm-up: tables are not handed out then. */
  public boolean handsOutTables(Instant now) {
    Instant notBefore = assignNotBefore;
    return notBefore != null && !now.isBefore(notBefore);
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
    adoptLearnedTable();
    SlotTable previous = tables.current();
    Optional<SlotTable> next =
        SlotAssigner.assign(previous, liveDataServers, replicas, versions, reports::isCaughtUp);
    if (next.isEmpty() && isStable(previous, liveDataServers)) {
      next = balancer.balance(previous, liveDataServers, replicas, reports::isCaughtUp);
    }
    if (next.isEmpty()) {
      return false;
    }
    SlotTable table = next.get();
    persistEpoch.accept(table.epoch()); // throws if the database is unreachable: not published
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

  /**
   * Balancing waits until the table is complete and every live data server holds it; leaders move
   * only to followers that reported their data caught up.
   */
  private boolean isStable(SlotTable table, Set<String> liveDataServers) {
    return table.isAssigned()
        && SlotBalancer.isComplete(table, liveDataServers, replicas)
        && reports.allHold(liveDataServers, table.epoch());
  }

  private void adoptLearnedTable() {
    SlotTable newest = learned.newest();
    if (newest != null && tables.update(newest)) {
      versions.nextAfter(newest.epoch());
      log.info("slot table relearned from the nodes epoch={}", newest.epoch());
    }
  }

  private void warnIfNoDataServers(Set<String> liveDataServers) {
    boolean none = liveDataServers.isEmpty() && tables.current().isAssigned();
    if (none && !warnedNoDataServers) {
      log.warn("no live data servers, keeping slot table epoch={}", tables.current().epoch());
    }
    warnedNoDataServers = none;
  }
}
