package io.beacon.registry.session.push;

import static io.beacon.registry.session.push.PushFixtures.datum;
import static io.beacon.registry.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.common.retry.Backoff;
import io.beacon.registry.session.push.FakeClient.Answer;
import io.beacon.registry.session.registration.Subscriber;
import io.beacon.registry.session.settings.PushLimits;
import io.beacon.registry.testing.ManualScheduler;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link PushSender}'s per-connection behaviour over a real client connection: shared frames and
 * the circuit breaker. Retries and cool-downs run only when the test runs the {@link
 * ManualScheduler}.
 */
class PushSenderFlowTest {

  private static final int BREAKER_THRESHOLD = 2;

  @RegisterExtension final ConnectedClient port = new ConnectedClient();
  private final FakeClient client = port.client;
  private final ManualScheduler scheduler = new ManualScheduler();
  private final PushSender sender =
      port.sender(
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

  @AfterEach
  void shutdownScheduler() {
    scheduler.shutdown();
  }

  @Test
  void subscribersOfOneConnectionWithTheSameViewGetOneFrameNamingThemAll() throws Exception {
    String other = port.open();
    List<Subscriber> subscribers =
        List.of(
            subscriber("s1", port.connectId(), "zone"),
            subscriber("s2", port.connectId(), "zone"),
            subscriber("s3", port.connectId(), "dataCenter"),
            subscriber("s4", other, "zone"));

    sender.push(subscribers, new PushPayload(datum(10, "a")));

    await()
        .until(
            () -> subscribers.stream().allMatch(s -> sender.pushedVersion(s.registerId()) == 10));
    assertThat(client.pushesTo(port.connectId()))
        .extracting(push -> push.data().getSubscriberRegistIds())
        .containsExactlyInAnyOrder(List.of("s1", "s2"), List.of("s3"));
    assertThat(client.pushesTo(other))
        .singleElement()
        .satisfies(push -> assertThat(push.data().getSubscriberRegistIds()).containsExactly("s4"));
    assertThat(sender.pushedCount()).isEqualTo(3);
  }

  @Test
  void aBreakerOpensAfterConsecutiveFailuresAndItsProbeSendsTheNewestData() {
    Subscriber subscriber = subscriber("s1", port.connectId(), "zone");
    client.script(Answer.FAIL, Answer.FAIL);
    sender.push(subscriber, datum(10, "a"));
    await().until(() -> scheduler.scheduledCount() == 1);
    scheduler.runScheduled();

    await().until(() -> sender.breakerOpenings() == 1);
    assertThat(sender.breakerState(port.connectId())).isEqualTo("OPEN");
    await().until(() -> scheduler.scheduledCount() == 2); // the retry and the cool-down
    assertThat(scheduler.delays().subList(1, 3))
        .anySatisfy(
            delay -> assertThat(delay).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1)));
    sender.push(subscriber, datum(11, "b"));
    assertThat(client.versions()).containsExactly(10L, 10L);

    scheduler.runScheduled();

    await().until(() -> sender.pushedVersion("s1") == 11);
    assertThat(client.versions()).containsExactly(10L, 10L, 11L);
    assertThat(sender.breakerState(port.connectId())).isEqualTo("CLOSED");
  }

  private static Subscriber subscriber(String registerId, String connectId, String scope) {
    return PushFixtures.subscriber(registerId, scope, "DEFAULT_ZONE", connectId);
  }
}
