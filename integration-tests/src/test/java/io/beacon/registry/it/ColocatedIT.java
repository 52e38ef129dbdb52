package io.beacon.registry.it;

import static io.beacon.registry.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.alipay.sofa.registry.client.api.Publisher;
import com.alipay.sofa.registry.core.model.ScopeEnum;
import io.beacon.registry.it.OfficialClient.Recorder;
import io.beacon.registry.testing.cluster.InProcessCluster;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The standalone shape: 1 meta, 1 data and 1 session server in one JVM, the data and session
 * servers calling each other in-process ({@code InProcessRoutes}) and sharing their publishers.
 * Writes, change notices and fetches never cross a socket, and the official client sees the same
 * registry as over Bolt.
 */
class ColocatedIT {

  private static InProcessCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster =
        InProcessCluster.builder().metaNodes(1).dataNodes(1).sessionNodes(1).colocated().build();
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  private static String dataId() {
    return "com.example.Colocated-" + UUID.randomUUID();
  }

  @Test
  void publishRepublishAndUnregisterReachSubscribersThroughInProcessCalls() {
    long callsBefore = cluster.inProcessRoutes().calls();
    String dataId = dataId();
    try (OfficialClient publishing = OfficialClient.pinnedTo(cluster.session(0), "DEFAULT_ZONE");
        OfficialClient subscribing = OfficialClient.pinnedTo(cluster.session(0), "DEFAULT_ZONE")) {
      Recorder recorder = subscribing.subscribe(dataId, ScopeEnum.dataCenter);
      Publisher publisher = publishing.publish(dataId, "v1");
      await().untilAsserted(() -> assertThat(recorder.values()).containsExactly("v1"));
      long afterPublish = cluster.inProcessRoutes().calls();
      assertThat(afterPublish)
          .as("the write, the change notice and the fetch went in-process")
          .isGreaterThanOrEqualTo(callsBefore + 3);

      publisher.republish("v2");
      await().untilAsserted(() -> assertThat(recorder.values()).containsExactly("v2"));

      publisher.unregister();
      await().untilAsserted(() -> assertThat(recorder.values()).isEmpty());
      assertThat(cluster.inProcessRoutes().calls()).isGreaterThanOrEqualTo(afterPublish + 6);
    }
  }

  @Test
  void aClosedClientsPublishersAreRemovedForTheOthers() {
    String dataId = dataId();
    try (OfficialClient subscribing = OfficialClient.pinnedTo(cluster.session(0), "DEFAULT_ZONE")) {
      Recorder recorder = subscribing.subscribe(dataId, ScopeEnum.dataCenter);
      OfficialClient leaving = OfficialClient.pinnedTo(cluster.session(0), "DEFAULT_ZONE");
      leaving.publish(dataId, "leaving:1");
      await().untilAsserted(() -> assertThat(recorder.values()).containsExactly("leaving:1"));

      leaving.close();

      await().untilAsserted(() -> assertThat(recorder.values()).isEmpty());
    }
  }
}
