package io.beacon.registry.client.internal;

import io.beacon.registry.client.ClientConfig;
import io.beacon.registry.common.concurrent.Tasks;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sessions the client may connect to, and the order it tries them in. The list comes from
 * {@link SessionDiscovery}: asked at start, every {@code discoveryRefreshInterval}, after a
 * connection loss and after a whole round of attempts failed. The last two are rate-limited to one
 * ask per {@link #MIN_REDISCOVERY_GAP_MILLIS} (a skipped ask runs when the gap is over), so a
 * session that accepts connections and drops them at once does not turn every loss into a request
 * to the discovery endpoint. A failed or empty answer keeps the last non-empty list. A round hands
 * out the known sessions shuffled, the one just lost last.
 *
 * <p>Confined to the client's worker thread; discovery answers hop back onto it through {@code
 * worker}. Times are monotonic ({@link MonotonicClock}).
 */
final class SessionCandidates {

  static final long MIN_REDISCOVERY_GAP_MILLIS = 1_000;

  private static final Logger log = LoggerFactory.getLogger(SessionCandidates.class);

  private final ClientConfig config;
  private final SessionDiscovery discovery;
  private final MonotonicClock clock;
  private final Executor worker;
  private final RandomGenerator random;
  private final Runnable onAnswer;
  private final Deque<String> round = new ArrayDeque<>();
  private List<String> known = List.of();
  private String lastLost;
  private boolean discovering;
  private long nextDiscoveryAt = Long.MIN_VALUE;
  private long lastDiscoveryAt = Long.MIN_VALUE;
  private int discoveryFailures;
  private boolean closed;

  /**
   * @param onAnswer run on the worker after every non-empty discovery answer
   */
  SessionCandidates(
      ClientConfig config,
      SessionDiscovery discovery,
      MonotonicClock clock,
      Executor worker,
      RandomGenerator random,
      Runnable onAnswer) {
    this.config = config;
    this.discovery = discovery;
    this.clock = clock;
    this.worker = worker;
    this.random = random;
    this.onAnswer = onAnswer;
  }

  /** Asks discovery when its refresh (or a retry, or a skipped ask) is due. */
  void tick(long now) {
    if (!closed && !discovering && now >= nextDiscoveryAt) {
      discover(now);
    }
  }

  /** {@code address} was lost: a new round starts, with it last, and the list is asked again. */
  void lost(String address, long now) {
    lastLost = address;
    round.clear();
    rediscover(now);
  }

  /**
   * The session to try next, or null if none is known. Starting a new round after failures asks
   * discovery again: the list may be stale.
   */
  String next(long now, boolean afterFailures) {
    if (round.isEmpty()) {
      List<String> shuffled = new ArrayList<>(known);
      // Fisher-Yates with the injected generator, so tests can fix the order.
      for (int i = shuffled.size() - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        shuffled.set(j, shuffled.set(i, shuffled.get(j)));
      }
      if (lastLost != null && shuffled.remove(lastLost)) {
        shuffled.add(lastLost);
      }
      round.addAll(shuffled);
      if (afterFailures) {
        rediscover(now);
      }
    }
    return round.pollFirst();
  }

  void close() {
    closed = true;
  }

  /** An ask outside the schedule, unless one ran less than the minimum gap ago. */
  private void rediscover(long now) {
    if (discovering) {
      return;
    }
    long earliest = lastDiscoveryAt + MIN_REDISCOVERY_GAP_MILLIS;
    if (lastDiscoveryAt != Long.MIN_VALUE && now < earliest) {
      nextDiscoveryAt = Math.min(nextDiscoveryAt, earliest);
      return;
    }
    discover(now);
  }

  private void discover(long now) {
    discovering = true;
    lastDiscoveryAt = now;
    CompletableFuture<List<String>> future;
    try {
      future = discovery.sessions();
    } catch (RuntimeException e) {
      future = CompletableFuture.failedFuture(e);
    }
    Tasks.whenComplete(
        future,
        "discovery",
        (sessions, error) -> worker.execute(() -> discovered(sessions, error)));
  }

  private void discovered(List<String> sessions, Throwable error) {
    discovering = false;
    if (closed) {
      return;
    }
    long now = clock.millis();
    if (error != null || sessions == null || sessions.isEmpty()) {
      // Keep the last non-empty list: an empty or failed answer must not strand a client that
      // could still reach its sessions.
      discoveryFailures++;
      long retry =
          known.isEmpty()
              ? SessionConnector.backoffMillis(
                  discoveryFailures - 1,
                  config.reconnectBackoffMin(),
                  config.reconnectBackoffMax(),
                  random)
              : config.discoveryRefreshInterval().toMillis();
      nextDiscoveryAt = now + retry;
      if (known.isEmpty() && discoveryFailures == 1) {
        log.warn(
            "no session known, discovery will be retried retryInMs={} error={}",
            retry,
            error == null ? "empty answer" : String.valueOf(error));
      }
      return;
    }
    discoveryFailures = 0;
    nextDiscoveryAt = now + config.discoveryRefreshInterval().toMillis();
    if (!sessions.equals(known)) {
      known = List.copyOf(sessions);
      round.clear();
    }
    onAnswer.run();
  }
}
