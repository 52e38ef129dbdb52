package io.beacon.registry.session.push;

import static io.beacon.registry.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.common.concurrent.Threads;
import io.beacon.registry.common.model.DataInfo;
import io.beacon.registry.common.model.Datum;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.common.model.RegisterVersion;
import io.beacon.registry.common.retry.Backoff;
import io.beacon.registry.common.rpc.RpcServer;
import io.beacon.registry.session.connection.ClientConnections;
import io.beacon.registry.session.push.FakeClient.Answer;
import io.beacon.registry.session.registration.Subscriber;
import io.beacon.registry.session.settings.PushLimits;
import io.beacon.registry.testing.ManualScheduler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadPoolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link PushSender}'s per-connection behaviour over a real client connection: shared frames and
 * the circuit breaker. Retries and cool-downs run only when the test runs the {@link
 * ManualScheduler}.
 */
class PushSenderFlowTest {

  private static final DataInfo SERVICE = new DataInfo("com.example.Service", null, null);
  private static final ProcessId SESSION = new ProcessId("127.0.0.1", 1L, 1L, 1);
  private static final int BREAKER_THRESHOLD = 2;

  private final ThreadPoolExecutor callbackExecutor = Threads.bounded("test-callback", 2, 1_000);
  private final RpcServer clientPort =
      new RpcServer("test-client-port", "127.0.0.1", 0, callbackExecutor);
  private final ClientConnections connections = new ClientConnections();
  private final ManualScheduler scheduler = new ManualScheduler();
  private final PushSender sender =
      new PushSender(
          connections,
          new ReceivedDataFactory("DefaultDataCenter"),
          Duration.ofSeconds(3),
          10,
          new Backoff(Duration.ofMillis(10), Duration.ofMillis(100)),
          new PushLimits(
              32 * 1024,
              64 * 1024,
              BREAKER_THRESHOLD,
              Duration.ofSeconds(1),
              Duration.ofSeconds(4),
              0,
              2),
          scheduler,
          ip -> true);
  private FakeClient client;
  private String connectId;

  @BeforeEach
  void connect() throws Exception {
    clientPort.addConnectionListener(connections);
    clientPort.start();
    client = new FakeClient();
    connectId = openConnection();
  }

  @AfterEach
  void close() {
    client.close();
    clientPort.close();
    scheduler.shutdown();
    Threads.shutdown(callbackExecutor, Duration.ofSeconds(1));
  }

  @Test
  void subscribersOfOneConnectionWithTheSameViewGetOneFrameNamingThemAll() throws Exception {
    String other = openConnection();
    List<Subscriber> subscribers =
        List.of(
            subscriber("s1", connectId, "zone"),
            subscriber("s2", connectId, "zone"),
            subscriber("s3", connectId, "dataCenter"),
            subscriber("s4", other, "zone"));

    sender.push(subscribers, new PushPayload(datum(10, "a")));

    await()
        .until(
            () -> subscribers.stream().allMatch(s -> sender.pushedVersion(s.registerId()) == 10));
    assertThat(client.pushesTo(connectId))
        .extracting(push -> push.data().getSubscriberRegistIds())
        .containsExactlyInAnyOrder(List.of("s1", "s2"), List.of("s3"));
    assertThat(client.pushesTo(other))
        .singleElement()
        .satisfies(push -> assertThat(push.data().getSubscriberRegistIds()).containsExactly("s4"));
    assertThat(sender.pushedCount()).isEqualTo(3);
  }

  @Test
  void aBreakerOpensAfterConsecutiveFailuresAndItsProbeSendsTheNewestData() {
    Subscriber subscriber = subscriber("s1", connectId, "zone");
    client.script(Answer.FAIL, Answer.FAIL);
    sender.push(subscriber, datum(10, "a"));
    await().until(() -> scheduler.scheduledCount() == 1);
    scheduler.runScheduled();

    await().until(() -> sender.breakerOpenings() == 1);
    assertThat(sender.breakerState(connectId)).isEqualTo("OPEN");
    await().until(() -> scheduler.scheduledCount() == 2); // the retry and the cool-down
    assertThat(scheduler.delays().subList(1, 3))
        .anySatisfy(
            delay -> assertThat(delay).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1)));
    sender.push(subscriber, datum(11, "b"));
    assertThat(client.versions()).containsExactly(10L, 10L);

    scheduler.runScheduled();

    await().until(() -> sender.pushedVersion("s1") == 11);
    assertThat(client.versions()).containsExactly(10L, 10L, 11L);
    assertThat(sender.breakerState(connectId)).isEqualTo("CLOSED");
  }

  private String openConnection() throws Exception {
    String id = client.connect(clientPort.port());
    await().until(() -> connections.isOpen(id));
    return id;
  }

  private static Subscriber subscriber(String registerId, String connectId, String scope) {
    return new Subscriber(registerId, SERVICE, scope, "DEFAULT_ZONE", "app", connectId, 1L);
  }

  private static Datum datum(long version, String... values) {
    Publisher publisher =
        new Publisher(
            SERVICE.id(),
            "p1",
            List.of(values),
            new RegisterVersion(1, 1),
            "DEFAULT_ZONE",
            "app",
            "10.0.0.1:1_127.0.0.1:9600",
            SESSION);
    return new Datum(SERVICE.id(), version, List.of(publisher));
  }
}
