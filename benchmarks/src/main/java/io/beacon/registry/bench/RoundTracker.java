package io.beacon.registry.bench;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Tells when every subscriber has been pushed values that are current for the round (what "current"
 * means is the round's predicate: holds one value, or holds round r of every publisher), and when
 * the first and the last of them were; also counts every push. The scenario thread calls {@link
 * #expect} before it publishes the round's values; client callback threads call {@link #onValues}.
 * The round lives in one volatile immutable {@link Round}; per-subscriber state is atomic.
 */
final class RoundTracker {

  private record Round(
      int number,
      Predicate<List<String>> isCurrent,
      AtomicInteger remaining,
      AtomicLong firstNanos,
      AtomicLong lastNanos,
      CountDownLatch done) {}

  private final int subscribers;
  private final AtomicIntegerArray seenRound;
  private final AtomicLong pushes = new AtomicLong();
  private volatile Round round;

  RoundTracker(int subscribers) {
    this.subscribers = subscribers;
    this.seenRound = new AtomicIntegerArray(subscribers);
    for (int i = 0; i < subscribers; i++) {
      seenRound.set(i, -1);
    }
    expect(-1, values -> false);
  }

  /** Round {@code number} begins: a subscriber is current once pushed values {@code isCurrent}. */
  void expect(int number, Predicate<List<String>> isCurrent) {
    round =
        new Round(
            number,
            isCurrent,
            new AtomicInteger(subscribers),
            new AtomicLong(),
            new AtomicLong(),
            new CountDownLatch(1));
  }

  void onValues(int subscriber, List<String> values) {
    long now = System.nanoTime();
    pushes.incrementAndGet();
    Round current = round;
    if (!current.isCurrent().test(values)) {
      return;
    }
    if (seenRound.getAndSet(subscriber, current.number()) == current.number()) {
      return;
    }
    current.firstNanos().compareAndSet(0, now);
    if (current.remaining().decrementAndGet() == 0) {
      current.lastNanos().set(now);
      current.done().countDown();
    }
  }

  /** Whether every subscriber was current within {@code timeoutMillis}. */
  boolean await(long timeoutMillis) {
    try {
      return round.done().await(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  long firstNanos() {
    return round.firstNanos().get();
  }

  long lastNanos() {
    return round.lastNanos().get();
  }

  int remaining() {
    return round.remaining().get();
  }

  /** Pushes received by every subscriber so far, current or not. */
  long pushes() {
    return pushes.get();
  }
}
