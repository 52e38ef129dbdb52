package io.beacon.registry.data.leave;

import io.beacon.registry.common.concurrent.Tasks;
import io.beacon.registry.common.heartbeat.MetaLink;
import io.beacon.registry.common.protocol.LeaveStage;
import io.beacon.registry.common.slot.SlotTableHolder;
import io.beacon.registry.data.heartbeat.MetaView;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A data server's graceful leave (SIGTERM, or {@code PUT /opsapi/v1/leave}): it tells meta it is
 * leaving, keeps serving reads, writes and replication meanwhile, and is done once meta has
 * acknowledged the leave and the slot table it holds shows it leads no slot, since meta's drain
 * moves a leaving server's leaderships to caught-up followers only (ADR 0006, ADR 0008). It is also
 * done when meta lists no other data server that stays (nowhere to move its slots), or at {@code
 * timeout} after the start, whatever meta did, with a log line that says why (meta unreachable, or
 * slots still led). When done it sends meta a last heartbeat saying {@link LeaveStage#LEFT} (meta
 * then drops its lease at once) and completes {@link #left()}; the caller exits the process.
 *
 * <p>Ordering: the leave is acknowledged by a heartbeat answer that names this server among the
 * leaving nodes; that answer's table, or a later one, is the one checked, so a table from before
 * meta knew never ends the leave. Tables and views only move forward ({@code SlotTableHolder},
 * {@code MetaViewHolder}).
 *
 * <p>State: the stage (volatile, read by every heartbeat request), the start and whether finishing
 * began, guarded by {@code this}. {@link #begin} runs on any thread (the shutdown hook, {@code
 * data-http}); {@link #check} on {@code data-scheduler}; {@code left} completes on the RPC callback
 * executor of the last heartbeat. Time is the injected clock.
 */
public final class DataLeave {

  private static final Logger log = LoggerFactory.getLogger(DataLeave.class);

  private final Supplier<String> address;
  private final SlotTableHolder tables;
  private final Supplier<MetaView> meta;
  private final MetaLink channel;
  private final Duration timeout;
  private final InstantSource clock;
  private final CompletableFuture<Void> left = new CompletableFuture<>();

  private volatile LeaveStage stage = LeaveStage.STAYING;
  private Instant startedAt;
  private boolean finishing;

  /**
   * What a leave shows on {@code GET /opsapi/v1/leave}.
   *
   * @param stage STAYING, LEAVING or LEFT
   * @param elapsedMillis since the leave began (0 when staying)
   * @param acknowledged meta's last answer names this server as leaving
   * @param slotsLed slots the table this server holds says it still leads
   */
  public record Status(String stage, long elapsedMillis, boolean acknowledged, int slotsLed) {}

  /**
   * @param address this server's address as the slot table names it
   * @param meta what the meta leader said last
   * @param timeout the longest the leave waits for its leaderships to move
   */
  public DataLeave(
      Supplier<String> address,
      SlotTableHolder tables,
      Supplier<MetaView> meta,
      MetaLink channel,
      Duration timeout,
      InstantSource clock) {
    this.address = address;
    this.tables = tables;
    this.meta = meta;
    this.channel = channel;
    this.timeout = timeout;
    this.clock = clock;
  }

  /** Starts the leave; false if it had started already. Never blocks. */
  public boolean begin() {
    synchronized (this) {
      if (stage != LeaveStage.STAYING) {
        return false;
      }
      startedAt = clock.instant();
      stage = LeaveStage.LEAVING;
    }
    log.info(
        "data server leaving address={} slotsLed={} timeoutMillis={}",
        address.get(),
        tables.current().slotsLedBy(address.get()).size(),
        timeout.toMillis());
    channel.triggerNow();
    return true;
  }

  /**
   * Whether a leave is worth its wait: meta's last answer lists another data server that stays, to
   * take this one's leaderships. A lone data server (a standalone registry) just closes.
   */
  public boolean hasSomewhereToGo() {
    return !meta.get().stayingDataServersBut(address.get()).isEmpty();
  }

  /**
   * What SIGTERM does before the server closes: if a leave began already, or {@link
   * #hasSomewhereToGo()}, begins it and waits for its end, at most {@code atMost}; otherwise
   * returns at once. Blocks the calling thread (the shutdown hook's).
   */
  public void runIfUseful(Duration atMost) {
    if (stage == LeaveStage.STAYING && !hasSomewhereToGo()) {
      log.info("data server closing without a leave: no other data server stays");
      return;
    }
    begin();
    try {
      left.get(atMost.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      log.warn("graceful leave did not end within {} ms, closing", atMost.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Ends the leave if it is done (see the class header). On {@code data-scheduler}. */
  public void check(Instant now) {
    String reason;
    long elapsed;
    synchronized (this) {
      if (stage != LeaveStage.LEAVING || finishing) {
        return;
      }
      reason = reasonToEnd(now);
      if (reason == null) {
        return;
      }
      finishing = true;
      elapsed = Duration.between(startedAt, now).toMillis();
      stage = LeaveStage.LEFT;
    }
    log.info(
        "data server left address={} reason=\"{}\" elapsedMillis={}",
        address.get(),
        reason,
        elapsed);
    Tasks.whenComplete(
        channel.sendOnce(),
        "last heartbeat",
        (answered, error) -> {
          if (!Boolean.TRUE.equals(answered)) {
            log.info(
                "meta did not answer the last heartbeat address={}: its lease expires instead",
                address.get());
          }
          left.complete(null);
        });
  }

  private String reasonToEnd(Instant now) {
    String self = address.get();
    MetaView view = meta.get();
    boolean acknowledged = view.leaving().contains(self);
    int led = tables.current().slotsLedBy(self).size();
    if (acknowledged && led == 0) {
      return "leads no slot";
    }
    if (acknowledged && view.stayingDataServersBut(self).isEmpty()) {
      return "no other data server stays to take its " + led + " slots";
    }
    if (Duration.between(startedAt, now).compareTo(timeout) >= 0) {
      return channel.isConnected()
          ? "leave-timeout reached while still leading " + led + " slots"
          : "meta unreachable: leave-timeout reached while still leading " + led + " slots";
    }
    return null;
  }

  /** The stage every heartbeat reports. */
  public LeaveStage stage() {
    return stage;
  }

  /** Completes once the leave is done and meta was told (or could not be). */
  public CompletableFuture<Void> left() {
    return left;
  }

  public Status status() {
    String self = address.get();
    Instant started;
    synchronized (this) {
      started = startedAt;
    }
    return new Status(
        stage.name(),
        started == null ? 0 : Duration.between(started, clock.instant()).toMillis(),
        meta.get().leaving().contains(self),
        tables.current().slotsLedBy(self).size());
  }
}
