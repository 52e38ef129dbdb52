package io.beacon.registry.common.lifecycle;

import io.beacon.registry.common.concurrent.Tasks;
import io.beacon.registry.common.concurrent.Threads;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a server runs, in the order it starts: its resources (a database), its executors, then its
 * parts (ports, bindings, heartbeats, periodic tasks). {@link #start()} starts the parts in the
 * order they were added and, if one fails, closes those already started and rethrows; {@link
 * #close()} closes the started parts in reverse order, then shuts the executors down, newest first,
 * so no part is left without the threads it runs on while it closes, and closes the resources last,
 * once no thread can use them. Both are idempotent; a closed lifecycle cannot start.
 *
 * <p>A part's close that throws is logged and the others still close. Periodic tasks ({@link
 * #every}) are guarded: a run that throws is logged and the next one runs.
 *
 * <p>Thread-safe: start and close are serialized on this object; parts and executors are added by
 * the composition root before {@link #start()}.
 */
public final class Lifecycle implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Lifecycle.class);
  private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);

  private final String server;
  private final List<Part> parts = new ArrayList<>();
  private final Deque<Part> started = new ArrayDeque<>();
  private final Deque<ExecutorService> executors = new ArrayDeque<>();
  private final Deque<Part> resources = new ArrayDeque<>();
  private boolean running;
  private boolean closed;

  /**
   * @param server names the server in logs
   */
  public Lifecycle(String server) {
    this.server = server;
  }

  /** A pool of {@code threads} threads and a queue of {@code queue} tasks, shut down on close. */
  public ThreadPoolExecutor bounded(String name, int threads, int queue) {
    return executor(Threads.bounded(name, threads, queue));
  }

  /**
   * Like {@link #bounded}, for RPC answers: a task the full pool rejects runs on the caller, since
   * Bolt drops a callback its executor rejects and an answer must never be lost.
   */
  public ThreadPoolExecutor callbacks(String name, int threads, int queue) {
    ThreadPoolExecutor executor = bounded(name, threads, queue);
    executor.setRejectedExecutionHandler(new ThreadPoolExecutor.CallerRunsPolicy());
    return executor;
  }

  /** A scheduler of {@code threads} threads, shut down on close. */
  public ScheduledExecutorService scheduled(String name, int threads) {
    return executor(Threads.scheduled(name, threads));
  }

  private <E extends ExecutorService> E executor(E executor) {
    synchronized (this) {
      executors.push(executor);
    }
    return executor;
  }

  /** Adds a resource, closed after the executors (for example the database their tasks use). */
  public synchronized Lifecycle resource(String name, AutoCloseable resource) {
    resources.push(new Part(name, () -> {}, () -> closeUnchecked(resource)));
    return this;
  }

  /** Adds a part: {@code start} runs at {@link #start()}, {@code close} at {@link #close()}. */
  public synchronized Lifecycle part(String name, Runnable start, Runnable close) {
    parts.add(new Part(name, start, close));
    return this;
  }

  /** Adds {@code part}: started at {@link #start()}, closed at {@link #close()}. */
  public Lifecycle part(String name, Startable part) {
    return part(name, part::start, part::close);
  }

  /** Adds a part that only needs closing (it starts itself, or has nothing to start). */
  public Lifecycle closing(String name, Runnable close) {
    return part(name, () -> {}, close);
  }

  /**
   * Adds a periodic task on {@code scheduler}: first after {@code interval}, then {@code interval}
   * after each run ended; cancelled on close.
   */
  public Lifecycle every(
      String name, ScheduledExecutorService scheduler, Duration interval, Runnable task) {
    return every(name, scheduler, interval, interval, task);
  }

  /**
   * Like {@link #every(String, ScheduledExecutorService, Duration, Runnable)}, first after {@code
   * initialDelay}.
   */
  public Lifecycle every(
      String name,
      ScheduledExecutorService scheduler,
      Duration initialDelay,
      Duration interval,
      Runnable task) {
    Periodic periodic =
        new Periodic(scheduler, initialDelay, interval, Tasks.guarded(server + " " + name, task));
    return part(name, periodic::start, periodic::cancel);
  }

  /** Starts every part in order; if one fails, closes the started ones and rethrows. */
  public void start() {
    start(() -> "");
  }

  /**
   * Like {@link #start()}, then logs {@code "<server> server started <details>"}; {@link #close()}
   * logs {@code "<server> server closed"} (operators and fault tests read both).
   */
  public synchronized void start(Supplier<String> details) {
    if (closed) {
      throw new IllegalStateException(server + " is closed");
    }
    if (running) {
      return;
    }
    for (Part part : parts) {
      try {
        part.start.run();
      } catch (RuntimeException | Error e) {
        log.warn("start failed server={} part={}", server, part.name, e);
        close();
        throw e;
      }
      started.push(part);
    }
    running = true;
    log.info("{} server started {}", server, details.get());
  }

  /** True between a successful {@link #start()} and {@link #close()}. */
  public synchronized boolean isRunning() {
    return running;
  }

  public synchronized boolean isClosed() {
    return closed;
  }

  /** Closes the started parts in reverse order, then the executors, newest first. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    boolean wasRunning = running;
    running = false;
    closeAll(started);
    while (!executors.isEmpty()) {
      Threads.shutdown(executors.pop(), SHUTDOWN_TIMEOUT);
    }
    closeAll(resources);
    if (wasRunning) {
      log.info("{} server closed", server);
    }
  }

  private void closeAll(Deque<Part> closing) {
    while (!closing.isEmpty()) {
      Part part = closing.pop();
      try {
        part.close.run();
      } catch (Throwable t) {
        log.warn("close failed server={} part={}", server, part.name, t);
      }
    }
  }

  private static void closeUnchecked(AutoCloseable resource) {
    try {
      resource.close();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private record Part(String name, Runnable start, Runnable close) {}

  /** A task scheduled at a fixed delay while the lifecycle runs. Guarded by the lifecycle. */
  private static final class Periodic {
    private final ScheduledExecutorService scheduler;
    private final Duration initialDelay;
    private final Duration interval;
    private final Runnable task;
    private ScheduledFuture<?> future;

    Periodic(
        ScheduledExecutorService scheduler,
        Duration initialDelay,
        Duration interval,
        Runnable task) {
      this.scheduler = scheduler;
      this.initialDelay = initialDelay;
      this.interval = interval;
      this.task = task;
    }

    void start() {
      future =
          scheduler.scheduleWithFixedDelay(
              task, initialDelay.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void cancel() {
      future.cancel(false);
    }
  }
}
