package io.beacon.registry.bench;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tells when every subscriber of one dataId has seen the value of the current round, and when the
 * first and the last of them saw it. The scenario thread calls {@link #expect} before it publishes
 * the round's value; client callback threads call {@link #onValues}. The round lives in one
 * volatile immutable {@link Round}; per-subscriber state is atomic.
 */
final class RoundTracker {

  private record Round(
      int number,
      String value,
      AtomicInteger remaining,
      AtomicLong firstNanos,
      AtomicLong lastNanos,
      CountDownLatch done) {}

  private final int subscribers;
  private final AtomicIntegerArray seenRound;
  private volatile Round round;

  RoundTracker(int subscribers) {
    this.subscribers = subscribers;
    this.seenRound = new AtomicIntegerArray(subscribers);
    for (int i = 0; i < subscribers; i++) {
      seenRound.set(i, -1);
    }
    expect(-1, "\u0000none");
  }

  void expect(int number, String value) {
    round =
        new Round(
            number,
            value,
            new AtomicInteger(subscribers),
            new AtomicLong(),
            new AtomicLong(),
            new CountDownLatch(1));
  }

  void onValues(int subscriber, List<String> values) {
    long now = System.nanoTime();
    Round current = round;
    if (!values.contains(current.value())) {
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

  /** Whether every subscriber saw the round's value within {@code timeoutMillis}. */
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
}
