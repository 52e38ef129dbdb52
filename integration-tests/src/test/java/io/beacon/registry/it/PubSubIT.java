package io.beacon.registry.it;

import static io.beacon.registry.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.alipay.sofa.registry.client.api.ConfigDataObserver;
import com.alipay.sofa.registry.client.api.Publisher;
import com.alipay.sofa.registry.client.api.model.ConfigData;
import com.alipay.sofa.registry.client.api.registration.ConfiguratorRegistration;
import com.alipay.sofa.registry.client.provider.DefaultPublisher;
import com.alipay.sofa.registry.core.model.ScopeEnum;
import io.beacon.registry.it.OfficialClient.Recorder;
import io.beacon.registry.testing.cluster.InProcessCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Publish and subscribe through the official SOFARegistry 6.3.0 client against a cluster of 1 meta,
 * 2 data and 2 session servers: the reference's own pub/sub scenarios.
 */
class PubSubIT {

  private static InProcessCluster cluster;
  @RegisterExtension final OfficialClients clients = new OfficialClients();

  @BeforeAll
  static void startCluster() {
    cluster = InProcessCluster.builder().metaNodes(1).dataNodes(2).sessionNodes(2).build();
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  private OfficialClient client(int session) {
    return client(session, "DEFAULT_ZONE");
  }

  private OfficialClient client(int session, String zone) {
    return clients.pinnedTo(cluster.session(session), zone);
  }

  private static String dataId() {
    return "com.example.Service-" + UUID.randomUUID();
  }

  @Test
  void aSubscriberWithoutPublisherGetsAnEmptyFirstPush() {
    Recorder recorder = client(0).subscribe(dataId(), ScopeEnum.dataCenter);

    await().until(recorder::received);
    assertThat(recorder.pushes().get(0).zoneData()).isEmpty();
  }

  @Test
  void publishThenSubscribeDeliversTheValue() {
    String dataId = dataId();
    OfficialClient client = client(0);
    client.publish(dataId, "10.0.0.1:12200");

    Recorder recorder = client.subscribe(dataId, ScopeEnum.dataCenter);

    await().untilAsserted(() -> assertThat(recorder.values()).containsExactly("10.0.0.1:12200"));
    assertThat(recorder.latest()).containsOnlyKeys("DEFAULT_ZONE");
    assertThat(recorder.localZone()).isEqualTo("DEFAULT_ZONE");
  }

  @Test
  void subscribeThenPublishDeliversTheValue() {
    String dataId = dataId();
    OfficialClient client = client(1);
    Recorder recorder = client.subscribe(dataId, ScopeEnum.zone);
    await().until(recorder::received);

    client.publish(dataId, "10.0.0.2:12200");

    await().untilAsserted(() -> assertThat(recorder.values()).containsExactly("10.0.0.2:12200"));
  }

  @Test
  void republishDeliversOnlyTheNewestValue() {
    String dataId = dataId();
    OfficialClient client = client(0);
    Recorder recorder = client.subscribe(dataId, ScopeEnum.dataCenter);
    Publisher publisher = client.publish(dataId, "v1");
    await().untilAsserted(() -> assertThat(recorder.values()).containsExactly("v1"));

    publisher.republish("v2");

    await().untilAsserted(() -> assertThat(recorder.values()).containsExactly("v2"));
    // Pushes carry growing versions: once v2 was seen, v1 never comes back.
    List<Recorder.Push> pushes = recorder.pushes();
    int firstV2 = 0;
    while (!pushes.get(firstV2).values().contains("v2")) {
      firstV2++;
    }
    assertThat(pushes.subList(firstV2, pushes.size()))
        .allSatisfy(push -> assertThat(push.values()).doesNotContain("v1"));
  }

  @Test
  void unregisterDeliversAnEmptyPush() {
    String dataId = dataId();
    OfficialClient client = client(0);
    Publisher publisher = client.publish(dataId, "gone-soon");
    Recorder recorder = client(1).subscribe(dataId, ScopeEnum.dataCenter);
    await().untilAsserted(() -> assertThat(recorder.values()).containsExactly("gone-soon"));

    publisher.unregister();

    await().untilAsserted(() -> assertThat(recorder.values()).isEmpty());
  }

  @Test
  void aPublisherOnOneSessionIsSeenBySubscribersOnEverySession() {
    String dataId = dataId();
    Recorder onOther = client(1).subscribe(dataId, ScopeEnum.global);
    Recorder onSame = client(0).subscribe(dataId, ScopeEnum.global);

    client(0).publish(dataId, "cross-session");

    await().untilAsserted(() -> assertThat(onOther.values()).containsExactly("cross-session"));
    await().untilAsserted(() -> assertThat(onSame.values()).containsExactly("cross-session"));
  }

  @Test
  void twoPublishersOnOneDataIdGiveTwoValues() {
    String dataId = dataId();
    client(0).publish(dataId, "a:1");
    client(1).publish(dataId, "b:2");

    Recorder recorder = client(0).subscribe(dataId, ScopeEnum.dataCenter);

    await().untilAsserted(() -> assertThat(recorder.values()).containsExactly("a:1", "b:2"));
  }

  @Test
  void zoneScopeHidesAnotherZonesPublisherWhileDataCenterScopeShowsIt() {
    String dataId = dataId();
    client(0, "ZONE_B").publish(dataId, "in-zone-b");
    client(0, "DEFAULT_ZONE").publish(dataId, "in-default-zone");
    OfficialClient subscriberClient = client(1, "DEFAULT_ZONE");
    Recorder dataCenterScope = subscriberClient.subscribe(dataId, ScopeEnum.dataCenter);
    Recorder zoneScope = subscriberClient.subscribe(dataId, ScopeEnum.zone);
    Recorder sameZone = client(1, "ZONE_B").subscribe(dataId, ScopeEnum.zone);

    await()
        .untilAsserted(
            () ->
                assertThat(dataCenterScope.latest())
                    .containsOnlyKeys("ZONE_B", "DEFAULT_ZONE")
                    .containsEntry("ZONE_B", List.of("in-zone-b")));
    await().untilAsserted(() -> assertThat(sameZone.values()).containsExactly("in-zone-b"));
    // The zone-scoped subscriber got the data push (its own zone's value), filtered.
    await().untilAsserted(() -> assertThat(zoneScope.values()).containsExactly("in-default-zone"));
    assertThat(zoneScope.pushes())
        .allSatisfy(push -> assertThat(push.zoneData()).doesNotContainKey("ZONE_B"));
    assertThat(zoneScope.localZone()).isEqualTo("DEFAULT_ZONE");
  }

  @Test
  void closingThePublishersClientRemovesItsDataFromEverySubscriber() {
    String dataId = dataId();
    OfficialClient publisherClient = OfficialClient.pinnedTo(cluster.session(0));
    publisherClient.publish(dataId, "leaving");
    client(0).publish(dataId, "staying");
    Recorder onSame = client(0).subscribe(dataId, ScopeEnum.dataCenter);
    Recorder onOther = client(1).subscribe(dataId, ScopeEnum.dataCenter);
    await().untilAsserted(() -> assertThat(onOther.values()).containsExactly("leaving", "staying"));
    await().untilAsserted(() -> assertThat(onSame.values()).containsExactly("leaving", "staying"));

    publisherClient.close();

    await().untilAsserted(() -> assertThat(onOther.values()).containsExactly("staying"));
    await().untilAsserted(() -> assertThat(onSame.values()).containsExactly("staying"));
  }

  @Test
  void aConfiguratorRegistrationIsAnsweredAndPushed() {
    List<ConfigData> received = new CopyOnWriteArrayList<>();
    ConfigDataObserver observer = (dataId, config) -> received.add(config);

    client(0).raw().register(new ConfiguratorRegistration(dataId(), observer));

    await().until(() -> !received.isEmpty());
    assertThat(received.get(0).getData()).isNull();
  }

  @Test
  void aClientFindsSessionsThroughTheDiscoveryEndpoint() throws Exception {
    int httpPort = cluster.session(0).httpPort();
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:"
                                + httpPort
                                + "/api/servers/query?zone=DEFAULT_ZONE"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body().split(";"))
        .containsExactlyInAnyOrder(
            cluster.session(0).clientAddress(), cluster.session(1).clientAddress());

    String dataId = dataId();
    OfficialClient discovering = clients.add(OfficialClient.viaDiscovery(httpPort, "DEFAULT_ZONE"));
    discovering.publish(dataId, "found-you");
    Recorder recorder = client(1).subscribe(dataId, ScopeEnum.dataCenter);
    await().untilAsserted(() -> assertThat(recorder.values()).containsExactly("found-you"));
  }

  @Test
  void anImpossibleRegistrationIsRefusedAndTheConnectionKeepsWorking() {
    OfficialClient client = client(0);
    Publisher tooLong = client.publish("x".repeat(600), "v");
    Publisher tooBig = client.publish(dataId(), "y".repeat(1_100_000));

    // The official client marks a refused registration done and forbids its reuse.
    await().untilAsserted(() -> assertRefused(tooLong));
    await().untilAsserted(() -> assertRefused(tooBig));

    String dataId = dataId();
    client.publish(dataId, "still-fine");
    Recorder recorder = client.subscribe(dataId, ScopeEnum.dataCenter);
    await().untilAsserted(() -> assertThat(recorder.values()).containsExactly("still-fine"));
  }

  private static void assertRefused(Publisher publisher) {
    assertThat(((DefaultPublisher) publisher).isDone()).isTrue();
    assertThatThrownBy(() -> publisher.republish("again"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("refused");
  }
}
