package io.beacon.registry.it;

import static io.beacon.registry.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.alipay.sofa.registry.client.api.Publisher;
import com.alipay.sofa.registry.core.model.ScopeEnum;
import io.beacon.registry.it.OfficialClient.Recorder;
import io.beacon.registry.testing.cluster.InProcessCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Many subscribers of one dataId share each client connection (as an application with several
 * consumers of one service does): every one of them gets the first value and every republication,
 * over a cluster of 1 meta, 2 data and 2 sessions. Pins down pushes grouped per connection (one
 * frame naming several registIds) losing a subscriber that registered while a frame to its
 * connection was in flight.
 */
class ManySubscribersIT {

  private static final int CONNECTIONS = 10;
  private static final int SUBSCRIBERS_PER_CONNECTION = 10;

  private static InProcessCluster cluster;
  private static final List<OfficialClient> clients = new ArrayList<>();

  @BeforeAll
  static void start() {
    cluster = InProcessCluster.builder().metaNodes(1).dataNodes(2).sessionNodes(2).build();
    for (int i = 0; i < CONNECTIONS; i++) {
      clients.add(OfficialClient.pinnedTo(cluster.session(i % 2)));
    }
  }

  @AfterAll
  static void stop() {
    clients.forEach(OfficialClient::close);
    cluster.close();
  }

  @Test
  void everySubscriberOfEveryConnectionGetsEveryValue() {
    for (int round = 0; round < 3; round++) {
      String dataId = "com.example.Many-" + UUID.randomUUID();
      try (OfficialClient publisherClient = OfficialClient.pinnedTo(cluster.session(round % 2))) {
        Publisher publisher = publisherClient.publish(dataId, "v0");
        List<Recorder> recorders = new ArrayList<>();
        for (int s = 0; s < SUBSCRIBERS_PER_CONNECTION; s++) {
          for (OfficialClient client : clients) {
            recorders.add(client.subscribe(dataId, ScopeEnum.dataCenter));
          }
        }
        await()
            .untilAsserted(
                () ->
                    assertThat(recorders)
                        .allSatisfy(r -> assertThat(r.values()).containsExactly("v0")));
        for (int v = 1; v <= 5; v++) {
          String value = "v" + v;
          publisher.republish(value);
          await()
              .untilAsserted(
                  () ->
                      assertThat(recorders)
                          .allSatisfy(r -> assertThat(r.values()).containsExactly(value)));
        }
      }
    }
  }
}
