package io.beacon.registry.client.internal;

import io.beacon.registry.client.ClientConfig;
import io.beacon.registry.client.ClientStats;
import io.beacon.registry.client.ConfigListener;
import io.beacon.registry.client.ConfigWatch;
import io.beacon.registry.client.Publication;
import io.beacon.registry.client.RegistryClient;
import io.beacon.registry.client.Scope;
import io.beacon.registry.client.Subscription;
import io.beacon.registry.client.SubscriptionListener;
import io.beacon.registry.common.concurrent.Threads;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's composition root and its public API. Every piece of mutable state lives in the
 * {@link ClientLoop}, confined to one worker thread; user calls validate their input on the
 * caller's thread and hop onto the worker, transport callbacks hop onto it too, and a scheduled
 * {@link ClientLoop#tick(long)} drives everything periodic. No method here waits for the network.
 *
 * <p>Threads: {@code beacon-client-worker} (one, owned), the listener executor (owned {@code
 * beacon-client-listener} pool unless the config gives one), and the transport's own threads.
 * {@link #close()} closes the loop on the worker (connection closed, pending futures failed), then
 * stops the worker, the transport and the owned listener pool. A user call racing with close fails
 * its future: on the caller's thread if the worker no longer takes tasks, else on the worker (the
 * closed loop refuses it). Called from a listener running on the owned pool, close does not wait
 * for that pool, which would mean waiting for itself.
 *
 * <p>Time: deadlines run on a {@link MonotonicClock}; the wall clock only stamps requests and dates
 * pushes for the push-age meter.
 */
public final class DefaultRegistryClient implements RegistryClient {

  /** Period of the worker's tick: a deadline fires on the first tick at or after it. */
  static final Duration TICK_INTERVAL = Duration.ofMillis(50);

  private static final Logger log = LoggerFactory.getLogger(DefaultRegistryClient.class);
  private static final String DEFAULT_GROUP = "DEFAULT_GROUP";
  private static final AtomicInteger CLIENTS = new AtomicInteger();

  private final Transport transport;
  private final ScheduledExecutorService worker;
  private final Executor listenerExecutor;
  private final ExecutorService ownedListenerExecutor;
  private final ClientCounters counters = new ClientCounters();
  private final Queue<ListenerDispatcher<?>> watched = new ConcurrentLinkedQueue<>();
  private final ClientMetrics metrics;
  private final ClientLoop loop;
  private final MonotonicClock clock;
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final ScheduledFuture<?> ticks;
  private volatile Thread workerThread;

  private DefaultRegistryClient(
      ClientConfig config,
      Transport transport,
      SessionDiscovery discovery,
      InstantSource wallClock,
      MonotonicClock clock,
      ScheduledExecutorService worker,
      RandomGenerator random,
      int maxInFlight) {
    this.transport = transport;
    this.worker = worker;
    this.clock = clock;
    this.ownedListenerExecutor =
        config.listenerExecutor().isPresent()
            ? null
            : Threads.bounded("beacon-client-listener", 2, 1000);
    this.listenerExecutor = config.listenerExecutor().orElse(ownedListenerExecutor);
    String name = "beacon-client-" + CLIENTS.incrementAndGet();
    this.metrics = ClientMetrics.bind(config, counters, name);
    this.loop =
        new ClientLoop(
            config,
            transport,
            discovery,
            wallClock,
            clock,
            this::hop,
            random,
            maxInFlight,
            counters,
            watched);
    hop(this::tick);
    this.ticks =
        worker.scheduleAtFixedRate(
            () -> runSafely(this::tick),
            TICK_INTERVAL.toMillis(),
            TICK_INTERVAL.toMillis(),
            TimeUnit.MILLISECONDS);
  }

  /** The production client: Bolt transport, the config's discovery, the system clocks. */
  public static DefaultRegistryClient start(ClientConfig config) {
    Objects.requireNonNull(config, "config");
    return start(
        config,
        Transports.bolt(config),
        SessionDiscovery.of(config),
        InstantSource.system(),
        MonotonicClock.system(),
        Threads.scheduled("beacon-client-worker", 1),
        new SplittableRandom(),
        RegistrationTable.DEFAULT_MAX_IN_FLIGHT);
  }

  /**
   * A client on the given parts, for tests: a fake transport, manual clocks and a worker the test
   * runs itself. The client owns and closes {@code transport} and {@code worker}.
   *
   * @param wallClock dates requests on the wire and pushes for the push-age meter, nothing else
   * @param clock every deadline and delay
   */
  public static DefaultRegistryClient start(
      ClientConfig config,
      Transport transport,
      SessionDiscovery discovery,
      InstantSource wallClock,
      MonotonicClock clock,
      ScheduledExecutorService worker,
      RandomGenerator random,
      int maxInFlight) {
    return new DefaultRegistryClient(
        config, transport, discovery, wallClock, clock, worker, random, maxInFlight);
  }

  @Override
  public Publication publish(String dataId, String group, String... data) {
    checkOpen();
    List<String> values = values(data);
    PublisherRegistration registration =
        new PublisherRegistration(
            checkDataId(dataId), groupOf(group), values, sequence.incrementAndGet());
    return new PublicationHandle(this, registration, add(registration));
  }

  @Override
  public Subscription subscribe(
      String dataId, String group, Scope scope, SubscriptionListener listener) {
    checkOpen();
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(listener, "listener");
    SubscriberRegistration registration =
        new SubscriberRegistration(
            checkDataId(dataId),
            groupOf(group),
            scope,
            listener,
            listenerExecutor,
            watched,
            sequence.incrementAndGet());
    return new SubscriptionHandle(this, registration, add(registration));
  }

  @Override
  public ConfigWatch watchConfig(String dataId, ConfigListener listener) {
    checkOpen();
    Objects.requireNonNull(listener, "listener");
    ConfiguratorRegistration registration =
        new ConfiguratorRegistration(
            checkDataId(dataId),
            DEFAULT_GROUP,
            listener,
            listenerExecutor,
            watched,
            sequence.incrementAndGet());
    return new ConfigWatchHandle(this, registration, add(registration));
  }

  @Override
  public Optional<String> connectedSession() {
    return Optional.ofNullable(loop.connectedAddress());
  }

  @Override
  public ClientStats stats() {
    return counters.stats();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    ticks.cancel(false);
    if (Thread.currentThread() == workerThread) {
      // Closed from a callback on the worker: waiting for the worker would wait for ourselves.
      loop.close();
      worker.shutdown();
    } else {
      hop(loop::close);
      Threads.shutdown(worker, Duration.ofSeconds(2));
    }
    transport.close();
    metrics.close();
    if (ownedListenerExecutor != null) {
      if (ListenerDispatcher.deliveringOn() == ownedListenerExecutor) {
        // Closed by a listener on the pool: waiting would wait for this very thread, then
        // interrupt it. The pool still finishes its queue and stops.
        ownedListenerExecutor.shutdown();
      } else {
        Threads.shutdown(ownedListenerExecutor, Duration.ofSeconds(1));
      }
    }
    log.info("client closed");
  }

  /** Hands a new registration to the worker; the future completes on its first acknowledgement. */
  private CompletableFuture<Void> add(Registration registration) {
    CompletableFuture<Void> ack = new CompletableFuture<>();
    registration.awaitAck(ack);
    onWorker(ack, loop -> loop.add(registration));
    return ack;
  }

  /** The periodic step, at the monotonic clock's time; on the worker (tests call it directly). */
  void tick() {
    loop.tick(clock.millis());
  }

  /**
   * Runs {@code task} on the worker; {@code future} fails at once, on this thread, if the worker no
   * longer takes tasks (the client is closed).
   */
  void onWorker(CompletableFuture<?> future, Consumer<ClientLoop> task) {
    try {
      worker.execute(() -> runSafely(() -> task.accept(loop)));
    } catch (RejectedExecutionException e) {
      future.completeExceptionally(new IllegalStateException("client closed"));
    }
  }

  static List<String> values(String... data) {
    List<String> values = new ArrayList<>();
    if (data != null) {
      for (String value : data) {
        if (value == null) {
          throw new IllegalArgumentException("data: null (expected: non-null values)");
        }
        values.add(value);
      }
    }
    return values;
  }

  private void hop(Runnable task) {
    try {
      worker.execute(() -> runSafely(task));
    } catch (RejectedExecutionException e) {
      log.debug("worker closed, event dropped");
    }
  }

  private void runSafely(Runnable task) {
    workerThread = Thread.currentThread();
    try {
      task.run();
    } catch (Throwable t) {
      log.error("client worker task failed", t);
    }
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("client closed");
    }
  }

  private static String checkDataId(String dataId) {
    if (dataId == null || dataId.isBlank()) {
      throw new IllegalArgumentException("dataId: " + dataId + " (expected: non-empty)");
    }
    return dataId;
  }

  private static String groupOf(String group) {
    return group == null ? DEFAULT_GROUP : group;
  }
}
