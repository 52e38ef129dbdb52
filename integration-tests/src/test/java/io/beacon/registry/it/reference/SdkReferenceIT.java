package io.beacon.registry.it.reference;

import static io.beacon.registry.it.SdkSnapshots.last;
import static io.beacon.registry.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.alipay.sofa.registry.client.api.Publisher;
import com.alipay.sofa.registry.core.model.ScopeEnum;
import io.beacon.registry.client.ClientConfig;
import io.beacon.registry.client.Publication;
import io.beacon.registry.client.RegistryClient;
import io.beacon.registry.client.Scope;
import io.beacon.registry.client.Snapshot;
import io.beacon.registry.client.Subscription;
import io.beacon.registry.it.OfficialClient;
import io.beacon.registry.it.OfficialClient.Recorder;
import io.beacon.registry.testing.reference.ReferenceRegistry;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Beacon's SDK against the published SOFARegistry 6.3.0 all-in-one server (its own JVM, embedded
 * H2): the SDK publishes, subscribes and receives pushes, with another SDK client and with the
 * official client on the other end. Its Bolt port is reached on 127.0.0.1 (the reference advertises
 * only a non-loopback address through discovery).
 */
class SdkReferenceIT {

  private static ReferenceRegistry registry;

  @BeforeAll
  static void startReference() {
    registry = ReferenceRegistry.start("sdk-reference");
  }

  @AfterAll
  static void stopReference() {
    if (registry != null) {
      registry.close();
    }
  }

  @Test
  void theSdkPublishesSubscribesAndReceivesEveryChange() throws Exception {
    String dataId = dataId();
    try (RegistryClient publisherClient = sdk();
        RegistryClient subscriberClient = sdk()) {
      List<Snapshot> snapshots = new CopyOnWriteArrayList<>();
      Subscription subscription =
          subscriberClient.subscribe(dataId, null, Scope.DATA_CENTER, snapshots::add);
      subscription.acknowledged().get(10, TimeUnit.SECONDS);

      Publication publication = publisherClient.publish(dataId, null, "10.1.0.1:12200");
      publication.acknowledged().get(10, TimeUnit.SECONDS);
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> assertThat(last(snapshots).values()).containsExactly("10.1.0.1:12200"));
      assertThat(last(snapshots).localZone()).isEqualTo("DEFAULT_ZONE");

      publication.republish("10.1.0.1:12201").get(10, TimeUnit.SECONDS);
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> assertThat(last(snapshots).values()).containsExactly("10.1.0.1:12201"));

      publication.unpublish().get(10, TimeUnit.SECONDS);
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(last(snapshots).isEmpty()).isTrue());
      assertThat(snapshots).extracting(Snapshot::version).isSorted().doesNotHaveDuplicates();
      assertThat(subscriberClient.stats().pushesApplied()).isEqualTo(snapshots.size());
    }
  }

  @Test
  void theSdkAndTheOfficialClientSeeEachOthersPublishers() throws Exception {
    String dataId = dataId();
    try (RegistryClient sdk = sdk();
        OfficialClient official =
            OfficialClient.pinnedToPort(ReferenceRegistry.SESSION_CLIENT_PORT)) {
      Recorder officialRecorder = official.subscribe(dataId, ScopeEnum.dataCenter);
      List<Snapshot> snapshots = new CopyOnWriteArrayList<>();
      sdk.subscribe(dataId, null, Scope.DATA_CENTER, snapshots::add);

      sdk.publish(dataId, null, "10.1.0.2:12200").acknowledged().get(10, TimeUnit.SECONDS);
      Publisher publisher = official.publish(dataId, "10.1.0.3:12200");

      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(officialRecorder.values())
                      .containsExactlyInAnyOrder("10.1.0.2:12200", "10.1.0.3:12200"));
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(last(snapshots).values())
                      .containsExactlyInAnyOrder("10.1.0.2:12200", "10.1.0.3:12200"));
      publisher.republish("10.1.0.3:12201");
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(last(snapshots).values())
                      .containsExactlyInAnyOrder("10.1.0.2:12200", "10.1.0.3:12201"));
    }
  }

  private static RegistryClient sdk() {
    return RegistryClient.create(
        ClientConfig.builder()
            .appName("sdk-reference-it")
            .sessions(ReferenceRegistry.HOST + ":" + ReferenceRegistry.SESSION_CLIENT_PORT)
            .build());
  }

  private static String dataId() {
    return "reference.sdk.Service-" + UUID.randomUUID();
  }

  /** Pushes of the reference take about 2 s (its batching timers). */
}
