package io.beacon.registry.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.alipay.sofa.registry.core.model.DataBox;
import com.alipay.sofa.registry.core.model.ReceivedData;
import com.alipay.sofa.registry.core.model.Result;
import com.alipay.sofa.registry.core.model.SyncConfigRequest;
import io.beacon.registry.client.ConfigSnapshot;
import io.beacon.registry.client.ConfigWatch;
import io.beacon.registry.client.Scope;
import io.beacon.registry.client.Snapshot;
import io.beacon.registry.client.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pushes: version checks per segment, the segment filter, config watches, bad pushes. */
class PushTest {

  @Test
  void aNewerPushIsDeliveredAndOlderOrEqualVersionsAreIgnored() {
    try (ClientHarness h = ClientHarness.connected()) {
      List<Snapshot> seen = new ArrayList<>();
      Subscription subscription = h.client.subscribe("svc", null, Scope.ZONE, seen::add);
      h.settle();
      h.ackAll();

      assertThat(success(h.push(subscription.registId(), 5, "DefaultDataCenter", "Z1", "a", "b")))
          .isTrue();
      h.push(subscription.registId(), 5, "DefaultDataCenter", "Z1", "c");
      h.push(subscription.registId(), 3, "DefaultDataCenter", "Z1", "d");
      h.listeners.runAll();

      assertThat(seen).hasSize(1);
      Snapshot snapshot = seen.get(0);
      assertThat(snapshot.dataId()).isEqualTo("svc");
      assertThat(snapshot.group()).isEqualTo("DEFAULT_GROUP");
      assertThat(snapshot.version()).isEqualTo(5);
      assertThat(snapshot.localZone()).isEqualTo("DEFAULT_ZONE");
      assertThat(snapshot.zoneData()).containsOnlyKeys("Z1");
      assertThat(snapshot.values()).containsExactly("a", "b");
      assertThat(subscription.latest()).contains(snapshot);

      h.push(subscription.registId(), 6, "DefaultDataCenter", "Z1", "e");
      h.listeners.runAll();
      assertThat(seen).extracting(Snapshot::version).containsExactly(5L, 6L);
      assertThat(h.client.stats().pushesReceived()).isEqualTo(4);
      assertThat(h.client.stats().pushesApplied()).isEqualTo(2);
    }
  }

  @Test
  void segmentsMissingFromTheSyncConfigAnswerAreHiddenUntilItListsThem() {
    try (ClientHarness h = ClientHarness.options().start()) {
      h.transport.segments(List.of("DC1"));
      h.reconnect(); // so that the next SyncConfig answer carries DC1 only
      List<Snapshot> seen = new ArrayList<>();
      Subscription subscription = h.client.subscribe("svc", null, Scope.GLOBAL, seen::add);
      h.settle();
      h.ackAll();

      h.push(subscription.registId(), 7, "DC2", "Z2", "x");
      h.push(subscription.registId(), 1, "DC1", "Z1", "y");
      h.listeners.runAll();
      assertThat(subscription.latest().orElseThrow().values()).containsExactly("y");
      assertThat(subscription.latest().orElseThrow().version()).isEqualTo(1);

      h.transport.segments(List.of()); // the next sync lists none: show every segment
      h.advance(Duration.ofSeconds(31));
      h.listeners.runAll();
      assertThat(subscription.latest().orElseThrow().values()).containsExactly("y", "x");
      assertThat(seen).last().extracting(Snapshot::version).isEqualTo(7L);
    }
  }

  @Test
  void segmentsAreAskedForOnConnectEveryThirtySecondsAndAgainWhenUnanswered() {
    try (ClientHarness h = ClientHarness.connected(b -> b.zone("RZ1").dataCenter("DC9"))) {
      assertThat(syncRequests(h)).hasSize(1);
      SyncConfigRequest request = (SyncConfigRequest) syncRequests(h).get(0).request();
      assertThat(request.getZone()).isEqualTo("RZ1");
      assertThat(request.getDataCenter()).isEqualTo("DC9");

      h.advance(Duration.ofSeconds(29));
      assertThat(syncRequests(h)).hasSize(1);
      h.transport.answerSyncConfig(false);
      h.advance(Duration.ofSeconds(1));
      assertThat(syncRequests(h)).hasSize(2);

      h.advance(Duration.ofMillis(1_400));
      assertThat(syncRequests(h)).hasSize(2);
      h.advance(Duration.ofMillis(200)); // no answer within requestTimeout + retryInterval
      assertThat(syncRequests(h)).hasSize(3);
    }
  }

  private static List<FakeTransport.Sent> syncRequests(ClientHarness h) {
    return h.transport.sent().stream()
        .filter(s -> s.request() instanceof SyncConfigRequest)
        .toList();
  }

  @Test
  void aPushIsAppliedToEverySubscriberItNamesAndUnknownIdsAreSkipped() {
    try (ClientHarness h = ClientHarness.connected()) {
      Subscription first = h.client.subscribe("svc", null, Scope.ZONE, s -> {});
      Subscription second = h.client.subscribe("svc", null, Scope.ZONE, s -> {});
      h.settle();
      ReceivedData push = new ReceivedData();
      push.setSubscriberRegistIds(
          new ArrayList<>(List.of(first.registId(), "unknown", second.registId())));
      push.setSegment("DefaultDataCenter");
      push.setVersion(3L);
      Map<String, List<DataBox>> data = new HashMap<>();
      data.put("DEFAULT_ZONE", new ArrayList<>(List.of(new DataBox("v"))));
      push.setData(data);

      Object answer = h.connection().push(push);
      h.settle();

      assertThat(success(answer)).isTrue();
      assertThat(first.latest().orElseThrow().values()).containsExactly("v");
      assertThat(second.latest().orElseThrow().values()).containsExactly("v");
    }
  }

  @Test
  void aMalformedPushIsAnsweredWithFailureAndNotApplied() {
    try (ClientHarness h = ClientHarness.connected()) {
      Subscription subscription = h.client.subscribe("svc", null, Scope.ZONE, s -> {});
      h.settle();
      ReceivedData noSegment = new ReceivedData();
      noSegment.setSubscriberRegistIds(new ArrayList<>(List.of(subscription.registId())));
      noSegment.setVersion(1L);
      noSegment.setData(new HashMap<>());

      assertThat(success(h.connection().push(noSegment))).isFalse();
      assertThat(success(h.connection().push("not a push"))).isFalse();
      h.settle();
      assertThat(subscription.latest()).isEmpty();
      assertThat(h.client.stats().pushesReceived()).isZero();
    }
  }

  @Test
  void anUnsubscribedSubscriptionGetsNoMorePushes() {
    try (ClientHarness h = ClientHarness.connected()) {
      List<Snapshot> seen = new ArrayList<>();
      Subscription subscription = h.client.subscribe("svc", null, Scope.ZONE, seen::add);
      h.settle();
      h.ackAll();
      subscription.unsubscribe();
      h.settle();
      assertThat(h.transport.lastRegister().register().getEventType()).isEqualTo("UNREGISTER");
      assertThat(h.transport.lastRegister().register().getVersion()).isEqualTo(2L);

      h.push(subscription.registId(), 1, "DefaultDataCenter", "Z", "a");
      h.ackAll();
      h.push(subscription.registId(), 2, "DefaultDataCenter", "Z", "b");
      h.listeners.runAll();

      assertThat(seen).isEmpty();
      assertThat(subscription.unsubscribe()).isCompleted();
    }
  }

  @Test
  void aConfigWatchAppliesOnlyHigherVersionsAndANullVersionCountsAsZero() {
    try (ClientHarness h = ClientHarness.connected()) {
      List<ConfigSnapshot> seen = new ArrayList<>();
      ConfigWatch watch = h.client.watchConfig("cfg", seen::add);
      h.settle();
      h.ackAll();

      assertThat(success(h.pushConfig(watch.registId(), null, "zero"))).isTrue();
      h.listeners.runAll();
      h.pushConfig(watch.registId(), 5L, "five");
      h.listeners.runAll();
      h.pushConfig(watch.registId(), 5L, "five again");
      h.pushConfig(watch.registId(), 4L, "four");
      h.pushConfig(watch.registId(), 7L, null);
      h.listeners.runAll();

      assertThat(seen)
          .containsExactly(
              new ConfigSnapshot("cfg", "zero", 0),
              new ConfigSnapshot("cfg", "five", 5),
              new ConfigSnapshot("cfg", null, 7));
      assertThat(watch.latest()).contains(new ConfigSnapshot("cfg", null, 7));

      watch.cancel();
      h.settle();
      assertThat(h.transport.lastRegister().register().getVersion()).isEqualTo(1L);
      assertThat(h.transport.lastRegister().register().getEventType()).isEqualTo("UNREGISTER");
    }
  }

  /**
   * Race: a push can be in the worker's queue, or still arriving, when its connection is lost and
   * the client has moved to another session. It used to be applied all the same: data of a session
   * the client no longer follows, possibly older than what the new session will push. It is
   * answered (the old session need not retry) but not applied.
   */
  @Test
  void aPushFromAConnectionNoLongerCurrentIsAnsweredButNotApplied() {
    try (ClientHarness h = ClientHarness.connected()) {
      Subscription subscription = h.client.subscribe("svc", null, Scope.ZONE, s -> {});
      h.settle();
      h.ackAll();
      FakeTransport.FakeConnection lost = h.connection();
      h.reconnect();
      h.ackAll();

      Object answer = lost.push(receivedData(subscription.registId(), 9, "old"));
      h.settle();

      assertThat(success(answer)).isTrue();
      assertThat(subscription.latest()).isEmpty();
      assertThat(h.client.stats().pushesReceived()).isZero();

      h.push(subscription.registId(), 2, "DefaultDataCenter", "Z", "new");
      assertThat(subscription.latest().orElseThrow().values()).containsExactly("new");
    }
  }

  /**
   * Backpressure: every push is answered at once on the transport thread and handed to the worker.
   * With no bound, a worker that falls behind (a flood of pushes, a stalled tick) let its queue
   * grow without limit while the session kept being told success. Beyond the cap a push is answered
   * busy so that the session retries it later; once the worker caught up, pushes are taken again.
   */
  @Test
  void pushesBeyondTheQueueCapAreAnsweredBusyUntilTheWorkerCatchesUp() {
    try (ClientHarness h = ClientHarness.connected()) {
      Subscription subscription = h.client.subscribe("svc", null, Scope.ZONE, s -> {});
      h.settle();
      String id = subscription.registId();
      for (int i = 1; i <= SessionConnector.MAX_QUEUED_PUSHES; i++) {
        assertThat(success(h.connection().push(receivedData(id, i, "v" + i)))).isTrue();
      }

      Object busy = h.connection().push(receivedData(id, 20_000, "beyond"));

      assertThat(success(busy)).isFalse();
      assertThat(((Result) busy).getMessage()).startsWith("busy");
      h.settle();
      assertThat(subscription.latest().orElseThrow().version())
          .isEqualTo(SessionConnector.MAX_QUEUED_PUSHES);
      assertThat(success(h.push(id, 20_000, "DefaultDataCenter", "Z", "again"))).isTrue();
      assertThat(subscription.latest().orElseThrow().values()).containsExactly("again");
    }
  }

  private static ReceivedData receivedData(String registId, long version, String value) {
    ReceivedData push = new ReceivedData();
    push.setSubscriberRegistIds(new ArrayList<>(List.of(registId)));
    push.setSegment("DefaultDataCenter");
    push.setVersion(version);
    Map<String, List<DataBox>> data = new HashMap<>();
    data.put("Z", new ArrayList<>(List.of(new DataBox(value))));
    push.setData(data);
    return push;
  }

  private static boolean success(Object answer) {
    assertThat(answer).isInstanceOf(Result.class);
    return ((Result) answer).isSuccess();
  }
}
