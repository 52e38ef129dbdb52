package io.beacon.registry.common.concurrent;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;

/** Runs a task once after a delay; a scheduler in production, a hand-driven queue in tests. */
@FunctionalInterface
public interface RetryTimer {

  /**
   * Runs {@code task} after {@code delay}. May throw {@link
   * java.util.concurrent.RejectedExecutionException} once the timer is shut down.
   */
  void schedule(Runnable task, Duration delay);

  /** A timer on {@code scheduler}; what a task throws is logged ({@link Tasks}), not lost. */
  static RetryTimer on(ScheduledExecutorService scheduler) {
    return (task, delay) -> Tasks.schedule(scheduler, "retry", delay, task);
  }
}
