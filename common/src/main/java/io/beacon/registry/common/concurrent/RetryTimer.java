package io.beacon.registry.common.concurrent;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/** Runs a task once after a delay; a scheduler in production, a hand-driven queue in tests. */
@FunctionalInterface
public interface RetryTimer {

  /**
   * Runs {@code task} after {@code delay}. May throw {@link
   * java.util.concurrent.RejectedExecutionException} once the timer is shut down.
   */
  void schedule(Runnable task, Duration delay);

  /**
   * A timer on {@code scheduler}; a task that throws is logged (the scheduler would keep the
   * failure in a future nobody reads).
   */
  static RetryTimer on(ScheduledExecutorService scheduler) {
    return (task, delay) ->
        scheduler.schedule(
            () -> {
              try {
                task.run();
              } catch (Throwable t) {
                LoggerFactory.getLogger(RetryTimer.class).warn("timer task failed", t);
              }
            },
            delay.toMillis(),
            TimeUnit.MILLISECONDS);
  }
}
