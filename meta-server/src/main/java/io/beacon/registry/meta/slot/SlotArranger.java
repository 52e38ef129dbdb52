package io.beacon.registry.meta.slot;

import io.beacon.registry.common.model.VersionClock;
import io.beacon.registry.common.slot.Slot;
import io.beacon.registry.common.slot.SlotTable;
import io.beacon.registry.common.slot.SlotTableHolder;
import io.beacon.registry.meta.leader.LeaderStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
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
 * <p>Drain. Servers an operator drains ({@code draining}) get no new copy from {@link
 * SlotAssigner}; once the assigner has nothing to do and every live server holds the table, {@link
 * DrainMoves} moves their copies away a few per tick, and only when it has nothing left to do (all
 * drained, or waiting for a catch-up) the balancer spreads the table over the eligible servers
 * (live minus draining), which finds nothing to do while a draining server still holds a copy. If
 * every live server drains, the table is kept (with a warning): a drain never empties the cluster.
 *
 * <p>Restarts. A data server that restarted within its lease ({@link #dataServerRestarted}) lost
 * its memory but is still listed in the table. The next round strips it as if it had died: its
 * slots promote their caught-up followers with new leader epochs, its follower copies go to other
 * servers, and its slot reports are forgotten. Only later rounds give it copies again, as to a new
 * server: followers first, leaders through the balancer once it reports them caught up. If no other
 * live server exists, its slots keep it as leader with new leader epochs, which tells it to rebuild
 * them.
 *
 * <p>State: the table lives in the {@link SlotTableHolder}, written only here (the single writer)
 * and read through its volatile field by heartbeat handling and HTTP. {@code assignNotBefore} is
 * written once at start; {@code warnedNoDataServers}, {@code warnedAllDraining} and {@code
 * restarted} are confined to the meta loop.
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
  private final DrainMoves drainMoves;
  private final Set<String> restarted = new TreeSet<>();
  private volatile Instant assignNotBefore;
  private boolean warnedNoDataServers;
  private boolean warnedAllDraining;

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
    this.drainMoves =
        new DrainMoves(versions, balancer.maxLeaderMoves(), balancer.maxFollowerMoves());
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
    restarted.clear(); // seen under an earlier leadership: the table has moved on since

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
   * A data server restarted at {@code address} within its lease (new processId): the next round
   * strips it from the table. Call on the meta loop.
   */
  public void dataServerRestarted(String address) {
    restarted.add(address);
  }

  /** Like {@link #tick(Instant, Set, Set)} with no server draining. */
  public boolean tick(Instant now, Set<String> liveDataServers) {
    return tick(now, liveDataServers, Set.of());
  }

  /**
   * Recomputes the table for {@code liveDataServers}, of which {@code draining} are being drained,
   * if the assign delay has passed and this meta leads; returns whether a new table was published.
   */
  public boolean tick(Instant now, Set<String> liveDataServers, Set<String> draining) {
    Instant notBefore = assignNotBefore;
    if (notBefore == null || now.isBefore(notBefore) || !leader.isLeader()) {
      return false;
    }
    warnIfNoDataServers(liveDataServers);
    adoptLearnedTable();
    SlotTable previous = tables.current();
    Set<String> drainingLive = new TreeSet<>(draining);
    drainingLive.retainAll(liveDataServers);
    boolean allDraining = warnIfAllDraining(liveDataServers, drainingLive);
    Optional<SlotTable> next;
    Set<String> strip = new TreeSet<>(restarted);
    if (!strip.isEmpty()) {
      next = stripRestarted(previous, liveDataServers, strip, drainingLive);
    } else {
      next =
          SlotAssigner.assign(
              previous, liveDataServers, replicas, versions, reports::isCaughtUp, drainingLive);
      if (next.isEmpty() && !allDraining && isStable(previous, liveDataServers)) {
        next =
            drainMoves.drain(
                previous, liveDataServers, drainingLive, replicas, reports::isCaughtUp);
        if (next.isEmpty()) {
          Set<String> eligible = new TreeSet<>(liveDataServers);
          eligible.removeAll(drainingLive);
          next = balancer.balance(previous, eligible, replicas, reports::isCaughtUp);
        }
      }
    }
    boolean published = next.isPresent() && publish(next.get(), previous, liveDataServers);
    if (!strip.isEmpty()) {
      // Forgotten only now: a report sent before the strip describes copies it no longer has.
      strip.forEach(reports::forget);
      restarted.removeAll(strip);
    }
    return published;
  }

  /**
   * The table without the restarted servers among {@code strip}: as {@link SlotAssigner} would
   * arrange it had they died; if none other is live, their slots get new leader epochs instead.
   */
  private Optional<SlotTable> stripRestarted(
      SlotTable previous, Set<String> live, Set<String> strip, Set<String> draining) {
    Set<String> stripped = new TreeSet<>(strip);
    stripped.retainAll(live); // one that died since is the assigner's ordinary business
    if (!previous.isAssigned() || stripped.stream().noneMatch(previous.dataServers()::contains)) {
      return Optional.empty();
    }
    log.info("stripping restarted data servers from the slot table nodes={}", stripped);
    Set<String> survivors = new TreeSet<>(live);
    survivors.removeAll(stripped);
    if (!survivors.isEmpty()) {
      return SlotAssigner.assign(
          previous, survivors, replicas, versions, reports::isCaughtUp, draining);
    }
    List<Slot> slots = new ArrayList<>();
    for (Slot slot : previous.slots()) {
      List<String> followers =
          slot.followers().stream().filter(node -> !stripped.contains(node)).toList();
      boolean relead = stripped.contains(slot.leader());
      slots.add(
          relead || !followers.equals(slot.followers())
              ? new Slot(
                  slot.id(),
                  slot.leader(),
                  relead ? versions.nextAfter(slot.leaderEpoch()) : slot.leaderEpoch(),
                  followers)
              : slot);
    }
    return Optional.of(new SlotTable(versions.nextAfter(previous.epoch()), slots));
  }

  /** Persists and installs {@code table}; returns false if a newer one was already installed. */
  private boolean publish(SlotTable table, SlotTable previous, Set<String> liveDataServers) {
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
   * Drain and balancing wait until the assigner has nothing to do (checked by the caller) and every
   * live data server holds the table; leaders move only to followers that reported their data
   * caught up.
   */
  private boolean isStable(SlotTable table, Set<String> liveDataServers) {
    return table.isAssigned() && reports.allHold(liveDataServers, table.epoch());
  }

  /** True (and a warning the first time) if every live data server is draining. */
  private boolean warnIfAllDraining(Set<String> liveDataServers, Set<String> drainingLive) {
    boolean all = !liveDataServers.isEmpty() && drainingLive.size() == liveDataServers.size();
    if (all && !warnedAllDraining) {
      log.warn(
          "every live data server is draining, keeping the slot table: a drain never takes slots"
              + " from the last servers draining={}",
          drainingLive);
    }
    warnedAllDraining = all;
    return all;
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
