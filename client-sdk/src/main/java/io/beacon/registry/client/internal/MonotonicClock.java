package io.beacon.registry.client.internal;

/**
 * The time every deadline of the client runs on: reconnect backoff, connect and request expiry,
 * retries, discovery and segment refresh, the empty-push hold and listener resubmission. Monotonic,
 * so a step of the wall clock (NTP, a VM resume) neither freezes nor fires them early. Wall time
 * ({@link java.time.InstantSource}) is used only where the wire or a meter needs a date: the
 * registration timestamp and the age of a push. Values are milliseconds from an arbitrary origin,
 * and may be negative; only differences mean something. Implementations are thread-safe.
 */
@FunctionalInterface
public interface MonotonicClock {

  /** Milliseconds since an arbitrary fixed origin; never decreases. */
  long millis();

  /** {@link System#nanoTime()} in milliseconds, counted from this call. */
  static MonotonicClock system() {
    long origin = System.nanoTime();
    return () -> (System.nanoTime() - origin) / 1_000_000;
  }
}
