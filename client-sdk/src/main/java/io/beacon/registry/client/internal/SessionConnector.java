package io.beacon.registry.client.internal;

import com.alipay.sofa.registry.core.model.Result;
import io.beacon.registry.client.ClientConfig;
import io.beacon.registry.client.internal.Transport.ConnectionEvents;
import io.beacon.registry.client.internal.Transport.TransportConnection;
import io.beacon.registry.common.concurrent.Tasks;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the client connected to one session server, trying the sessions {@link SessionCandidates}
 * hands out. After a failed attempt the next waits a full-jitter backoff, random in {@code [0,
 * min(max, min * 2^n)]} for the n-th failure in a row.
 *
 * <p>A connection counts as working once it has proven itself: a registration was acknowledged on
 * it ({@link #acknowledged()}), or it stayed open for {@code reconnectBackoffMax}. Only then does
 * the failure count start again from zero, and the loss of a proven connection is followed by an
 * immediate attempt. A connection lost before it proved itself counts as one more failed attempt,
 * so a session that accepts connections and drops them at once is retried with a growing backoff,
 * not in a tight loop.
 *
 * <p>Confined to the client's worker thread; transport callbacks hop onto it through {@code
 * worker}, and results of attempts or connections no longer current are dropped (a late connection
 * is closed, a push from a lost connection is answered but not applied). Pushes waiting on the
 * worker are capped at {@link #MAX_QUEUED_PUSHES}: beyond that a push is answered busy ({@code
 * Result.success=false}) on the transport thread, and the session sends it again later. Times are
 * monotonic ({@link MonotonicClock}).
 */
final class SessionConnector {

  /** What the connector reports, on the worker thread. */
  interface Listener {
    void onConnected(TransportConnection connection, long now);

    void onDisconnected(String address, long now);

    /** A push from the current connection that passed {@link PushApplier#check}. */
    void onPush(Object push);
  }

  static final int MAX_QUEUED_PUSHES = 10_000;

  private static final Logger log = LoggerFactory.getLogger(SessionConnector.class);

  private final ClientConfig config;
  private final Transport transport;
  private final MonotonicClock clock;
  private final Executor worker;
  private final RandomGenerator random;
  private final Listener listener;
  private final SessionCandidates candidates;

  /** Pushes answered but not yet handled by the worker; written on transport and worker threads. */
  private final AtomicInteger queuedPushes = new AtomicInteger();

  private TransportConnection current;
  private volatile String connectedAddress;
  private long connectedAt;
  private boolean proven;
  private boolean connecting;
  private String connectingTo;
  private long attempt;
  private long connectDeadline;
  private int failures;
  private long nextAttemptAt = Long.MAX_VALUE;
  private boolean closed;

  SessionConnector(
      ClientConfig config,
      Transport transport,
      SessionDiscovery discovery,
      MonotonicClock clock,
      Executor worker,
      RandomGenerator random,
      Listener listener) {
    this.config = config;
    this.transport = transport;
    this.clock = clock;
    this.worker = worker;
    this.random = random;
    this.listener = listener;
    this.candidates =
        new SessionCandidates(config, discovery, clock, worker, random, this::sessionsKnown);
  }

  /**
   * Full jitter: random in {@code [0, min(max, min * 2^failure)]} milliseconds. The doubling
   * saturates at {@code max} instead of overflowing.
   */
  static long backoffMillis(int failure, Duration min, Duration max, RandomGenerator random) {
    long maxMillis = max.toMillis();
    long minMillis = Math.max(1, min.toMillis());
    // minMillis << failure stays positive while the shift is below the leading zeros.
    long bound =
        failure >= Long.numberOfLeadingZeros(minMillis)
            ? maxMillis
            : Math.min(maxMillis, minMillis << failure);
    return random.nextLong(Math.min(Math.max(0, bound), Long.MAX_VALUE - 1) + 1);
  }

  /** {@code host:port} of the connected session, or null; read on any thread. */
  String connectedAddress() {
    return connectedAddress;
  }

  void tick(long now) {
    if (closed) {
      return;
    }
    candidates.tick(now);
    if (current != null
        && !proven
        && now - connectedAt >= config.reconnectBackoffMax().toMillis()) {
      prove();
    }
    if (connecting && now >= connectDeadline) {
      attemptFailed(now, new TimeoutException("connect did not complete"));
    }
    if (current == null && !connecting && now >= nextAttemptAt) {
      connect(now);
    }
  }

  /** A registration was acknowledged on the current connection: the session serves this client. */
  void acknowledged() {
    if (current != null && !proven) {
      prove();
    }
  }

  void close() {
    closed = true;
    connecting = false;
    candidates.close();
    if (current != null) {
      current.close();
      current = null;
      connectedAddress = null;
    }
  }

  private void prove() {
    proven = true;
    failures = 0;
  }

  private void connect(long now) {
    String address = candidates.next(now, failures > 0);
    if (address == null) {
      nextAttemptAt = Long.MAX_VALUE; // the discovery answer starts the next attempt
      return;
    }
    connecting = true;
    connectingTo = address;
    long id = ++attempt;
    connectDeadline = now + 2 * config.connectTimeout().toMillis();
    CompletableFuture<TransportConnection> future;
    try {
      future = transport.connect(address, config.connectTimeout(), new Events());
    } catch (RuntimeException e) {
      future = CompletableFuture.failedFuture(e);
    }
    Tasks.whenComplete(
        future,
        "connect",
        (connection, error) -> worker.execute(() -> attemptDone(id, connection, error)));
  }

  private void attemptDone(long id, TransportConnection connection, Throwable error) {
    if (closed || !connecting || id != attempt) {
      if (connection != null) {
        connection.close();
      }
      return;
    }
    long now = clock.millis();
    if (error != null || connection == null || !connection.isOpen()) {
      attemptFailed(now, error);
      return;
    }
    connecting = false;
    current = connection;
    connectedAddress = connectingTo;
    connectedAt = now;
    proven = false; // failures stay counted until the connection proves itself
    log.info("connected session={}", connectingTo);
    listener.onConnected(connection, now);
  }

  private void attemptFailed(long now, Throwable error) {
    connecting = false;
    long delay = retryAfterBackoff(now);
    log.debug(
        "connect failed session={} failures={} retryInMs={} error={}",
        connectingTo,
        failures,
        delay,
        String.valueOf(error));
  }

  /** Counts a failure and schedules the next attempt after its backoff; returns the delay. */
  private long retryAfterBackoff(long now) {
    long delay =
        backoffMillis(failures, config.reconnectBackoffMin(), config.reconnectBackoffMax(), random);
    failures++;
    nextAttemptAt = now + delay;
    return delay;
  }

  private void closed(TransportConnection connection) {
    if (closed || connection != current) {
      return;
    }
    long now = clock.millis();
    String address = connectedAddress;
    boolean wasProven = proven || now - connectedAt >= config.reconnectBackoffMax().toMillis();
    current = null;
    connectedAddress = null;
    listener.onDisconnected(address, now);
    candidates.lost(address, now);
    if (wasProven) {
      failures = 0;
      nextAttemptAt = now;
      log.info("disconnected session={}", address);
      connect(now);
    } else {
      long delay = retryAfterBackoff(now);
      log.info(
          "disconnected before the connection proved itself session={} failures={} retryInMs={}",
          address,
          failures,
          delay);
    }
  }

  private void sessionsKnown() {
    if (current == null && !connecting && nextAttemptAt == Long.MAX_VALUE) {
      long now = clock.millis();
      nextAttemptAt = now;
      connect(now);
    }
  }

  /**
   * The events of one connection, on transport threads: pushes are checked and answered here and
   * applied on the worker, only while this connection is still the current one. A connection's
   * pushes reach the worker after its {@link #attemptDone} (the transport releases them only once
   * {@code connect}'s future completed, and the worker runs tasks in order).
   */
  private final class Events implements ConnectionEvents {

    @Override
    public Object onPush(TransportConnection connection, Object push) {
      Result problem = PushApplier.check(push);
      if (problem != null) {
        return problem;
      }
      if (queuedPushes.incrementAndGet() > MAX_QUEUED_PUSHES) {
        queuedPushes.decrementAndGet();
        return new Result(false, "busy: client has " + MAX_QUEUED_PUSHES + " pushes queued");
      }
      worker.execute(
          () -> {
            queuedPushes.decrementAndGet();
            if (!closed && connection == current) {
              listener.onPush(push);
            }
          });
      return Result.success();
    }

    @Override
    public void onClosed(TransportConnection connection) {
      worker.execute(() -> closed(connection));
    }
  }
}
