package io.beacon.registry.session.push;

import static io.beacon.registry.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.alipay.sofa.registry.core.model.ReceivedConfigData;
import io.beacon.registry.common.concurrent.Threads;
import io.beacon.registry.common.model.DataInfo;
import io.beacon.registry.common.protocol.ProvideDatum;
import io.beacon.registry.common.protocol.RegistrySwitches;
import io.beacon.registry.common.retry.Backoff;
import io.beacon.registry.common.rpc.RpcServer;
import io.beacon.registry.session.connection.ClientConnections;
import io.beacon.registry.session.push.ConfigPushes.Target;
import io.beacon.registry.session.push.FakeClient.Answer;
import io.beacon.registry.session.registration.Configurator;
import io.beacon.registry.session.registration.SessionRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Config pushes to configurators: the value of their key, then every change ({@link ConfigPushes}).
 */
class ConfigPushesTest {

  private static final DataInfo KEY = new DataInfo("cfg.flag", null, null);
  private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(5), Duration.ofMillis(50));

  private final ThreadPoolExecutor callbacks = Threads.bounded("test-callback", 2, 1_000);
  private final ScheduledExecutorService scheduler = Threads.scheduled("test-scheduler", 1);
  private final RpcServer clientPort = new RpcServer("test-client-port", "127.0.0.1", 0, callbacks);
  private final ClientConnections connections = new ClientConnections();
  private final SessionRegistry registry = new SessionRegistry();
  private final AtomicReference<RegistrySwitches> switches =
      new AtomicReference<>(RegistrySwitches.INITIAL);
  private FakeClient client;
  private String connectId;

  @BeforeEach
  void connect() throws Exception {
    clientPort.addConnectionListener(connections);
    clientPort.start();
    client = new FakeClient();
    connectId = client.connect(clientPort.port());
    await().until(() -> connections.isOpen(connectId));
  }

  @AfterEach
  void close() {
    client.close();
    clientPort.close();
    Threads.shutdown(scheduler, Duration.ofSeconds(1));
    Threads.shutdown(callbacks, Duration.ofSeconds(1));
  }

  private ConfigPushes configs() {
    return new ConfigPushes(
        registry, connections, switches::get, Duration.ofSeconds(3), BACKOFF, scheduler);
  }

  private Configurator register(ConfigPushes configs, String registId) {
    Configurator configurator = new Configurator(registId, KEY, connectId, 1);
    registry.putConfigurator(configurator);
    configs.onRegister(configurator);
    return configurator;
  }

  @Test
  void aConfiguratorOfAKeyNeverWrittenIsPushedNoValueAtVersionOne() {
    register(configs(), "c1");

    ReceivedConfigData push = awaitPushes(1).get(0);
    assertThat(push.getDataBox()).isNull();
    assertThat(push.getVersion()).isEqualTo(1L);
    assertThat(push.getConfiguratorRegistIds()).containsExactly("c1");
    assertThat(List.of(push.getDataId(), push.getGroup(), push.getInstanceId()))
        .containsExactly("cfg.flag", "DEFAULT_GROUP", "DEFAULT_INSTANCE_ID");
  }

  @Test
  void aValueWrittenLaterIsPushedAndThenItsRemovalEachWithAHigherVersion() {
    ConfigPushes configs = configs();
    switches.set(switches(5, null, false));
    register(configs, "c1");
    awaitPushes(1);

    configs.onSwitches(switches(7, new ProvideDatum("v1", 7), false));
    awaitPushes(2);
    configs.onSwitches(switches(9, null, false));

    List<ReceivedConfigData> pushes = awaitPushes(3);
    assertThat(pushes).extracting(ReceivedConfigData::getVersion).containsExactly(6L, 8L, 10L);
    assertThat(pushes.get(1).getDataBox().getData()).isEqualTo("v1");
    assertThat(pushes.get(2).getDataBox()).isNull();
  }

  @Test
  void aSwitchChangeThatLeavesTheKeyAsItWasPushesNothing() {
    ConfigPushes configs = configs();
    switches.set(switches(7, new ProvideDatum("v1", 7), false));
    register(configs, "c1");
    awaitPushes(1);

    configs.onSwitches(switches(8, new ProvideDatum("v1", 7), false));
    configs.scan();

    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> client.configPushes().size() == 1);
  }

  @Test
  void stopPushHoldsConfigPushesBackAndItsLiftSendsThem() {
    ConfigPushes configs = configs();
    switches.set(switches(7, new ProvideDatum("v1", 7), true));
    register(configs, "c1");
    configs.scan();
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> client.configPushes().isEmpty());

    switches.set(switches(8, new ProvideDatum("v1", 7), false));
    configs.onSwitches(switches.get());

    assertThat(awaitPushes(1).get(0).getDataBox().getData()).isEqualTo("v1");
  }

  @Test
  void aFailedPushIsRetriedUntilTheClientTakesIt() {
    client.scriptConfig(Answer.FAIL, Answer.FAIL);
    register(configs(), "c1");

    assertThat(awaitPushes(3)).extracting(ReceivedConfigData::getVersion).containsOnly(1L);
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> client.configPushes().size() == 3);
  }

  /** A change offered while the push before it is in flight follows it, as soon as it is taken. */
  @Test
  void aChangeOfferedWhileAPushIsInFlightIsPushedRightAfterIt() {
    ConfigPushes configs = configs();
    switches.set(switches(5, null, false));
    register(configs, "c1");
    configs.onSwitches(switches(7, new ProvideDatum("v1", 7), false));
    configs.onSwitches(switches(9, null, false));

    await()
        .untilAsserted(
            () ->
                assertThat(client.configPushes())
                    .last()
                    .satisfies(push -> assertThat(push.getVersion()).isEqualTo(10L)));
    assertThat(client.configPushes().get(client.configPushes().size() - 1).getDataBox()).isNull();
  }

  @Test
  void anUnregisteredConfiguratorsLaneIsDroppedByTheScan() {
    ConfigPushes configs = configs();
    register(configs, "c1");
    awaitPushes(1);

    registry.removeConfigurator("c1");
    configs.scan();

    assertThat(configs.laneCount()).isZero();
  }

  /**
   * Over any sequence of writes, removals and unrelated changes, in the cluster's one config order,
   * a configurator's version grows whenever what it shows changes (the client keeps only growing
   * versions). Seeded; prints the longest run.
   */
  @Test
  void theVersionGrowsWithEveryChangeOfValueOverRandomHistories() {
    Configurator configurator = new Configurator("c1", KEY, connectId, 1);
    int longest = 0;
    for (long seed = 1; seed <= 200; seed++) {
      Random random = new Random(seed);
      long configVersion = 0;
      ProvideDatum stored = null;
      Target shown = ConfigPushes.target(configurator, switches(0, null, false));
      int steps = 10 + random.nextInt(90);
      for (int step = 0; step < steps; step++) {
        configVersion++;
        int op = random.nextInt(3);
        if (op == 0) {
          stored = new ProvideDatum("value-" + random.nextInt(4), configVersion);
        } else if (op == 1) {
          stored = null;
        }
        Target next = ConfigPushes.target(configurator, switches(configVersion, stored, false));
        if (!java.util.Objects.equals(next.value(), shown.value())) {
          assertThat(next.version())
              .as("seed %d step %d", seed, step)
              .isGreaterThan(shown.version());
          shown = next;
        }
      }
      longest = Math.max(longest, steps);
    }
    System.out.printf(
        "200 seeded histories, up to %d changes each: versions always grew%n", longest);
  }

  private List<ReceivedConfigData> awaitPushes(int count) {
    await().until(() -> client.configPushes().size() >= count);
    return client.configPushes();
  }

  private long pushesTo(String registId) {
    return client.configPushes().stream()
        .filter(p -> p.getConfiguratorRegistIds().contains(registId))
        .count();
  }

  private static RegistrySwitches switches(long version, ProvideDatum datum, boolean stopPush) {
    Map<String, ProvideDatum> data = new HashMap<>();
    if (datum != null) {
      data.put(KEY.id(), datum);
    }
    return new RegistrySwitches(
        version, stopPush, Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), 0, Set.of(), data);
  }
}
