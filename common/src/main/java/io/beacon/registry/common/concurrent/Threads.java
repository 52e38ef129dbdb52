package io.beacon.registry.common.concurrent;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Named, bounded executors for the composition roots, and their orderly shutdown. Every thread a
 * server runs comes from here, is a daemon, and carries the server's name.
 */
public final class Threads {

  private static final Logger log = LoggerFactory.getLogger(Threads.class);

  private Threads() {}

  public static ThreadFactory factory(String prefix) {
    AtomicInteger counter = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
      thread.setDaemon(true);
      thread.setUncaughtExceptionHandler(
          (t, e) -> log.error("uncaught exception thread={}", t.getName(), e));
      return thread;
    };
  }

  /**
   * A pool of {@code threads} threads with a queue of {@code queueCapacity} tasks; a task beyond
   * that is rejected with {@link java.util.concurrent.RejectedExecutionException}.
   */
  public static ThreadPoolExecutor bounded(String prefix, int threads, int queueCapacity) {
    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(
            threads,
            threads,
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(queueCapacity),
            factory(prefix));
    executor.allowCoreThreadTimeOut(true);
    return executor;
  }

  public static ScheduledExecutorService scheduled(String prefix, int threads) {
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(threads, factory(prefix));
    executor.setRemoveOnCancelPolicy(true);
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    return executor;
  }

  /** Stops {@code executor}, waiting up to {@code timeout} for running tasks. */
  public static void shutdown(ExecutorService executor, Duration timeout) {
    if (executor == null) {
      return;
    }
    executor.shutdown();
    try {
      if (!executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
