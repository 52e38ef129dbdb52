package io.beacon.registry.session.leave;

import io.beacon.registry.common.concurrent.Tasks;
import io.beacon.registry.common.heartbeat.MetaLink;
import io.beacon.registry.common.protocol.LeaveStage;
import io.beacon.registry.session.discovery.SessionDirectory;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session server's graceful leave (SIGTERM, or {@code PUT /opsapi/v1/leave}), in this order:
 *
 * <ol>
 *   <li>it leaves discovery: its own {@code /api/servers/query} stops offering it, and its next
 *       heartbeat (sent at once) tells meta, which stops listing it in discovery (its node query)
 *       and tells the other sessions at once ({@code LeavingNotice}), so they stop offering it too;
 *   <li>its client port refuses new connections;
 *   <li>a {@link ConnectionDrain} hands the open connections over a few at a time: their clients
 *       reconnect to other sessions and register again there, while this session keeps claiming
 *       their publishers, so no data server treats them as removed or expired meanwhile (ADR 0008);
 *   <li>once none is open, or at {@code timeout}, it sends meta a last heartbeat saying {@link
 *       LeaveStage#LEFT} (meta drops its lease at once) and completes {@link #left()}; the caller
 *       closes the server and the process exits. The data servers remove what it still owns when
 *       its session lease ends: only entries no client registered again.
 * </ol>
 *
 * <p>Meanwhile it keeps serving the connections still open: registrations, pushes, renews.
 *
 * <p>State: the stage (volatile, read by every heartbeat request), the drain and whether finishing
 * began, guarded by {@code this}. {@link #begin} runs on any thread (the shutdown hook, {@code
 * session-http}), {@link #step} on {@code session-scheduler}, which alone touches the drain's
 * state; {@code left} completes on the RPC callback executor of the last heartbeat.
 */
public final class SessionLeave {

  private static final Logger log = LoggerFactory.getLogger(SessionLeave.class);

  private final ClientHandover clients;
  private final SessionDirectory directory;
  private final MetaLink meta;
  private final int perSecond;
  private final Duration timeout;
  private final InstantSource clock;
  private final CompletableFuture<Void> left = new CompletableFuture<>();

  private volatile LeaveStage stage = LeaveStage.STAYING;
  private Instant startedAt;
  private ConnectionDrain drain;
  private boolean finishing;

  /**
   * What a leave shows on {@code GET /opsapi/v1/leave}.
   *
   * @param stage STAYING, LEAVING or LEFT
   * @param elapsedMillis since the leave began (0 when staying)
   * @param handedOver client connections handed over so far
   * @param open client connections still open at the last step (-1 before it)
   */
  public record Status(String stage, long elapsedMillis, int handedOver, int open) {}

  /**
   * @param perSecond the most client connections handed over per second
   * @param timeout when every connection still open is handed over at once
   */
  public SessionLeave(
      ClientHandover clients,
      SessionDirectory directory,
      MetaLink meta,
      int perSecond,
      Duration timeout,
      InstantSource clock) {
    this.clients = clients;
    this.directory = directory;
    this.meta = meta;
    this.perSecond = perSecond;
    this.timeout = timeout;
    this.clock = clock;
  }

  /** Starts the leave; false if it had started already. Never blocks. */
  public boolean begin() {
    int open;
    synchronized (this) {
      if (stage != LeaveStage.STAYING) {
        return false;
      }
      startedAt = clock.instant();
      drain = new ConnectionDrain(clients, perSecond, timeout, startedAt);
      stage = LeaveStage.LEAVING;
      directory.leave();
      clients.refuseNewConnections();
      open = clients.openConnectIds().size();
    }
    meta.triggerNow();
    log.info(
        "session leaving: out of discovery, refusing new clients, handing over clients={}"
            + " perSecond={} timeoutMillis={}",
        open,
        perSecond,
        timeout.toMillis());
    return true;
  }

  /** Whether a leave is worth it: discovery lists another session for the clients to move to. */
  public boolean hasSomewhereToGo() {
    return directory.hasOtherStayingSession();
  }

  /**
   * What SIGTERM does before the server closes: if a leave began already or {@link
   * #hasSomewhereToGo()}, begins it and waits for its end, at most {@code atMost}; otherwise
   * returns at once. Blocks the calling thread (the shutdown hook's).
   */
  public void runIfUseful(Duration atMost) {
    if (stage == LeaveStage.STAYING && !hasSomewhereToGo()) {
      log.info("session closing without a leave: discovery lists no other session");
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

  /** Hands over what is due; ends the leave once no client connection is open. */
  public void step(Instant now) {
    ConnectionDrain current;
    synchronized (this) {
      if (stage != LeaveStage.LEAVING || finishing) {
        return;
      }
      current = drain;
    }
    if (!current.step(now)) {
      return;
    }
    long elapsed;
    synchronized (this) {
      finishing = true;
      stage = LeaveStage.LEFT;
      elapsed = Duration.between(startedAt, now).toMillis();
    }
    log.info(
        "session left: every client handed over handedOver={} elapsedMillis={} metaConnected={}",
        current.handedOver(),
        elapsed,
        meta.isConnected());
    Tasks.whenComplete(
        meta.sendOnce(),
        "last heartbeat",
        (answered, error) -> {
          if (!Boolean.TRUE.equals(answered)) {
            log.info("meta did not answer the last heartbeat: the session's lease expires");
          }
          left.complete(null);
        });
  }

  /** The stage every heartbeat reports. */
  public LeaveStage stage() {
    return stage;
  }

  /** Completes once the leave is done and meta was told (or could not be). */
  public CompletableFuture<Void> left() {
    return left;
  }

  public synchronized Status status() {
    if (drain == null) {
      return new Status(stage.name(), 0, 0, clients.openConnectIds().size());
    }
    return new Status(
        stage.name(),
        Duration.between(startedAt, clock.instant()).toMillis(),
        drain.handedOver(),
        drain.open());
  }
}
