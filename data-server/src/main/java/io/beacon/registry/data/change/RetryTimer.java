package io.beacon.registry.data.change;

import java.time.Duration;

/** Runs a task once after a delay; the scheduler in production, a hand-driven queue in tests. */
@FunctionalInterface
public interface RetryTimer {

  void schedule(Runnable task, Duration delay);
}
