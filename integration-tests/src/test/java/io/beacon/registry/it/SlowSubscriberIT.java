package io.beacon.registry.it;

import static io.beacon.registry.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.alipay.sofa.registry.client.api.Publisher;
import com.alipay.sofa.registry.core.model.ScopeEnum;
import io.beacon.registry.common.colocation.Colocation;
import io.beacon.registry.it.OfficialClient.Recorder;
import io.beacon.registry.session.SessionServer;
import io.beacon.registry.session.settings.PushLimits;
import io.beacon.registry.session.settings.SessionServerConfig;
import io.beacon.registry.testing.Settings;
import io.beacon.registry.testing.cluster.InProcessCluster;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A client that stops reading its socket while many changes are published (issue 6, acceptance item
 * 6): the session buffers no more than its write-buffer watermark plus one frame per subscriber
 * group for it, keeps serving the other clients, and pushes the newest data when the client reads
 * again.
 */
class SlowSubscriberIT {

  private static final int SLOT_COUNT = 16;
  private static final int DATA_IDS = 20;
  private static final int REPUBLISHES = 2_000;
  private static final int VALUE_CHARS = 10 * 1024;

  /** A generous frame: the value plus ReceivedData's fields and Bolt's header. */
  private static final int FRAME_BYTES = VALUE_CHARS + 2 * 1024;

  /** Watermark, plus one frame per subscriber group written before the watermark was crossed. */
  private static final long BOUND =
      Settings.defaults(PushLimits.class).writeBufferHighBytes() + (long) DATA_IDS * FRAME_BYTES;

  private InProcessCluster cluster;
  private SessionServer session;
  private final List<OfficialClient> clients = new ArrayList<>();
  private RawBoltSubscriber raw;

  @BeforeEach
  void startCluster() {
    cluster =
        InProcessCluster.builder()
            .metaNodes(1)
            .dataNodes(1)
            .sessionNodes(1)
            .slotCount(SLOT_COUNT)
            .build();
  }

  private void startSession(int framesInFlight) {
    session =
        new SessionServer(
            Settings.of(
                SessionServerConfig.class,
                "bind-host",
                InProcessCluster.HOST,
                "advertised-host",
                InProcessCluster.HOST,
                "client-port",
                0,
                "internal-port",
                0,
                "http-port",
                0,
                "meta-addresses",
                cluster.metaAddresses(),
                "slot-count",
                SLOT_COUNT,
                "retry-backoff-max",
                Duration.ofMillis(500),
                "renew-interval",
                Duration.ofSeconds(1),
                "push-scan-interval",
                Duration.ofSeconds(1),
                "push-limits.socket-send-buffer-bytes",
                8 * 1024,
                "push-limits.frames-in-flight",
                framesInFlight),
            InstantSource.system(),
            new SimpleMeterRegistry(),
            Colocation.none());
    session.start();
    assertThat(session.awaitReady(InProcessCluster.READY_TIMEOUT)).isTrue();
  }

  @AfterEach
  void stop() throws Exception {
    if (raw != null) {
      raw.close();
    }
    clients.forEach(OfficialClient::close);
    if (session != null) {
      session.close();
    }
    cluster.close();
  }

  /**
   * With the default window of unanswered frames per connection, the window alone keeps the paused
   * connection's buffer small; with a window as wide as its subscribers, every frame is written
   * until the write-buffer watermark stops them, which must then hold the bound.
   */
  @ParameterizedTest(name = "frames in flight per connection: {0}")
  @ValueSource(ints = {2, DATA_IDS}) // 2: beacon.session.push-limits.frames-in-flight by default
  void aClientThatStopsReadingIsBoundedInMemoryAndGetsTheNewestDataWhenItReadsAgain(
      int framesInFlight) throws Exception {
    startSession(framesInFlight);
    OfficialClient publishing = official(session);
    OfficialClient watching = official(session);
    String prefix = "com.example.Slow-" + UUID.randomUUID() + "-";
    List<Publisher> publishers = new ArrayList<>();
    for (int i = 0; i < DATA_IDS; i++) {
      publishers.add(publishing.publish(prefix + i, value(i, 0)));
    }
    Recorder healthy = watching.subscribe(prefix + 0, ScopeEnum.dataCenter);
    raw = new RawBoltSubscriber(session.clientPort());
    for (int i = 0; i < DATA_IDS; i++) {
      raw.subscribe("raw-" + i, prefix + i);
    }
    for (int i = 0; i < DATA_IDS; i++) {
      String registId = "raw-" + i;
      String first = value(i, 0);
      await().until(() -> raw.newestValues(registId).contains(first));
    }

    raw.pause();
    long maxPending = 0;
    int rounds = REPUBLISHES / DATA_IDS;
    for (int n = 0; n < REPUBLISHES; n++) {
      int id = n % DATA_IDS;
      publishers.get(id).republish(value(id, 1 + n / DATA_IDS));
      maxPending = Math.max(maxPending, session.pushSender().pendingWriteBytes());
    }
    String newest = value(0, rounds);
    await().until(() -> healthy.values().contains(newest));
    // Pushes to the paused client time out, are retried and re-sent by anti-entropy meanwhile.
    await()
        .during(Duration.ofSeconds(5))
        .atMost(Duration.ofSeconds(15))
        .until(() -> session.pushSender().pendingWriteBytes() <= BOUND);
    maxPending = Math.max(maxPending, session.pushSender().pendingWriteBytes());

    String counters =
        "maxPending="
            + maxPending
            + " heldBack="
            + session.pushSender().heldBackCount()
            + " failed="
            + session.pushSender().failedCount()
            + " breakerOpenings="
            + session.pushSender().breakerOpenings();
    assertThat(maxPending).as(counters).isLessThanOrEqualTo(BOUND);
    if (framesInFlight >= DATA_IDS) {
      assertThat(session.pushSender().heldBackCount())
          .as("the paused client's connection went above the high watermark: " + counters)
          .isPositive();
    }

    raw.resume();
    for (int i = 0; i < DATA_IDS; i++) {
      String registId = "raw-" + i;
      String last = value(i, rounds);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> raw.newestValues(registId).equals(List.of(last)));
    }
  }

  private OfficialClient official(SessionServer session) {
    OfficialClient client = OfficialClient.pinnedTo(session);
    clients.add(client);
    return client;
  }

  /** A ~10 KB value naming its dataId index and round. */
  private static String value(int id, int round) {
    String head = "id-" + id + "-round-" + round + "-";
    return head + "x".repeat(VALUE_CHARS - head.length());
  }
}
