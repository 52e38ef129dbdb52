package io.beacon.registry.client.internal;

import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the newest value of one subscription or config watch to its listener on the listener
 * executor. At most one delivery is queued or running per listener, and it delivers the value
 * newest when it runs: a slow listener skips intermediate values instead of building a backlog, and
 * never holds up the worker, which only swaps {@link #pending} and maybe submits a task.
 *
 * <p>Thread-safe: {@link #offer} and {@link #checkAll} run on the worker, deliveries on listener
 * threads. {@link #state} is IDLE, RUNNING, CLOSED, or the ticket (> 0) of the one queued delivery.
 * A task claims its ticket (ticket to RUNNING) before it delivers, so however many tasks carry a
 * ticket, one delivery runs for it; a task that ends with a newer value pending queues the next.
 *
 * <p>The executor is trusted neither to run every task nor to throw when it will not: a dispatcher
 * with a task submitted or rejected is on {@code watched}, which the worker's tick goes through. A
 * rejected delivery is submitted again; a ticket still queued {@link #STUCK_MILLIS} after the tick
 * first saw it (an executor that silently discards tasks, or one far behind) gets another task with
 * the same ticket, whichever of them runs first delivers and the other does nothing.
 */
final class ListenerDispatcher<T> {

  /** How long a delivery may stay queued and not started before another task is submitted. */
  static final long STUCK_MILLIS = 1_000;

  private static final Logger log = LoggerFactory.getLogger(ListenerDispatcher.class);

  /** The executor whose delivery the current thread is running, if any. */
  private static final ThreadLocal<Executor> DELIVERING_ON = new ThreadLocal<>();

  private static final long IDLE = 0;
  private static final long RUNNING = -1;
  private static final long CLOSED = -2;

  private final Executor executor;
  private final Consumer<T> listener;
  private final String description;
  private final Queue<ListenerDispatcher<?>> watched;
  private final AtomicReference<T> pending = new AtomicReference<>();
  private final AtomicLong state = new AtomicLong(IDLE);
  private final AtomicLong tickets = new AtomicLong();
  private final AtomicBoolean onWatch = new AtomicBoolean();

  // The worker's view of the queued ticket, for the stuck check (worker only).
  private long seenTicket;
  private long seenSince;

  ListenerDispatcher(
      Executor executor,
      Consumer<T> listener,
      String description,
      Queue<ListenerDispatcher<?>> watched) {
    this.executor = executor;
    this.listener = listener;
    this.description = description;
    this.watched = watched;
  }

  /** The executor of the delivery running on this thread, or null outside deliveries. */
  static Executor deliveringOn() {
    return DELIVERING_ON.get();
  }

  /** The worker's tick: submits rejected deliveries again and stuck ones once more. */
  static void checkAll(Queue<ListenerDispatcher<?>> watched, long now) {
    for (int i = watched.size(); i > 0; i--) {
      ListenerDispatcher<?> dispatcher = watched.poll();
      if (dispatcher == null) {
        break;
      }
      dispatcher.onWatch.set(false);
      if (dispatcher.check(now)) {
        dispatcher.watch();
      }
    }
  }

  /** Makes {@code value} the next one delivered, replacing any not delivered yet. */
  void offer(T value) {
    if (state.get() == CLOSED) {
      return;
    }
    pending.set(value);
    schedule();
  }

  /** No more deliveries; a delivery already running finishes. */
  void close() {
    state.set(CLOSED);
    pending.set(null);
  }

  private void schedule() {
    long ticket = tickets.incrementAndGet();
    if (!state.compareAndSet(IDLE, ticket)) {
      return;
    }
    try {
      executor.execute(() -> deliver(ticket));
    } catch (RejectedExecutionException e) {
      state.compareAndSet(ticket, IDLE);
      log.debug("listener executor full, delivery deferred {}", description);
    }
    watch();
  }

  private void watch() {
    if (onWatch.compareAndSet(false, true)) {
      watched.add(this);
    }
  }

  /** On the worker; true to keep watching. */
  private boolean check(long now) {
    long current = state.get();
    if (current == IDLE) {
      if (pending.get() != null) {
        schedule(); // rejected before; watches again itself
      }
      return false;
    }
    if (current < 0) {
      return false; // running (it queues the next itself) or closed
    }
    if (current != seenTicket) {
      seenTicket = current;
      seenSince = now;
      return true;
    }
    if (now - seenSince < STUCK_MILLIS) {
      return true;
    }
    seenSince = now;
    try {
      executor.execute(() -> deliver(current));
      log.debug(
          "listener delivery not started within {} ms, submitted again {}",
          STUCK_MILLIS,
          description);
    } catch (RejectedExecutionException e) {
      // The queued task may still run; look again after another STUCK_MILLIS.
    }
    return true;
  }

  private void deliver(long ticket) {
    if (!state.compareAndSet(ticket, RUNNING)) {
      return; // another task of this ticket delivered it, or the listener was closed
    }
    DELIVERING_ON.set(executor);
    try {
      T value = pending.getAndSet(null);
      if (value != null) {
        listener.accept(value);
      }
    } catch (Throwable t) {
      log.warn("listener failed {}", description, t);
    } finally {
      DELIVERING_ON.remove();
      if (state.compareAndSet(RUNNING, IDLE) && pending.get() != null) {
        schedule();
      }
    }
  }
}
