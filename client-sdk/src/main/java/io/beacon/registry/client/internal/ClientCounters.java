package io.beacon.registry.client.internal;

import io.beacon.registry.client.ClientStats;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The client's counters: written by the worker thread, read by {@code stats()} and meters on any
 * thread.
 */
final class ClientCounters {

  /** Where timings go: the Micrometer timers, when a registry is configured. */
  interface Timings {
    Timings NONE =
        new Timings() {
          @Override
          public void pushAge(long millis) {}

          @Override
          public void acknowledgedAfter(long millis) {}
        };

    /** A push arrived {@code millis} after the data version it carries was issued. */
    void pushAge(long millis);

    /** A registration's version was acknowledged {@code millis} after its first send. */
    void acknowledgedAfter(long millis);
  }

  /**
   * Datum versions of Beacon and SOFARegistry 6 are {@code (millis - 2019-01-01) << 15 | seq}, so a
   * push's version tells when its data changed. Versions of other schemes decode to implausible
   * times and are not timed.
   */
  private static final long VERSION_EPOCH_MILLIS = 1_546_272_000_000L;

  private static final int VERSION_SEQUENCE_BITS = 15;
  private static final long MAX_PLAUSIBLE_AGE_MILLIS = 24L * 3600 * 1000;

  private final AtomicLong reconnects = new AtomicLong();
  private final AtomicLong pushesReceived = new AtomicLong();
  private final AtomicLong pushesApplied = new AtomicLong();
  private final AtomicLong emptyPushesHeld = new AtomicLong();
  private volatile int pendingRegistrations;
  private volatile boolean connected;
  private volatile Timings timings = Timings.NONE;

  void timings(Timings timings) {
    this.timings = timings;
  }

  /** Times the age of a push of data {@code version} received at {@code nowMillis}. */
  void pushAge(long version, long nowMillis) {
    long age = nowMillis - ((version >>> VERSION_SEQUENCE_BITS) + VERSION_EPOCH_MILLIS);
    // Clocks of client and server differ a little: a slightly negative age counts as 0.
    if (age > -1_000 && age < MAX_PLAUSIBLE_AGE_MILLIS) {
      timings.pushAge(Math.max(0, age));
    }
  }

  void acknowledgedAfter(long millis) {
    timings.acknowledgedAfter(millis);
  }

  void reconnected() {
    reconnects.incrementAndGet();
  }

  void pushReceived() {
    pushesReceived.incrementAndGet();
  }

  void pushApplied() {
    pushesApplied.incrementAndGet();
  }

  void emptyPushHeld() {
    emptyPushesHeld.incrementAndGet();
  }

  void pendingRegistrations(int count) {
    pendingRegistrations = count;
  }

  void connected(boolean connected) {
    this.connected = connected;
  }

  boolean connected() {
    return connected;
  }

  ClientStats stats() {
    return new ClientStats(
        pendingRegistrations,
        reconnects.get(),
        pushesReceived.get(),
        pushesApplied.get(),
        emptyPushesHeld.get());
  }
}
