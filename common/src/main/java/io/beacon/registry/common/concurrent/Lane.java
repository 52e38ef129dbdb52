package io.beacon.registry.common.concurrent;

/**
 * One key's "one request in flight, coalesce what arrives meanwhile, retry with backoff" state
 * machine, without threads or timers: its owner sends what {@link #take()} hands out, reports the
 * outcome, and runs the backoff a failure asks for.
 *
 * <pre>
 *             offer                    take                   succeeded
 *   idle ----------------> ready ---------------> in flight ------------> idle / ready
 *                            ^                        |
 *                            |  endBackoff / retryNow  | failed (retryable, attempts left)
 *                            +----- backing off <------+
 *                                                      | failed (given up): batch dropped
 *                                                      +----------------------> idle / ready
 * </pre>
 *
 * <p>Ordering: at most one batch is in flight; items offered meanwhile wait in the {@link Pending},
 * which merges them, and go in the next batch; a failed batch goes back in front of them (unless
 * superseded). Backoff: a failure that leaves work puts the lane in backoff under a fresh id; only
 * {@link #endBackoff} with that id, or {@link #retryNow}, ends it, so a timer of an earlier backoff
 * that fires late changes nothing. After {@code maxAttempts} consecutive failures of a batch it is
 * given up (dropped; what waits behind it goes on); 0 retries for ever.
 *
 * <p>Not thread-safe: the owner guards every call ({@link Coalescer} with the pending's monitor,
 * {@code ConnectionPushes} with its own).
 */
public final class Lane<I, B> {

  private final Pending<I, B> pending;
  private final int maxAttempts;
  private B inFlight;
  private long backoffId;
  private long lastBackoffId;
  private int failures;
  private boolean closed;

  /**
   * @param maxAttempts consecutive failed sends after which a batch is given up; 0 for never
   */
  public Lane(Pending<I, B> pending, int maxAttempts) {
    if (maxAttempts < 0) {
      throw new IllegalArgumentException("maxAttempts: " + maxAttempts + " (expected: >= 0)");
    }
    this.pending = pending;
    this.maxAttempts = maxAttempts;
  }

  public Pending<I, B> pending() {
    return pending;
  }

  /** Merges {@code item} into what waits; returns {@link #isReady()}. Ignored once closed. */
  public boolean offer(I item) {
    if (closed) {
      return false;
    }
    pending.add(item);
    return isReady();
  }

  /** True when a batch may be taken now: work waits, nothing in flight, not backing off. */
  public boolean isReady() {
    return !closed && inFlight == null && backoffId == 0 && !pending.isEmpty();
  }

  /** Nothing in flight and no backoff running. */
  public boolean isIdle() {
    return inFlight == null && backoffId == 0;
  }

  public boolean isClosed() {
    return closed;
  }

  /** Consecutive failures of the current batch so far (0 before its first send completes). */
  public int failures() {
    return failures;
  }

  /** The batch to send now; marks it in flight. Only when {@link #isReady()}. */
  public B take() {
    if (!isReady()) {
      throw new IllegalStateException("lane not ready");
    }
    inFlight = pending.take();
    return inFlight;
  }

  /**
   * The batch in flight was delivered. Returns how many failures it had before (0 when it went
   * through at once), so an owner can log a recovery. Ignored once closed.
   */
  public int succeeded() {
    if (closed) {
      return 0;
    }
    B batch = endFlight();
    pending.delivered(batch);
    int recovered = failures;
    failures = 0;
    return recovered;
  }

  /**
   * The batch in flight failed. With {@code retryable} and attempts left it goes back into the
   * pending and, if work waits, the lane backs off under {@link Failure#backoffId()}; otherwise it
   * is given up and what waits behind it may go at once. Ignored once closed.
   */
  public Failure<B> failed(boolean retryable) {
    if (closed) {
      return new Failure<>(0, null, 0);
    }
    B batch = endFlight();
    int attempt = ++failures;
    if (!retryable || (maxAttempts > 0 && attempt >= maxAttempts)) {
      failures = 0;
      return new Failure<>(attempt, batch, 0);
    }
    pending.restore(batch);
    if (pending.isEmpty()) {
      failures = 0; // nothing is wanted any more: no retry, and the next batch starts afresh
      return new Failure<>(attempt, null, 0);
    }
    backoffId = ++lastBackoffId;
    return new Failure<>(attempt, null, backoffId);
  }

  /** The backoff {@code id} ended; returns {@link #isReady()}. A stale id changes nothing. */
  public boolean endBackoff(long id) {
    if (id == 0 || id != backoffId) {
      return false;
    }
    backoffId = 0;
    return isReady();
  }

  /** Ends a running backoff now (the cause it waited on went away); returns {@link #isReady()}. */
  public boolean retryNow() {
    if (backoffId == 0) {
      return false;
    }
    backoffId = 0;
    return isReady();
  }

  /** Stops the lane: nothing more is handed out and outcomes are ignored. */
  public void close() {
    closed = true;
    inFlight = null;
    backoffId = 0;
  }

  private B endFlight() {
    B batch = inFlight;
    if (batch == null) {
      throw new IllegalStateException("no batch in flight");
    }
    inFlight = null;
    return batch;
  }

  /**
   * How a failed send ended.
   *
   * @param attempt the failures of the batch so far, this one included (1 for the first); 0 when
   *     the lane was closed
   * @param givenUp the batch, when it was dropped; null when it was put back
   * @param backoffId non-zero when the lane backs off and the owner must call {@link #endBackoff}
   *     with it after the retry delay
   */
  public record Failure<B>(int attempt, B givenUp, long backoffId) {

    public boolean isGivenUp() {
      return givenUp != null;
    }

    public boolean backsOff() {
      return backoffId != 0;
    }
  }
}
