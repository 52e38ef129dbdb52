package io.beacon.registry.bench;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tells when every subscriber of the storm is current: its latest push holds the value of round r
 * of every publisher of its dataId (values end with {@code &r=<r>}). The scenario thread calls
 * {@link #expect}; client callback threads call {@link #onValues}. Per-subscriber state is atomic;
 * the round lives in one volatile immutable {@link Round}.
 */
final class StormTracker {

  private record Round(
      int number,
      String suffix,
      AtomicInteger remaining,
      AtomicLong lastNanos,
      CountDownLatch done) {}

  private final int subscribers;
  private final int publishersPerDataId;
  private final AtomicIntegerArray currentRound;
  private final AtomicLong pushes = new AtomicLong();
  private volatile Round round;

  StormTracker(int subscribers, int publishersPerDataId) {
    this.subscribers = subscribers;
    this.publishersPerDataId = publishersPerDataId;
    this.currentRound = new AtomicIntegerArray(subscribers);
    for (int i = 0; i < subscribers; i++) {
      currentRound.set(i, -1);
    }
  }

  void expect(int number) {
    round =
        new Round(
            number,
            "&r=" + number,
            new AtomicInteger(subscribers),
            new AtomicLong(),
            new CountDownLatch(1));
  }

  void onValues(int subscriber, List<String> values) {
    long now = System.nanoTime();
    pushes.incrementAndGet();
    Round current = round;
    if (current == null || values.size() != publishersPerDataId) {
      return;
    }
    for (String value : values) {
      if (!value.endsWith(current.suffix())) {
        return;
      }
    }
    if (currentRound.getAndSet(subscriber, current.number()) == current.number()) {
      return;
    }
    if (current.remaining().decrementAndGet() == 0) {
      current.lastNanos().set(now);
      current.done().countDown();
    }
  }

  boolean await(long timeoutMillis) {
    try {
      return round.done().await(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  long lastNanos() {
    return round.lastNanos().get();
  }

  int remaining() {
    return round.remaining().get();
  }

  long pushes() {
    return pushes.get();
  }
}
