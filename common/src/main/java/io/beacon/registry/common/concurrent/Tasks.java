package io.beacon.registry.common.concurrent;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts work whose future nobody reads: a task on a scheduler, once after a delay or repeatedly,
 * and a callback run when a future completes. What such work throws would otherwise vanish into
 * that unread future: a scheduled executor never hands it to the thread's uncaught-exception
 * handler ({@link Threads#factory}), a periodic task silently stops repeating, and a callback's
 * failure completes a derived future that nobody looks at. Here it is caught at the task's boundary
 * and logged with {@code what}, and a periodic task keeps its schedule. Stateless.
 *
 * <p>A task that wants its failure logged with more context catches it itself; this is the last
 * line. A {@link RejectedExecutionException} thrown by the work (it handed something on to an
 * executor that is closing, as every server does on its way down) is logged at DEBUG only.
 * Submitting is unchanged: a shut-down scheduler still rejects the task to the caller.
 */
public final class Tasks {

  private static final Logger log = LoggerFactory.getLogger(Tasks.class);

  private Tasks() {}

  /** Runs {@code task} once on {@code scheduler} after {@code delay} (in whole milliseconds). */
  public static void schedule(
      ScheduledExecutorService scheduler, String what, Duration delay, Runnable task) {
    var unused = scheduler.schedule(guarded(what, task), delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Runs {@code task} on {@code scheduler} after {@code initialDelay}, then again {@code delay}
   * after each run ends (in whole milliseconds), until the scheduler shuts down.
   */
  public static void scheduleWithFixedDelay(
      ScheduledExecutorService scheduler,
      String what,
      Duration initialDelay,
      Duration delay,
      Runnable task) {
    var unused =
        scheduler.scheduleWithFixedDelay(
            guarded(what, task), initialDelay.toMillis(), delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Calls {@code callback} with the value or failure of {@code stage} once it completes, on the
   * thread that completes it (or this one if it already has), as {@link
   * CompletionStage#whenComplete} does.
   */
  public static <T> void whenComplete(
      CompletionStage<T> stage, String what, BiConsumer<? super T, ? super Throwable> callback) {
    var unused =
        stage.whenComplete(
            (value, error) -> {
              try {
                callback.accept(value, error);
              } catch (RejectedExecutionException e) {
                log.debug("callback dropped, executor closed callback={}", what, e);
              } catch (Throwable t) {
                log.warn("callback failed callback={}", what, t);
              }
            });
  }

  /** {@code task}, with what it throws logged with {@code what} instead of lost. */
  public static Runnable guarded(String what, Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RejectedExecutionException e) {
        log.debug("task dropped, executor closed task={}", what, e);
      } catch (Throwable t) {
        log.warn("task failed task={}", what, t);
      }
    };
  }
}
