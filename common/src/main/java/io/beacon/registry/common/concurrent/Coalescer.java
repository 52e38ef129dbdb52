package io.beacon.registry.common.concurrent;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what is offered per key with at most one request in flight per key, merging what arrives
 * meanwhile into the next request and retrying failures with backoff: a {@link Lane} per key,
 * driven by a {@link Sender} and a {@link RetryTimer}.
 *
 * <p>Design: adaptive coalescing. An item offered to an idle key is sent at once, on the offering
 * thread, so a quiet system pays one round trip and no timer; items offered while a request is in
 * flight wait in the key's {@link Pending} and go together when it is answered, so under load a key
 * costs one request per round trip carrying everything that changed meanwhile. A send whose stage
 * completes exceptionally failed: its batch goes back into the pending (newer items win) and the
 * key backs off for {@code retryDelay(attempt)} before sending again, up to {@code maxAttempts} (0:
 * for ever), after which the batch is given up. {@link #retryNow()} ends every backoff at once (the
 * leader they waited for is known now).
 *
 * <p>Lifecycle of keys: {@link #offer} creates a key's lane, {@link #open} creates it empty. An
 * idle lane whose pending {@link Pending#isDisposable() is disposable} is forgotten after each
 * answer and on {@link #release}; {@link #remove} forgets a lane whatever it holds. After {@link
 * #close()} nothing is offered, sent or retried any more and answers are ignored (a send already
 * started by another thread may still go out).
 *
 * <p>Concurrency: the lane map is concurrent; each lane is guarded by its pending's monitor, which
 * a sender may also take to read or update the pending's own state (see {@code PushScheduler}). The
 * sender is called outside any lock, on the thread that offered, answered, or ran the timer. A lane
 * that was forgotten is marked retired under its monitor, and an offer that finds it retired looks
 * the key up again, so no item lands in a lane nobody drives.
 *
 * @param <K> the key: one request in flight per key
 * @param <I> what callers offer
 * @param <B> what one request carries
 * @param <P> the pending of one key
 */
public final class Coalescer<K, I, B, P extends Pending<I, B>> implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Coalescer.class);

  private final Function<? super K, ? extends P> newPending;
  private final Sender<? super K, ? super B> sender;
  private final IntFunction<Duration> retryDelay;
  private final int maxAttempts;
  private final RetryTimer timer;
  private final Map<K, Entry> lanes = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * @param newPending the pending of a key seen for the first time (or again after it was
   *     forgotten)
   * @param sender sends one batch; its stage completing exceptionally means "retry this batch"
   * @param retryDelay the delay before the next send after the {@code n}-th consecutive failure
   *     (from 1)
   * @param maxAttempts consecutive failures after which a batch is given up; 0 for never
   * @param timer runs the retries
   */
  public Coalescer(
      Function<? super K, ? extends P> newPending,
      Sender<? super K, ? super B> sender,
      IntFunction<Duration> retryDelay,
      int maxAttempts,
      RetryTimer timer) {
    this.newPending = newPending;
    this.sender = sender;
    this.retryDelay = retryDelay;
    this.maxAttempts = maxAttempts;
    this.timer = timer;
  }

  /** Offers {@code item} to {@code key}, creating its lane; sends at once if the key is idle. */
  public void offer(K key, I item) {
    while (!closed) {
      Entry entry = lanes.computeIfAbsent(key, Entry::new);
      B batch;
      synchronized (entry.pending) {
        if (entry.retired) {
          continue; // forgotten meanwhile: look the key up again
        }
        if (closed) {
          retire(entry); // created while closing
          return;
        }
        if (!entry.lane.offer(item)) {
          return;
        }
        batch = entry.lane.take();
      }
      send(entry, batch);
      return;
    }
  }

  /** Offers {@code item} to every key that has a lane now. */
  public void offerToAll(I item) {
    for (Entry entry : lanes.values()) {
      B batch;
      synchronized (entry.pending) {
        if (entry.retired || !entry.lane.offer(item)) {
          continue;
        }
        batch = entry.lane.take();
      }
      send(entry, batch);
    }
  }

  /** Creates {@code key}'s lane if it has none, so {@link #offerToAll} reaches it. */
  public void open(K key) {
    if (!closed) {
      lanes.computeIfAbsent(key, Entry::new);
    }
  }

  /** Forgets {@code key} with whatever it holds; an answer in flight is ignored. */
  public void remove(K key) {
    Entry entry = lanes.get(key);
    if (entry != null) {
      synchronized (entry.pending) {
        retire(entry);
      }
    }
  }

  /** Forgets {@code key} if it is idle and its pending is disposable. */
  public void release(K key) {
    Entry entry = lanes.get(key);
    if (entry != null) {
      synchronized (entry.pending) {
        retireIfUnused(entry);
      }
    }
  }

  /** Every key backing off after a failure sends now instead of when its backoff ends. */
  public void retryNow() {
    for (Entry entry : lanes.values()) {
      B batch;
      synchronized (entry.pending) {
        if (entry.retired || !entry.lane.retryNow()) {
          continue;
        }
        batch = entry.lane.take();
      }
      send(entry, batch);
    }
  }

  /** The keys that have a lane now (a snapshot). */
  public List<K> keys() {
    return List.copyOf(lanes.keySet());
  }

  public int size() {
    return lanes.size();
  }

  /** The sum of {@code counter} over every key's pending, each read under its guard. */
  public int sum(ToIntFunction<? super P> counter) {
    int sum = 0;
    for (Entry entry : lanes.values()) {
      synchronized (entry.pending) {
        sum += counter.applyAsInt(entry.pending);
      }
    }
    return sum;
  }

  /** Stops every lane: nothing more is sent or retried, answers are ignored, offers dropped. */
  @Override
  public void close() {
    closed = true;
    for (K key : keys()) {
      remove(key);
    }
  }

  private void send(Entry entry, B batch) {
    CompletionStage<?> answer;
    try {
      answer = sender.send(entry.key, batch);
    } catch (Throwable t) {
      answer = CompletableFuture.failedFuture(t);
    }
    answer.whenComplete((ignored, error) -> onAnswer(entry, error));
  }

  private void onAnswer(Entry entry, Throwable error) {
    int recovered = 0;
    Lane.Failure<B> failure = null;
    B next = null;
    synchronized (entry.pending) {
      if (entry.lane.isClosed()) {
        return;
      }
      if (error == null) {
        recovered = entry.lane.succeeded();
      } else {
        failure = entry.lane.failed(true);
      }
      if (entry.lane.isReady()) {
        next = entry.lane.take();
      } else {
        retireIfUnused(entry);
      }
    }
    if (recovered > 0) {
      sender.onRecovered(entry.key, recovered);
    }
    if (failure != null) {
      onFailure(entry, failure, error);
    }
    if (next != null) {
      send(entry, next);
    }
  }

  private void onFailure(Entry entry, Lane.Failure<B> failure, Throwable error) {
    if (failure.isGivenUp()) {
      sender.onGiveUp(entry.key, failure.givenUp(), failure.attempt(), error);
      return;
    }
    if (!failure.backsOff()) {
      return; // nothing of it is wanted any more
    }
    Duration delay = retryDelay.apply(failure.attempt());
    sender.onRetry(entry.key, failure.attempt(), delay, error);
    long id = failure.backoffId();
    try {
      timer.schedule(() -> endBackoff(entry, id), delay);
    } catch (RuntimeException e) {
      // The timer is shut down: the owner is closing, nothing more will be sent.
      log.debug("retry not scheduled key={}", entry.key, e);
    }
  }

  private void endBackoff(Entry entry, long id) {
    B batch;
    synchronized (entry.pending) {
      if (entry.retired || !entry.lane.endBackoff(id)) {
        retireIfUnused(entry);
        return;
      }
      batch = entry.lane.take();
    }
    send(entry, batch);
  }

  /** Under the entry's guard. */
  private void retireIfUnused(Entry entry) {
    if (!entry.retired && entry.lane.isIdle() && entry.pending.isDisposable()) {
      retire(entry);
    }
  }

  /** Under the entry's guard. */
  private void retire(Entry entry) {
    entry.retired = true;
    entry.lane.close();
    lanes.remove(entry.key, entry);
  }

  /**
   * Sends the batches of a {@link Coalescer} and hears how they went. The callbacks run outside any
   * lock, on the thread that completed the send.
   */
  public interface Sender<K, B> {

    /** Sends {@code batch}; completes normally once delivered, exceptionally to have it retried. */
    CompletionStage<?> send(K key, B batch);

    /**
     * The {@code attempt}-th consecutive send of a batch failed; it is retried after {@code delay}.
     */
    default void onRetry(K key, int attempt, Duration delay, Throwable error) {}

    /** A send went through after {@code failures} failed ones. */
    default void onRecovered(K key, int failures) {}

    /** {@code batch} failed {@code attempts} times and is dropped. */
    default void onGiveUp(K key, B batch, int attempts, Throwable error) {}
  }

  /** A key's lane and its pending, whose monitor guards both. */
  private final class Entry {
    final K key;
    final P pending;
    final Lane<I, B> lane;
    boolean retired;

    Entry(K key) {
      this.key = key;
      this.pending = newPending.apply(key);
      this.lane = new Lane<>(pending, maxAttempts);
    }
  }
}
