package io.beacon.registry.session.push;

import io.beacon.registry.common.retry.Backoff;
import java.time.Duration;

/**
 * The circuit breaker of one client connection. Closed, every push may be sent. After {@code
 * threshold} consecutive failed or timed-out pushes it opens: nothing is sent for a cool-down that
 * starts at {@code cooldown.min()} and doubles (with jitter) on each opening without a success in
 * between, up to {@code cooldown.max()}. When the cool-down ends it is half-open: one push (the
 * newest data of one subscriber group) is the probe; its success closes the breaker and resets the
 * cool-down, its failure opens it again. A success of any push closes it, since the client
 * evidently answers again.
 *
 * <p>Not thread-safe: guarded by the monitor of the {@link ConnectionPushes} that owns it.
 */
final class PushBreaker {

  enum State {
    CLOSED,
    OPEN,
    HALF_OPEN
  }

  private final int threshold;
  private final Backoff cooldown;
  private State state = State.CLOSED;
  private int consecutiveFailures;
  private int openings;
  private boolean probeInFlight;

  PushBreaker(int threshold, Backoff cooldown) {
    this.threshold = threshold;
    this.cooldown = cooldown;
  }

  State state() {
    return state;
  }

  /** Whether a push may be sent now; half-open allows one probe at a time. */
  boolean allowsSend() {
    return state == State.CLOSED || (state == State.HALF_OPEN && !probeInFlight);
  }

  /** A push is being sent (after {@link #allowsSend()}). */
  void onSent() {
    if (state == State.HALF_OPEN) {
      probeInFlight = true;
    }
  }

  void onSuccess() {
    state = State.CLOSED;
    consecutiveFailures = 0;
    openings = 0;
    probeInFlight = false;
  }

  /**
   * A push failed or timed out. Returns the cool-down to wait when this failure opened the breaker
   * (the caller schedules {@link #halfOpen()} after it), null otherwise.
   */
  Duration onFailure() {
    consecutiveFailures++;
    boolean opens =
        state == State.HALF_OPEN || (state == State.CLOSED && consecutiveFailures >= threshold);
    if (!opens) {
      return null;
    }
    state = State.OPEN;
    probeInFlight = false;
    return cooldown.delay(openings++);
  }

  /** The cool-down ended: allow one probe. Returns whether the breaker was open. */
  boolean halfOpen() {
    if (state != State.OPEN) {
      return false;
    }
    state = State.HALF_OPEN;
    return true;
  }
}
