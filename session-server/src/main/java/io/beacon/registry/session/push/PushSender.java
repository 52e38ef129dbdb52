package io.beacon.registry.session.push;

import com.alipay.sofa.registry.core.model.ReceivedData;
import io.beacon.registry.common.concurrent.Tasks;
import io.beacon.registry.common.model.ConnectId;
import io.beacon.registry.common.model.Datum;
import io.beacon.registry.common.retry.Backoff;
import io.beacon.registry.common.rpc.ConnectionListener;
import io.beacon.registry.common.rpc.RpcConnection;
import io.beacon.registry.session.connection.ClientConnections;
import io.beacon.registry.session.push.ConnectionPushes.Batch;
import io.beacon.registry.session.push.ConnectionPushes.Outcome;
import io.beacon.registry.session.push.ConnectionPushes.Ready;
import io.beacon.registry.session.push.ConnectionPushes.SubscriberPush;
import io.beacon.registry.session.registration.Subscriber;
import io.beacon.registry.session.settings.PushLimits;
import io.beacon.registry.session.trace.PushTracer;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes datums to subscribers over their clients' own connections.
 *
 * <p>Per subscriber: pushes are ordered (one in flight at a time), deduplicated by version (a
 * version not above the last acknowledged one is never sent again) and coalesced (only the newest
 * waiting datum is kept, so a slow client gets the newest data next, not a backlog). A failed push
 * is retried with backoff while the connection is open, up to {@code retries} times; a newer datum
 * that arrived meanwhile is sent instead of the failed one.
 *
 * <p>Per connection ({@link ConnectionPushes}): subscribers of one dataInfoId with the same scope
 * and zone that are ready together get one frame naming all their registIds, built from the
 * payload's shared zone map. Nothing is written to a connection whose outbound buffer is above its
 * high watermark: the newest datum per subscriber waits, and {@link #onWritable} sends it when the
 * client reads again, so a client that stops reading costs at most the watermark, one frame per
 * subscriber group written before it was crossed, and one datum reference per subscriber. A circuit
 * breaker stops pushing to a connection after consecutive failures, for a growing cool-down.
 *
 * <p>While stop-push is on ({@code pushAllowed} false for the client's IP) nothing is sent and
 * nothing is marked as pushed; lifting it re-pushes through {@link PushScheduler#repushAll()}.
 *
 * <p>Each acknowledged frame is reported to the {@link PushTracer} with the time it was handed to
 * the connection (after serialization) and the time of the answer.
 *
 * <p>State: {@code states} and {@code queues} are concurrent maps; each queue's content is guarded
 * by its monitor and frames are sent outside it. Answers complete on the client port's callback
 * executor; retries and breaker cool-downs run on {@code scheduler}.
 */
public final class PushSender {

  private static final Logger log = LoggerFactory.getLogger(PushSender.class);

  private final ClientConnections connections;
  private final ReceivedDataFactory factory;
  private final Duration timeout;
  private final int retries;
  private final Backoff backoff;
  private final PushLimits limits;
  private final Backoff breakerCooldown;
  private final ScheduledExecutorService scheduler;
  private final Predicate<String> pushAllowed;
  private final PushTracer tracer;
  private final Map<String, SubscriberPush> states = new ConcurrentHashMap<>();
  private final Map<String, ConnectionPushes> queues = new ConcurrentHashMap<>();
  private final AtomicLong pushed = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong heldBack = new AtomicLong();
  private final AtomicLong breakerOpenings = new AtomicLong();

  public PushSender(
      ClientConnections connections,
      ReceivedDataFactory factory,
      Duration timeout,
      int retries,
      Backoff backoff,
      PushLimits limits,
      ScheduledExecutorService scheduler,
      Predicate<String> pushAllowed) {
    this(
        connections,
        factory,
        timeout,
        retries,
        backoff,
        limits,
        scheduler,
        pushAllowed,
        PushTracer.disabled());
  }

  public PushSender(
      ClientConnections connections,
      ReceivedDataFactory factory,
      Duration timeout,
      int retries,
      Backoff backoff,
      PushLimits limits,
      ScheduledExecutorService scheduler,
      Predicate<String> pushAllowed,
      PushTracer tracer) {
    this.connections = connections;
    this.factory = factory;
    this.timeout = timeout;
    this.retries = retries;
    this.backoff = backoff;
    this.limits = limits;
    this.breakerCooldown = new Backoff(limits.breakerCooldownMin(), limits.breakerCooldownMax());
    this.scheduler = scheduler;
    this.pushAllowed = pushAllowed;
    this.tracer = tracer;
  }

  /** Pushes {@code datum} to {@code subscriber} unless it already has this version or newer. */
  public void push(Subscriber subscriber, Datum datum) {
    push(List.of(subscriber), new PushPayload(datum));
  }

  /**
   * Pushes {@code payload} to each of {@code subscribers} that does not have it yet; subscribers of
   * one connection that are ready together share one frame.
   */
  public void push(Collection<Subscriber> subscribers, PushPayload payload) {
    Set<ConnectionPushes> touched = new HashSet<>();
    for (Subscriber subscriber : subscribers) {
      SubscriberPush state = stateOf(subscriber);
      if (state.queue.offer(state, subscriber, payload)) {
        touched.add(state.queue);
      }
    }
    touched.forEach(this::drain);
  }

  /**
   * A listener of the client port that, when a connection turns writable again, sends what waited
   * for it on {@code executor} (never on the I/O thread: draining builds and serializes frames).
   */
  public ConnectionListener writabilityListener(Executor executor) {
    return new ConnectionListener() {
      @Override
      public void onClose(RpcConnection connection) {}

      @Override
      public void onWritabilityChanged(RpcConnection connection, boolean writable) {
        if (writable) {
          String connectId = ClientConnections.connectIdOf(connection);
          executor.execute(() -> onWritable(connectId));
        }
      }
    };
  }

  /** The connection {@code connectId} can be written to again: send what waited for it. */
  public void onWritable(String connectId) {
    ConnectionPushes queue = queues.get(connectId);
    if (queue != null) {
      drain(queue);
    }
  }

  /** Forgets a subscriber that was removed; pushes in flight to it are dropped. */
  public void forget(Subscriber subscriber) {
    SubscriberPush state = states.get(subscriber.registerId());
    if (state != null
        && state.queue.connectId.equals(subscriber.connectId())
        && states.remove(subscriber.registerId(), state)) {
      detach(state);
    }
  }

  /**
   * Drops the push state of registrations that are gone: a push racing a client-off can recreate it
   * after {@link #forget}. Called by the periodic sweep.
   */
  public void prune(Predicate<String> isLiveRegisterId) {
    states.forEach(
        (registerId, state) -> {
          if (!isLiveRegisterId.test(registerId) && states.remove(registerId, state)) {
            detach(state);
          }
        });
  }

  /**
   * Bytes buffered for client connections and not yet taken by their sockets: what clients that do
   * not read cost this process, bounded per connection by the push write-buffer watermark.
   */
  public long pendingWriteBytes() {
    return connections.pendingWriteBytes();
  }

  /** Number of subscriber registrations with push state. */
  public int stateCount() {
    return states.size();
  }

  /** Number of client connections with a push queue. */
  public int queueCount() {
    return queues.size();
  }

  /** The version last acknowledged by the subscriber's client, or 0. */
  public long pushedVersion(String registerId) {
    SubscriberPush state = states.get(registerId);
    return state == null ? 0 : state.queue.pushedVersion(state);
  }

  /** The breaker of {@code connectId}'s queue, or CLOSED when it has none. */
  public String breakerState(String connectId) {
    ConnectionPushes queue = queues.get(connectId);
    return (queue == null ? PushBreaker.State.CLOSED : queue.breakerState()).name();
  }

  /** Frames acknowledged by clients. */
  public long pushedCount() {
    return pushed.get();
  }

  /** Frames that failed or timed out. */
  public long failedCount() {
    return failed.get();
  }

  /** Times a ready push waited because its connection was above the high watermark. */
  public long heldBackCount() {
    return heldBack.get();
  }

  /** Times a connection's circuit breaker opened. */
  public long breakerOpenings() {
    return breakerOpenings.get();
  }

  /** The subscriber's state on its current connection; a new connection starts from scratch. */
  private SubscriberPush stateOf(Subscriber subscriber) {
    String registerId = subscriber.registerId();
    while (true) {
      SubscriberPush current = states.get(registerId);
      if (current != null && current.queue.connectId.equals(subscriber.connectId())) {
        return current;
      }
      ConnectionPushes queue =
          queues.computeIfAbsent(
              subscriber.connectId(),
              id ->
                  new ConnectionPushes(
                      id, limits.breakerThreshold(), breakerCooldown, limits.framesInFlight()));
      SubscriberPush created = new SubscriberPush(registerId, queue);
      SubscriberPush attached = queue.attach(created);
      if (attached == null) {
        queues.remove(queue.connectId, queue); // retired while we looked it up
        continue;
      }
      if (attached != created) {
        // Another push is creating this registration's state on this connection right now: use
        // its state, which it installs (or, losing to a newer connection, detaches) itself.
        return attached;
      }
      boolean installed =
          current == null
              ? states.putIfAbsent(registerId, created) == null
              : states.replace(registerId, current, created);
      if (installed) {
        if (current != null) {
          detach(current); // an in-flight push to the old connection ends without effect
        }
        return created;
      }
      detach(created);
    }
  }

  private void detach(SubscriberPush state) {
    if (state.queue.detach(state)) {
      queues.remove(state.queue.connectId, state.queue);
    }
  }

  private void drain(ConnectionPushes queue) {
    RpcConnection connection = connections.get(queue.connectId);
    boolean allowed = connection != null && pushAllowed.test(ConnectId.clientIp(queue.connectId));
    // Gone or held back by stop-push: the waiting datums are dropped unacknowledged, so a later
    // push (after stop-push is lifted) still sends their versions.
    Ready ready = queue.takeReady(allowed, allowed && connection.isWritable());
    if (ready.heldBack()) {
      heldBack.incrementAndGet();
    }
    for (Batch batch : ready.batches()) {
      send(queue, connection, batch);
    }
  }

  private void send(ConnectionPushes queue, RpcConnection connection, Batch batch) {
    CompletableFuture<Object> answer;
    try {
      ReceivedData received = factory.build(batch.subscribers(), batch.payload());
      answer = connection.invoke(received, timeout);
    } catch (RuntimeException e) {
      // Completed like any failed push, so the batch's place in the connection's window is freed.
      answer = CompletableFuture.failedFuture(e);
    }
    // invoke returns once the frame is serialized and handed to the connection's channel.
    long sentNanos = tracer.nanoTime();
    Tasks.whenComplete(
        answer,
        "push answer",
        (reply, error) -> onAnswer(queue, connection, batch, error, sentNanos));
  }

  private void onAnswer(
      ConnectionPushes queue,
      RpcConnection connection,
      Batch batch,
      Throwable error,
      long sentNanos) {
    if (error == null) {
      pushed.incrementAndGet();
      tracer.onAcked(
          batch.payload().trace(), batch.subscribers().size(), queue.connectId, sentNanos);
    } else {
      failed.incrementAndGet();
    }
    Outcome outcome = queue.complete(batch, error == null, connection.isOpen(), retries);
    if (!outcome.givenUp().isEmpty()) {
      log.warn(
          "push failed, giving up subscribers={} dataInfoId={} version={} attempts={} error={}",
          outcome.givenUp(),
          batch.payload().dataInfoId(),
          batch.payload().version(),
          batch.attempt() + 1,
          error == null ? null : error.getMessage());
    }
    if (outcome.cooldown() != null) {
      breakerOpenings.incrementAndGet();
      log.warn(
          "push breaker open connectId={} cooldownMs={}",
          queue.connectId,
          outcome.cooldown().toMillis());
      Tasks.schedule(
          scheduler,
          "push breaker half-open",
          outcome.cooldown(),
          () -> {
            if (queue.halfOpen()) {
              drain(queue);
            }
          });
    }
    if (!outcome.retrying().isEmpty()) {
      Tasks.schedule(
          scheduler,
          "push retry",
          backoff.delay(batch.attempt()),
          () -> {
            queue.endBackoff(outcome.retrying());
            drain(queue);
          });
    }
    drain(queue);
  }
}
