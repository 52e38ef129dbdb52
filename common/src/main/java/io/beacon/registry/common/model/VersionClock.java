package io.beacon.registry.common.model;

import java.time.InstantSource;

/**
 * Issues time-ordered 64-bit versions: milliseconds since 2019-01-01 shifted left by 15 bits, plus
 * a sequence. Versions issued by one clock strictly increase, also when the wall clock stalls or
 * steps back (the sequence then borrows from the future). Because they are based on time, versions
 * issued after a restart or by another server are larger than the ones issued before, as long as
 * clocks are roughly in step. Thread-safe (guarded by {@code this}).
 */
public final class VersionClock {

  static final long EPOCH_MILLIS = 1_546_272_000_000L;
  static final int SEQUENCE_BITS = 15;

  private final InstantSource clock;
  private long last;

  public VersionClock(InstantSource clock) {
    this.clock = clock;
  }

  /** The next version: larger than every version this clock issued before. */
  public synchronized long next() {
    long candidate = (clock.millis() - EPOCH_MILLIS) << SEQUENCE_BITS;
    last = Math.max(candidate, last + 1);
    return last;
  }

  /** The next version that is also larger than {@code floor}. */
  public synchronized long nextAfter(long floor) {
    long candidate = (clock.millis() - EPOCH_MILLIS) << SEQUENCE_BITS;
    last = Math.max(Math.max(candidate, last + 1), floor + 1);
    return last;
  }

  /** The wall-clock millisecond a version was issued at (approximately, for logs and tracing). */
  public static long millisOf(long version) {
    return (version >>> SEQUENCE_BITS) + EPOCH_MILLIS;
  }
}
