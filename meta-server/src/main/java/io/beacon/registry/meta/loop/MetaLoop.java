package io.beacon.registry.meta.loop;

import io.beacon.registry.common.concurrent.Tasks;
import io.beacon.registry.common.lifecycle.Startable;
import io.beacon.registry.common.model.NodeInfo;
import io.beacon.registry.common.model.NodeRole;
import io.beacon.registry.meta.config.RegistryConfig;
import io.beacon.registry.meta.drain.DrainList;
import io.beacon.registry.meta.membership.NodeLeases;
import io.beacon.registry.meta.persistence.EpochRepository;
import io.beacon.registry.meta.persistence.LeaderLease;
import io.beacon.registry.meta.settings.MetaServerConfig;
import io.beacon.registry.meta.slot.SlotArranger;
import io.beacon.registry.meta.slot.SlotReports;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The meta loop: the single thread ({@code meta-loop}) that writes membership removals and the slot
 * table. Every {@code leaseCheckInterval} it evicts expired node leases and re-checks the table
 * ({@link #tick}); data servers that announced a graceful leave are drained like those on the drain
 * list, but only while their process lives (nothing is persisted). It also runs a round when the
 * assign delay or a new leader's warm-up ends, whenever a heartbeat reports a new or restarted data
 * server and after a drain change.
 *
 * <p>Concurrency: heartbeats ({@code meta-rpc}) and drain calls ({@code meta-http}) only ask for a
 * round ({@link #membershipChanged}); bursts coalesce into one round through {@code roundPending}.
 * Restarts travel from {@code meta-rpc} to the loop through the concurrent set {@code restarted}. A
 * change of leadership (on the election thread) is handed to the loop, which reloads what the
 * database holds (config, drains, the highest epoch) before it leads; a failure to do so is retried
 * every second.
 */
public final class MetaLoop implements Startable {

  private static final Logger log = LoggerFactory.getLogger(MetaLoop.class);
  private static final Duration TAKEOVER_RETRY = Duration.ofSeconds(1);

  private final ScheduledExecutorService loop;
  private final InstantSource clock;
  private final MetaServerConfig config;
  private final Supplier<String> address;
  private final NodeLeases leases;
  private final SlotReports reports;
  private final SlotArranger arranger;
  private final DrainList drains;
  private final RegistryConfig registryConfig;
  private final EpochRepository epochs;
  private final Set<String> restarted = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean roundPending = new AtomicBoolean();

  /**
   * @param loop the single thread every round runs on
   * @param address this meta's address, for logs
   */
  public MetaLoop(
      ScheduledExecutorService loop,
      InstantSource clock,
      MetaServerConfig config,
      Supplier<String> address,
      NodeLeases leases,
      SlotReports reports,
      SlotArranger arranger,
      DrainList drains,
      RegistryConfig registryConfig,
      EpochRepository epochs) {
    this.loop = loop;
    this.clock = clock;
    this.config = config;
    this.address = address;
    this.leases = leases;
    this.reports = reports;
    this.arranger = arranger;
    this.drains = drains;
    this.registryConfig = registryConfig;
    this.epochs = epochs;
  }

  /** Starts the periodic rounds, and one when the assign delay ends. */
  @Override
  public void start() {
    arranger.start(clock.instant());
    Duration interval = config.leaseCheckInterval();
    Tasks.scheduleWithFixedDelay(loop, "meta loop round", interval, interval, this::round);
    Tasks.schedule(loop, "meta loop round", config.slotAssignDelay(), this::round);
  }

  /** Nothing to stop: the rounds end with the loop's executor. */
  @Override
  public void close() {}

  /** One round: evict expired leases, then re-check the slot table. On the loop thread. */
  public void tick(Instant now) {
    for (NodeInfo gone : leases.tick(now)) {
      reports.forget(gone.address());
    }
    for (String address : List.copyOf(restarted)) {
      // Removed one by one: a restart marked meanwhile stays for the round its signal schedules.
      if (restarted.remove(address)) {
        arranger.dataServerRestarted(address);
      }
    }
    Set<String> live = leases.liveAddresses(NodeRole.DATA);
    // A leaving data server drains like one on the drain list, for as long as its process lives.
    Set<String> draining = new TreeSet<>(drains.draining(live));
    draining.addAll(leases.leavingAddresses(NodeRole.DATA));
    arranger.tick(now, live, draining);
  }

  /** A data server joined, left or started or stopped draining: run a round soon. Coalesces. */
  public void membershipChanged() {
    if (!roundPending.compareAndSet(false, true)) {
      return;
    }
    try {
      loop.execute(
          Tasks.guarded(
              "meta loop round",
              () -> {
                roundPending.set(false);
                round();
              }));
    } catch (RejectedExecutionException e) {
      roundPending.set(false);
    }
  }

  /** A heartbeat showed that the data server at {@code address} restarted within its lease. */
  public void dataServerRestarted(String address) {
    restarted.add(address);
  }

  /** Called on the election thread when this meta's leadership or the known leader changed. */
  public void leadershipChanged(boolean leading, LeaderLease lease) {
    if (!leading) {
      log.info(
          "meta follows leader={} address={}", lease == null ? null : lease.owner(), address.get());
      return;
    }
    try {
      loop.execute(() -> takeOver(lease));
    } catch (RejectedExecutionException e) {
      log.debug("leadership change not handled, closing address={}", address.get());
    }
  }

  private void takeOver(LeaderLease lease) {
    try {
      registryConfig.reload();
      drains.reload();
      long persisted = epochs.highest(config.clusterId());
      arranger.onLeadership(clock.instant(), config.leaderWarmup(), persisted);
      Tasks.schedule(loop, "meta loop round", config.leaderWarmup(), this::round);
      log.info(
          "meta leader address={} term={} switchesVersion={}",
          address.get(),
          lease == null ? 0 : lease.term(),
          registryConfig.switches().version());
    } catch (Throwable t) {
      log.warn("taking over as meta leader failed, retrying address={}", address.get(), t);
      try {
        Tasks.schedule(loop, "leader takeover", TAKEOVER_RETRY, () -> takeOver(lease));
      } catch (RejectedExecutionException e) {
        log.debug("takeover not retried, closing address={}", address.get());
      }
    }
  }

  /** A round now; what it throws is logged and the loop goes on ({@link Tasks}). */
  private void round() {
    tick(clock.instant());
  }
}
