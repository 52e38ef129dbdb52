package io.beacon.registry.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler whose tasks run only when a test calls {@link #runScheduled()}, so retries and
 * backoffs happen exactly when the test wants them. Records the delay each task was given. One-shot
 * tasks only. Thread-safe (guarded by {@code this}).
 */
public final class ManualScheduler extends AbstractExecutorService
    implements ScheduledExecutorService {

  private final List<Task<?>> tasks = new ArrayList<>();
  private final List<Duration> delays = new ArrayList<>();
  private boolean shutdown;

  /** Runs the tasks scheduled so far (not those they schedule); returns how many ran. */
  public int runScheduled() {
    List<Task<?>> due;
    synchronized (this) {
      due = new ArrayList<>(tasks);
      tasks.clear();
    }
    for (Task<?> task : due) {
      task.run();
      try {
        task.get();
      } catch (ExecutionException e) {
        throw new AssertionError("scheduled task failed", e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    return due.size();
  }

  public synchronized int scheduledCount() {
    return tasks.size();
  }

  /** The delay of every task ever scheduled, in order. */
  public synchronized List<Duration> delays() {
    return List.copyOf(delays);
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    return schedule(Executors.callable(command), delay, unit);
  }

  @Override
  public synchronized <V> ScheduledFuture<V> schedule(
      Callable<V> callable, long delay, TimeUnit unit) {
    Task<V> task = new Task<>(callable, unit.toMillis(delay));
    if (!shutdown) {
      tasks.add(task);
      delays.add(Duration.ofMillis(task.delayMillis));
    }
    return task;
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(
      Runnable command, long initialDelay, long period, TimeUnit unit) {
    throw new UnsupportedOperationException("one-shot tasks only");
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(
      Runnable command, long initialDelay, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException("one-shot tasks only");
  }

  @Override
  public void execute(Runnable command) {
    schedule(command, 0, TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void shutdown() {
    shutdown = true;
    tasks.clear();
  }

  @Override
  public synchronized List<Runnable> shutdownNow() {
    shutdown();
    return List.of();
  }

  @Override
  public synchronized boolean isShutdown() {
    return shutdown;
  }

  @Override
  public synchronized boolean isTerminated() {
    return shutdown;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return isTerminated();
  }

  private static final class Task<V> extends FutureTask<V> implements ScheduledFuture<V> {
    final long delayMillis;

    Task(Callable<V> callable, long delayMillis) {
      super(callable);
      this.delayMillis = delayMillis;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(delayMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
      return Long.compare(getDelay(TimeUnit.MILLISECONDS), other.getDelay(TimeUnit.MILLISECONDS));
    }
  }
}
