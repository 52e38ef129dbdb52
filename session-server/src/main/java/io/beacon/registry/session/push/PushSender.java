package io.beacon.registry.session.push;

import com.alipay.sofa.registry.core.model.ReceivedData;
import io.beacon.registry.common.model.ConnectId;
import io.beacon.registry.common.model.Datum;
import io.beacon.registry.common.retry.Backoff;
import io.beacon.registry.common.rpc.RpcConnection;
import io.beacon.registry.session.connection.ClientConnections;
import io.beacon.registry.session.registration.Subscriber;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes datums to subscribers over their clients' own connections.
 *
 * <p>Per subscriber: pushes are ordered (one in flight at a time), deduplicated by version (a
 * version not above the last acknowledged one is never sent again) and coalesced (while a push is
 * in flight only the newest waiting datum is kept, so a slow client gets the newest data next, not
 * a backlog). A failed push is retried with backoff while the connection is open, up to {@code
 * retries} times; a newer datum that arrived meanwhile is sent instead of the failed one.
 *
 * <p>While stop-push is on ({@code pushAllowed} false for the client's IP) nothing is sent and
 * nothing is marked as pushed; lifting it re-pushes through {@link PushScheduler#repushAll()}.
 *
 * <p>State: one {@link SubscriberPush} per subscriber registration, guarded by its monitor; push
 * answers complete on the client port's callback executor; retries run on {@code scheduler}.
 */
public final class PushSender {

  private static final Logger log = LoggerFactory.getLogger(PushSender.class);

  private final ClientConnections connections;
  private final ReceivedDataFactory factory;
  private final Duration timeout;
  private final int retries;
  private final Backoff backoff;
  private final ScheduledExecutorService scheduler;
  private final Predicate<String> pushAllowed;
  private final Map<String, SubscriberPush> states = new ConcurrentHashMap<>();
  private final AtomicLong pushed = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  public PushSender(
      ClientConnections connections,
      ReceivedDataFactory factory,
      Duration timeout,
      int retries,
      Backoff backoff,
      ScheduledExecutorService scheduler,
      Predicate<String> pushAllowed) {
    this.pushAllowed = pushAllowed;
    this.connections = connections;
    this.factory = factory;
    this.timeout = timeout;
    this.retries = retries;
    this.backoff = backoff;
    this.scheduler = scheduler;
  }

  /** Pushes {@code datum} to {@code subscriber} unless it already has this version or newer. */
  public void push(Subscriber subscriber, Datum datum) {
    long version = pushVersion(datum);
    int generation;
    SubscriberPush state =
        states.computeIfAbsent(subscriber.registerId(), id -> new SubscriberPush());
    synchronized (state) {
      if (!subscriber.connectId().equals(state.connectId)) {
        // A new registration (or a replay over a new connection) starts over with a first push.
        state.reset(subscriber.connectId());
      }
      if (version <= state.pushedVersion) {
        return;
      }
      if (state.inFlight) {
        if (state.waiting == null || pushVersion(state.waiting) < version) {
          state.waiting = datum;
          state.waitingSubscriber = subscriber;
        }
        return;
      }
      state.inFlight = true;
      generation = state.generation;
    }
    send(state, generation, subscriber, datum, 0);
  }

  /** Forgets a subscriber that was removed; pushes in flight to it are dropped. */
  public void forget(Subscriber subscriber) {
    states.computeIfPresent(
        subscriber.registerId(),
        (id, state) -> subscriber.connectId().equals(state.connectId) ? null : state);
  }

  /**
   * Drops the push state of registrations that are gone: a push racing a client-off can recreate it
   * after {@link #forget}. Called by the periodic sweep.
   */
  public void prune(Predicate<String> isLiveRegisterId) {
    states.keySet().removeIf(registerId -> !isLiveRegisterId.test(registerId));
  }

  /** Number of subscriber registrations with push state. */
  public int stateCount() {
    return states.size();
  }

  /** The version last acknowledged by the subscriber's client, or 0. */
  public long pushedVersion(String registerId) {
    SubscriberPush state = states.get(registerId);
    if (state == null) {
      return 0;
    }
    synchronized (state) {
      return state.pushedVersion;
    }
  }

  public long pushedCount() {
    return pushed.get();
  }

  public long failedCount() {
    return failed.get();
  }

  static long pushVersion(Datum datum) {
    return Math.max(datum.version(), Datum.EMPTY_PUSH_VERSION);
  }

  private void send(
      SubscriberPush state, int generation, Subscriber subscriber, Datum datum, int attempt) {
    RpcConnection connection = connections.get(subscriber.connectId());
    if (connection == null
        || states.get(subscriber.registerId()) != state
        || !pushAllowed.test(ConnectId.clientIp(subscriber.connectId()))) {
      // Gone, replaced, or held back by stop-push: nothing is acknowledged, so a later push
      // (after stop-push is lifted) still sends this version.
      finish(state, generation, 0);
      return;
    }
    long version = pushVersion(datum);
    ReceivedData received = factory.build(subscriber, datum, version);
    connection
        .invoke(received, timeout)
        .whenComplete(
            (answer, error) -> {
              if (error == null) {
                pushed.incrementAndGet();
                finish(state, generation, version);
              } else {
                onFailure(state, generation, subscriber, datum, attempt, connection, error);
              }
            });
  }

  private void onFailure(
      SubscriberPush state,
      int generation,
      Subscriber subscriber,
      Datum datum,
      int attempt,
      RpcConnection connection,
      Throwable error) {
    failed.incrementAndGet();
    if (!connection.isOpen() || attempt + 1 >= retries) {
      log.warn(
          "push failed, giving up subscriber={} dataInfoId={} version={} attempts={} error={}",
          subscriber.registerId(),
          subscriber.dataInfoId(),
          pushVersion(datum),
          attempt + 1,
          error.getMessage());
      finish(state, generation, 0);
      return;
    }
    scheduler.schedule(
        () -> {
          Datum next = datum;
          Subscriber target = subscriber;
          int current;
          synchronized (state) {
            current = state.generation;
            if (state.waiting != null && pushVersion(state.waiting) > pushVersion(datum)) {
              next = state.waiting;
              target = state.waitingSubscriber;
              state.waiting = null;
              state.waitingSubscriber = null;
            }
          }
          if (current != generation) {
            // The subscriber moved to a new connection meanwhile: do not resend to the old one.
            finish(state, generation, 0);
            return;
          }
          send(state, current, target, next, attempt + 1);
        },
        backoff.delay(attempt).toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** Ends the push in flight; sends the datum that waited for it, if it is still newer. */
  private void finish(SubscriberPush state, int generation, long acknowledgedVersion) {
    Datum next;
    Subscriber target;
    int current;
    synchronized (state) {
      current = state.generation;
      if (generation == current) {
        // An answer from before a reset belongs to the old connection: it proves nothing now.
        state.pushedVersion = Math.max(state.pushedVersion, acknowledgedVersion);
      }
      next = state.waiting;
      target = state.waitingSubscriber;
      state.waiting = null;
      state.waitingSubscriber = null;
      if (next == null || pushVersion(next) <= state.pushedVersion) {
        state.inFlight = false;
        return;
      }
    }
    send(state, current, target, next, 0);
  }

  /** Push progress of one subscriber registration. Guarded by its own monitor. */
  private static final class SubscriberPush {
    String connectId;
    int generation;
    long pushedVersion;
    boolean inFlight;
    Datum waiting;
    Subscriber waitingSubscriber;

    void reset(String newConnectId) {
      connectId = newConnectId;
      generation++;
      pushedVersion = 0;
      waiting = null;
      waitingSubscriber = null;
      // An in-flight push to the old connection finishes on its own and then finds nothing newer.
    }
  }
}
