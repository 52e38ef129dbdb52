package io.beacon.registry.session.leave;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Hands a session's client connections over a few at a time ({@link ClientHandover#handOver}), so
 * that their clients reconnect to the other sessions spread over time instead of in one storm: by
 * {@code t} after the start at most {@code perSecond * (t + STEP)} connections are handed over, in
 * {@link #step}s {@link #STEP} apart; once {@code bound} has passed, whatever is still open is
 * handed over at once, so a drain takes at most the bound plus one step. With the defaults (500 a
 * second, 30 s) 10,000 clients move in 20 s, 50 every tenth of a second.
 *
 * <p>Used by a graceful leave ({@link SessionLeave}); an operator's drain that keeps the session
 * running can drive one the same way and report {@link #handedOver()} and {@link #open()}.
 *
 * <p>State: the connectIds handed over so far (a connection's close event may come after the next
 * step, so the port still lists it), confined to the thread that calls {@link #step} (the session's
 * scheduler); the two counts are volatile for status readers. Bounded by the connections the port
 * held.
 */
public final class ConnectionDrain {

  /** The time between two steps. */
  public static final Duration STEP = Duration.ofMillis(100);

  private final ClientHandover clients;
  private final int perSecond;
  private final Duration bound;
  private final Instant start;
  private final Set<String> handedOverIds = new HashSet<>();
  private int handedOverSoFar;
  private volatile int handedOver;
  private volatile int open = -1;

  /**
   * @param perSecond the most connections handed over per second, at least 1
   * @param bound when every connection still open is handed over at once
   * @param start when the drain began
   */
  public ConnectionDrain(ClientHandover clients, int perSecond, Duration bound, Instant start) {
    if (perSecond < 1) {
      throw new IllegalArgumentException("perSecond: " + perSecond + " (expected: >= 1)");
    }
    this.clients = clients;
    this.perSecond = perSecond;
    this.bound = bound;
    this.start = start;
  }

  /** Hands over what is due at {@code now}; returns true once no connection is left open. */
  public boolean step(Instant now) {
    List<String> candidates = clients.openConnectIds();
    candidates.removeAll(handedOverIds);
    int quota = quota(Duration.between(start, now), candidates.size());
    int done = 0;
    for (int i = 0; i < quota; i++) {
      String connectId = candidates.get(i);
      handedOverIds.add(connectId);
      if (clients.handOver(connectId)) {
        done++;
      }
    }
    handedOverSoFar += done;
    handedOver = handedOverSoFar;
    open = candidates.size() - quota;
    return open == 0;
  }

  /** How many of {@code open} connections to hand over {@code elapsed} after the start. */
  int quota(Duration elapsed, int open) {
    if (elapsed.compareTo(bound) >= 0) {
      return open;
    }
    long allowed = perSecond * (Math.max(0, elapsed.toMillis()) + STEP.toMillis()) / 1000;
    long due = Math.max(0, allowed - handedOverIds.size());
    return (int) Math.min(open, due);
  }

  /** Connections handed over so far. */
  public int handedOver() {
    return handedOver;
  }

  /** Connections still open at the last step (-1 before the first). */
  public int open() {
    return open;
  }
}
