package io.beacon.registry.client.internal;

import com.alipay.sofa.registry.core.model.DataBox;
import com.alipay.sofa.registry.core.model.ReceivedConfigData;
import com.alipay.sofa.registry.core.model.ReceivedData;
import io.beacon.registry.client.ClientConfig;
import io.beacon.registry.testing.ManualClock;
import io.beacon.registry.testing.ManualScheduler;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * A {@link DefaultRegistryClient} on fakes: {@link FakeTransport}, a {@link ManualClock}, a {@link
 * ManualScheduler} as its worker and a {@link ManualExecutor} for listeners. Everything runs on the
 * test thread when the test calls {@link #settle()} or {@link #advance}.
 *
 * <p>Time: {@link #clock} is the passing of real time; the scheduler and the transport run on it.
 * The client gets two clocks derived from it: a monotonic one, which starts far below zero (as
 * {@code System.nanoTime} may) so that a deadline mixed up with a date shows, and a wall clock
 * equal to {@link #clock} until {@link #stepWallClock} moves it (NTP, a VM resume).
 */
final class ClientHarness implements AutoCloseable {

  static final String A = "session-a:9600";
  static final String B = "session-b:9600";
  static final String C = "session-c:9600";

  /** Where the monotonic clock the client sees starts. */
  static final long MONOTONIC_START = -1_000_000_000_000L;

  final ManualClock clock = new ManualClock();
  final ManualScheduler worker = new ManualScheduler(clock);
  final ManualExecutor listeners = new ManualExecutor();
  final FakeTransport transport = new FakeTransport(clock);
  final ClientConfig config;
  final DefaultRegistryClient client;
  private final long origin = clock.millis();
  private volatile long wallOffsetMillis;

  private ClientHarness(Options options) {
    ClientConfig.Builder builder = ClientConfig.builder().sessions(A).appName("demo-app");
    if (!options.ownedListenerPool) {
      builder.listenerExecutor(listeners);
    }
    options.config.accept(builder);
    this.config = builder.build();
    InstantSource wallClock = () -> clock.instant().plusMillis(wallOffsetMillis);
    this.client =
        DefaultRegistryClient.start(
            config,
            transport,
            options.discovery == null ? SessionDiscovery.of(config) : options.discovery,
            wallClock,
            () -> MONOTONIC_START + (clock.millis() - origin),
            worker,
            options.random,
            options.maxInFlight);
  }

  /** A client on session A, connected. */
  static ClientHarness connected() {
    return connected(b -> {});
  }

  static ClientHarness connected(Consumer<ClientConfig.Builder> customize) {
    ClientHarness harness = options().config(customize).start();
    harness.transport.connection(); // asserts exactly one open connection
    return harness;
  }

  static Options options() {
    return new Options();
  }

  /** What a test may change; {@link #start()} builds the client and settles it. */
  static final class Options {
    private Consumer<ClientConfig.Builder> config = b -> {};
    private RandomGenerator random = new SplittableRandom(42);
    private int maxInFlight = 256;
    private SessionDiscovery discovery;
    private boolean ownedListenerPool;

    /** Listeners run on the client's own pool (real threads), not on {@link #listeners}. */
    Options ownedListenerPool() {
      this.ownedListenerPool = true;
      return this;
    }

    Options config(Consumer<ClientConfig.Builder> config) {
      this.config = config;
      return this;
    }

    Options random(RandomGenerator random) {
      this.random = random;
      return this;
    }

    Options maxInFlight(int maxInFlight) {
      this.maxInFlight = maxInFlight;
      return this;
    }

    Options discovery(SessionDiscovery discovery) {
      this.discovery = discovery;
      return this;
    }

    ClientHarness start() {
      ClientHarness harness = new ClientHarness(this);
      harness.settle();
      return harness;
    }
  }

  /** Steps the client's wall clock by {@code step} (negative: back); real time goes on. */
  void stepWallClock(Duration step) {
    wallOffsetMillis += step.toMillis();
  }

  /** The wall-clock time the client sees now. */
  long wallMillis() {
    return clock.millis() + wallOffsetMillis;
  }

  /** Loses the connection and waits until the client is connected again. */
  void reconnect() {
    connection().close();
    advanceUntil(() -> client.connectedSession().isPresent(), Duration.ofSeconds(10));
  }

  /** Runs what the worker has queued. */
  void settle() {
    worker.runPending();
  }

  void advance(Duration duration) {
    worker.advance(duration);
  }

  /** Advances in tick steps until {@code condition} holds; fails after {@code max}. */
  void advanceUntil(BooleanSupplier condition, Duration max) {
    long deadline = clock.millis() + max.toMillis();
    settle();
    while (!condition.getAsBoolean()) {
      if (clock.millis() >= deadline) {
        throw new AssertionError("condition not met within " + max);
      }
      advance(DefaultRegistryClient.TICK_INTERVAL);
    }
  }

  FakeTransport.FakeConnection connection() {
    return transport.connection();
  }

  /** Acks every unanswered register request, then settles. */
  void ackAll() {
    for (int round = 0; round < 100 && !transport.unanswered().isEmpty(); round++) {
      transport.unanswered().forEach(FakeTransport.Sent::ack);
      settle();
    }
  }

  /** Pushes {@code values} (all in {@code zone}) to {@code registId} on the open connection. */
  Object push(String registId, long version, String segment, String zone, String... values) {
    Map<String, List<DataBox>> data = new HashMap<>();
    List<DataBox> boxes = new ArrayList<>();
    for (String value : values) {
      boxes.add(new DataBox(value));
    }
    data.put(zone, boxes);
    return push(registId, version, segment, data);
  }

  /** Pushes an empty map (what a session sends when there is nothing to show). */
  Object pushEmpty(String registId, long version) {
    return push(registId, version, "DefaultDataCenter", new HashMap<>());
  }

  Object push(String registId, long version, String segment, Map<String, List<DataBox>> data) {
    ReceivedData push = new ReceivedData();
    push.setDataId("ignored-by-client");
    push.setSubscriberRegistIds(new ArrayList<>(List.of(registId)));
    push.setSegment(segment);
    push.setVersion(version);
    push.setData(data);
    push.setLocalZone("DEFAULT_ZONE");
    Object answer = connection().push(push);
    settle();
    return answer;
  }

  Object pushConfig(String registId, Long version, String value) {
    ReceivedConfigData push = new ReceivedConfigData();
    push.setConfiguratorRegistIds(new ArrayList<>(List.of(registId)));
    push.setVersion(version);
    push.setDataBox(value == null ? null : new DataBox(value));
    Object answer = connection().push(push);
    settle();
    return answer;
  }

  @Override
  public void close() {
    client.close();
  }
}
