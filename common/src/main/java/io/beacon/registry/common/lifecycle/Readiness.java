package io.beacon.registry.common.lifecycle;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Whether a server is ready, and a wait for it: {@code notReadyReason} says why not (null when
 * ready), and {@link #recheck()}, called whenever that may have changed (a heartbeat answer, a
 * leadership change), releases the waiters of {@link #await} once it is null. Thread-safe.
 */
public final class Readiness {

  private final Supplier<String> notReadyReason;
  private final CompletableFuture<Void> firstReady = new CompletableFuture<>();

  public Readiness(Supplier<String> notReadyReason) {
    this.notReadyReason = notReadyReason;
  }

  /** Null when ready; otherwise why not. */
  public String notReadyReason() {
    return notReadyReason.get();
  }

  public boolean isReady() {
    return notReadyReason() == null;
  }

  /** Releases the waiters if the server is ready now. */
  public void recheck() {
    if (!firstReady.isDone() && isReady()) {
      firstReady.complete(null);
    }
  }

  /**
   * Waits up to {@code timeout} until the server has been ready once; returns whether it is ready
   * now (false on timeout or interrupt).
   */
  public boolean await(Duration timeout) {
    recheck();
    try {
      firstReady.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return isReady();
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
