package io.beacon.registry.it.reference;

import static io.beacon.registry.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.alipay.sofa.registry.client.api.Publisher;
import com.alipay.sofa.registry.core.model.ScopeEnum;
import io.beacon.registry.it.OfficialClient;
import io.beacon.registry.it.OfficialClient.Recorder;
import io.beacon.registry.testing.reference.ReferenceRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The published SOFARegistry 6.3.0 server through {@link ReferenceRegistry}, used by the official
 * 6.3.0 client as an application would: one client publishes, another subscribes, both connected to
 * the session's Bolt port on 127.0.0.1; the subscriber gets the value, then its republication. And
 * the fixture refuses to start while one of the reference's fixed ports is taken.
 */
class OfficialClientReferenceIT {

  private static final String DATA_ID = "reference.smoke.Service";

  @RegisterExtension final ReferenceLogsOnFailure logs = new ReferenceLogsOnFailure();

  @Test
  void aSubscriberGetsThePublishedValueAndThenItsRepublication(TestInfo test) {
    long testStart = System.nanoTime();
    try (ReferenceRegistry registry =
            ReferenceRegistry.start(ReferenceLogsOnFailure.runName(test));
        OfficialClient publisherClient =
            OfficialClient.pinnedToPort(ReferenceRegistry.SESSION_CLIENT_PORT);
        OfficialClient subscriberClient =
            OfficialClient.pinnedToPort(ReferenceRegistry.SESSION_CLIENT_PORT)) {
      Recorder recorder = subscriberClient.subscribe(DATA_ID, ScopeEnum.dataCenter);
      long publishedAt = System.nanoTime();
      Publisher publisher = publisherClient.publish(DATA_ID, "first");
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(recorder.values()).containsExactly("first"));
      long firstAt = lastPushAt(recorder);

      int firstPush = recorder.pushes().size() - 1;
      long republishedAt = System.nanoTime();
      publisher.republish("second");
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(recorder.values()).containsExactly("second"));
      long secondAt = lastPushAt(recorder);

      // Between the two values the subscriber never saw the data empty or mixed.
      List<Recorder.Push> since = recorder.pushes().subList(firstPush, recorder.pushes().size());
      assertThat(since)
          .allSatisfy(push -> assertThat(push.values()).hasSize(1).isSubsetOf("first", "second"));
      assertThat(recorder.localZone()).isEqualTo("DEFAULT_ZONE");
      assertThat(registry.isAlive()).isTrue();
      System.out.printf(
          "reference SOFARegistry: ready after %d ms; publish seen after %d ms, republish after"
              + " %d ms%n",
          registry.startupTime().toMillis(),
          millisBetween(publishedAt, firstAt),
          millisBetween(republishedAt, secondAt));
    }
    System.out.printf(
        "reference smoke test took %d ms (start to stop)%n",
        millisBetween(testStart, System.nanoTime()));
  }

  @Test
  void startingFailsNamingThePortWhenAReferencePortIsTaken() throws IOException {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(
          new InetSocketAddress(
              InetAddress.getLoopbackAddress(), ReferenceRegistry.SESSION_HTTP_PORT));

      assertThatThrownBy(() -> ReferenceRegistry.start("port-taken"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("ports in use: [" + ReferenceRegistry.SESSION_HTTP_PORT + "]");
    }
  }

  private static long lastPushAt(Recorder recorder) {
    return recorder.pushes().get(recorder.pushes().size() - 1).atNanos();
  }

  private static long millisBetween(long fromNanos, long toNanos) {
    return Duration.ofNanos(toNanos - fromNanos).toMillis();
  }

  /** Pushes of the reference take about 2 s (its batching timers); startup is awaited apart. */
}
