package io.beacon.registry.it;

import static io.beacon.registry.it.SdkSnapshots.last;
import static io.beacon.registry.it.SdkSnapshots.sinceFirstData;
import static io.beacon.registry.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.alipay.sofa.registry.client.api.Publisher;
import com.alipay.sofa.registry.core.model.ScopeEnum;
import io.beacon.registry.client.ClientConfig;
import io.beacon.registry.client.ConfigSnapshot;
import io.beacon.registry.client.ConfigWatch;
import io.beacon.registry.client.Publication;
import io.beacon.registry.client.RegistryClient;
import io.beacon.registry.client.Scope;
import io.beacon.registry.client.Snapshot;
import io.beacon.registry.client.Subscription;
import io.beacon.registry.it.OfficialClient.Recorder;
import io.beacon.registry.session.SessionServer;
import io.beacon.registry.testing.cluster.InProcessCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Beacon's SDK and the official SOFARegistry 6.3.0 client on one in-process cluster (1 meta, 2
 * data, 2 sessions): each publishes what the other subscribes to, and the SDK moves to the other
 * session when its own stops, without its publisher ever missing for a subscriber and without an
 * empty snapshot reaching its listener.
 */
class SdkInteropIT {

  private InProcessCluster cluster;
  private final List<AutoCloseable> clients = new ArrayList<>();

  @BeforeEach
  void startCluster() {
    cluster = InProcessCluster.builder().metaNodes(1).dataNodes(2).sessionNodes(2).build();
  }

  @AfterEach
  void stopEverything() throws Exception {
    for (AutoCloseable client : clients) {
      client.close();
    }
    cluster.close();
  }

  @Test
  void theSdkPublishesAndTheOfficialClientReceivesEveryChange() throws Exception {
    String dataId = dataId();
    Recorder official = official(1).subscribe(dataId, ScopeEnum.dataCenter);
    RegistryClient sdk = sdk(cluster.session(0));

    Publication publication = sdk.publish(dataId, null, "10.0.0.1:12200");
    publication.acknowledged().get(10, TimeUnit.SECONDS);
    await().untilAsserted(() -> assertThat(official.values()).containsExactly("10.0.0.1:12200"));

    publication.republish("10.0.0.1:12201").get(10, TimeUnit.SECONDS);
    await().untilAsserted(() -> assertThat(official.values()).containsExactly("10.0.0.1:12201"));

    publication.unpublish().get(10, TimeUnit.SECONDS);
    await().untilAsserted(() -> assertThat(official.values()).isEmpty());
  }

  @Test
  void theOfficialClientPublishesAndTheSdkListenerReceivesEveryChange() throws Exception {
    String dataId = dataId();
    Publisher publisher = official(0).publish(dataId, "10.0.0.2:12200");
    RegistryClient sdk = sdk(cluster.session(1));
    List<Snapshot> snapshots = new CopyOnWriteArrayList<>();

    Subscription subscription = sdk.subscribe(dataId, null, Scope.DATA_CENTER, snapshots::add);
    subscription.acknowledged().get(10, TimeUnit.SECONDS);
    await()
        .untilAsserted(
            () ->
                assertThat(subscription.latest().orElseThrow().values())
                    .containsExactly("10.0.0.2:12200"));
    assertThat(subscription.latest().orElseThrow().localZone()).isEqualTo("DEFAULT_ZONE");

    publisher.republish("10.0.0.2:12201");
    await()
        .untilAsserted(
            () -> assertThat(last(snapshots).values()).containsExactly("10.0.0.2:12201"));
    assertThat(snapshots)
        .extracting(Snapshot::version)
        .as("every snapshot delivered is newer than the one before")
        .isSorted()
        .doesNotHaveDuplicates();

    publisher.unregister();
    await().untilAsserted(() -> assertThat(last(snapshots).isEmpty()).isTrue());
  }

  @Test
  void aConfigWatchIsAcknowledgedAndPushed() throws Exception {
    RegistryClient sdk = sdk(cluster.session(0));
    List<ConfigSnapshot> configs = new CopyOnWriteArrayList<>();

    ConfigWatch watch = sdk.watchConfig(dataId(), configs::add);
    watch.acknowledged().get(10, TimeUnit.SECONDS);

    await().until(() -> !configs.isEmpty());
    assertThat(configs.get(0).data()).isNull();
    assertThat(watch.latest()).contains(configs.get(0));
    watch.cancel().get(10, TimeUnit.SECONDS);
  }

  @Test
  void theSdkMovesToTheOtherSessionWhenItsSessionStopsAndLosesNothing() throws Exception {
    String dataId = dataId();
    RegistryClient sdk = sdk(cluster.session(0), cluster.session(1));
    Publication publication = sdk.publish(dataId, null, "10.0.0.3:12200");
    publication.acknowledged().get(10, TimeUnit.SECONDS);
    List<Snapshot> snapshots = new CopyOnWriteArrayList<>();
    Subscription subscription = sdk.subscribe(dataId, null, Scope.DATA_CENTER, snapshots::add);
    await()
        .untilAsserted(
            () -> assertThat(last(snapshots).values()).containsExactly("10.0.0.3:12200"));

    int connected = indexOf(sdk.connectedSession().orElseThrow());
    int other = 1 - connected;
    Recorder official = official(other).subscribe(dataId, ScopeEnum.dataCenter);
    await().untilAsserted(() -> assertThat(official.values()).containsExactly("10.0.0.3:12200"));

    long stoppedAt = System.nanoTime();
    cluster.stopSession(connected);
    String otherAddress = cluster.session(other).clientAddress();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> sdk.connectedSession().filter(otherAddress::equals).isPresent());
    long movedAt = System.nanoTime();
    subscription.acknowledged().get(10, TimeUnit.SECONDS);
    publication.republish("10.0.0.3:12201").get(10, TimeUnit.SECONDS);
    await().untilAsserted(() -> assertThat(official.values()).containsExactly("10.0.0.3:12201"));
    await()
        .untilAsserted(
            () -> assertThat(last(snapshots).values()).containsExactly("10.0.0.3:12201"));
    System.out.printf(
        "session-%d stopped: the SDK was connected to session-%d after %d ms%n",
        connected, other, Duration.ofNanos(movedAt - stoppedAt).toMillis());

    assertThat(official.pushes())
        .as("the SDK's publisher is in every push to the other session's subscriber")
        .allSatisfy(push -> assertThat(push.values()).hasSize(1));
    assertThat(sinceFirstData(snapshots))
        .as("no empty snapshot reached the listener once it had data")
        .noneMatch(Snapshot::isEmpty);
    assertThat(sdk.stats().reconnects()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void theSdkMovesWhenItsSessionLeavesGracefullyAndItsPublisherNeverDisappears() throws Exception {
    String dataId = dataId();
    RegistryClient sdk = sdk(cluster.session(0), cluster.session(1));
    Publication publication = sdk.publish(dataId, null, "10.0.0.4:12200");
    publication.acknowledged().get(10, TimeUnit.SECONDS);
    int connected = indexOf(sdk.connectedSession().orElseThrow());
    int other = 1 - connected;
    Recorder official = official(other).subscribe(dataId, ScopeEnum.dataCenter);
    await().untilAsserted(() -> assertThat(official.values()).containsExactly("10.0.0.4:12200"));

    long leaveAt = System.nanoTime();
    cluster.session(connected).leaving().begin();
    cluster.session(connected).leaving().left().get(30, TimeUnit.SECONDS);
    long leftAt = System.nanoTime();
    String otherAddress = cluster.session(other).clientAddress();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> sdk.connectedSession().filter(otherAddress::equals).isPresent());
    publication.acknowledged().get(10, TimeUnit.SECONDS);
    cluster.stopSession(connected);
    publication.republish("10.0.0.4:12201").get(10, TimeUnit.SECONDS);
    await().untilAsserted(() -> assertThat(official.values()).containsExactly("10.0.0.4:12201"));
    System.out.printf(
        "session-%d left gracefully after %d ms; the SDK replayed through session-%d%n",
        connected, Duration.ofNanos(leftAt - leaveAt).toMillis(), other);

    assertThat(official.pushes())
        .as("the SDK's publisher is in every push to the other session's subscriber")
        .allSatisfy(push -> assertThat(push.values()).hasSize(1));
    assertThat(sdk.stats().reconnects()).isGreaterThanOrEqualTo(1);
  }

  private int indexOf(String clientAddress) {
    for (int i = 0; i < cluster.sessionServers().size(); i++) {
      if (cluster.session(i).clientAddress().equals(clientAddress)) {
        return i;
      }
    }
    throw new AssertionError("not a session of the cluster: " + clientAddress);
  }

  private RegistryClient sdk(SessionServer... sessions) {
    ClientConfig.Builder config = ClientConfig.builder().appName("sdk-it");
    config.sessions(
        java.util.Arrays.stream(sessions).map(SessionServer::clientAddress).toArray(String[]::new));
    RegistryClient client = RegistryClient.create(config.build());
    clients.add(client);
    return client;
  }

  private OfficialClient official(int session) {
    OfficialClient client = OfficialClient.pinnedTo(cluster.session(session));
    clients.add(client);
    return client;
  }

  private static String dataId() {
    return "com.example.SdkService-" + UUID.randomUUID();
  }
}
