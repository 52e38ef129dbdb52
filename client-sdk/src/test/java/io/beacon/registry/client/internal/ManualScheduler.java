package io.beacon.registry.client.internal;

import io.beacon.registry.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A single-threaded {@link ScheduledExecutorService} run by the test: {@link #runPending()} runs
 * the queued tasks on the calling thread, {@link #advance} moves the {@link ManualClock} and runs
 * the scheduled tasks that fall due on the way, in time order. Not thread-safe: the test thread is
 * the worker.
 */
final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {

  private static final int MAX_TASKS_PER_RUN = 100_000;

  private final ManualClock clock;
  private final Deque<Runnable> queue = new ArrayDeque<>();
  private final List<Timer> timers = new ArrayList<>();
  private boolean shutdown;
  private Runnable beforeShutdown = () -> {};

  ManualScheduler(ManualClock clock) {
    this.clock = clock;
  }

  /**
   * Runs {@code hook} once, when {@link #shutdown} is next called, before the scheduler stops
   * taking tasks: what another thread might do in that instant.
   */
  void beforeShutdown(Runnable hook) {
    this.beforeShutdown = hook;
  }

  @Override
  public void execute(Runnable command) {
    if (shutdown) {
      throw new RejectedExecutionException("shut down");
    }
    queue.addLast(command);
  }

  /** Runs queued tasks, and the tasks they queue, until none is left. */
  void runPending() {
    int ran = 0;
    while (!queue.isEmpty()) {
      if (++ran > MAX_TASKS_PER_RUN) {
        throw new AssertionError("tasks keep queueing tasks: a loop?");
      }
      queue.pollFirst().run();
    }
  }

  /** Moves the clock by {@code duration}, running what falls due on the way. */
  void advance(Duration duration) {
    long target = clock.millis() + duration.toMillis();
    runPending();
    while (true) {
      Timer next =
          timers.stream()
              .filter(t -> !t.cancelled && t.dueAt <= target)
              .min(Comparator.comparingLong((Timer t) -> t.dueAt))
              .orElse(null);
      if (next == null || shutdown) {
        break;
      }
      if (next.dueAt > clock.millis()) {
        clock.set(Instant.ofEpochMilli(next.dueAt));
      }
      if (next.periodMillis > 0) {
        next.dueAt += next.periodMillis;
      } else {
        timers.remove(next);
      }
      next.task.run();
      runPending();
    }
    clock.set(Instant.ofEpochMilli(target));
    runPending();
  }

  int queued() {
    return queue.size();
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    return add(command, unit.toMillis(delay), 0);
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException("not used by the client");
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(
      Runnable command, long initialDelay, long period, TimeUnit unit) {
    return add(command, unit.toMillis(initialDelay), unit.toMillis(period));
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(
      Runnable command, long initialDelay, long delay, TimeUnit unit) {
    return add(command, unit.toMillis(initialDelay), unit.toMillis(delay));
  }

  @Override
  public void shutdown() {
    Runnable hook = beforeShutdown;
    beforeShutdown = () -> {};
    hook.run();
    shutdown = true;
  }

  @Override
  public List<Runnable> shutdownNow() {
    shutdown = true;
    List<Runnable> left = new ArrayList<>(queue);
    queue.clear();
    return left;
  }

  @Override
  public boolean isShutdown() {
    return shutdown;
  }

  @Override
  public boolean isTerminated() {
    return shutdown && queue.isEmpty();
  }

  /** Runs what was queued before the shutdown, as a real executor would finish it. */
  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    runPending();
    return true;
  }

  private Timer add(Runnable command, long delayMillis, long periodMillis) {
    if (shutdown) {
      throw new RejectedExecutionException("shut down");
    }
    Timer timer = new Timer(command, clock.millis() + delayMillis, periodMillis);
    timers.add(timer);
    return timer;
  }

  private final class Timer implements ScheduledFuture<Object> {
    final Runnable task;
    final long periodMillis;
    long dueAt;
    boolean cancelled;

    Timer(Runnable task, long dueAt, long periodMillis) {
      this.task = task;
      this.dueAt = dueAt;
      this.periodMillis = periodMillis;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(dueAt - clock.millis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
      return Long.compare(getDelay(TimeUnit.MILLISECONDS), other.getDelay(TimeUnit.MILLISECONDS));
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      cancelled = true;
      return timers.remove(this);
    }

    @Override
    public boolean isCancelled() {
      return cancelled;
    }

    @Override
    public boolean isDone() {
      return cancelled;
    }

    @Override
    public Object get() {
      throw new UnsupportedOperationException();
    }

    @Override
    public Object get(long timeout, TimeUnit unit) {
      throw new UnsupportedOperationException();
    }
  }
}
