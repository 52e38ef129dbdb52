package io.beacon.registry.it;

import static io.beacon.registry.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.beacon.registry.testing.cluster.InProcessCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@code /digest/meta/node/query} lists every live meta server, on the leader and on each follower
 * (followers heartbeat the leader), keyed by {@code host:port} so metas sharing a host stay
 * distinct; a meta that stops is gone from the leader's list once its lease ends. The node queries
 * answer in the reference's shape, {@code {dataCenter: {key: node}}}.
 */
class MetaMembersIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyMetaListsEveryLiveMetaAndAStoppedOneLeavesTheLeadersList() throws Exception {
    try (InProcessCluster cluster =
        InProcessCluster.builder().metaNodes(3).dataNodes(1).sessionNodes(1).build()) {
      Set<String> all = new TreeSet<>(cluster.metaAddresses());
      for (int i = 0; i < 3; i++) {
        int meta = i;
        await().until(() -> metaNodes(cluster, meta).equals(all));
      }
      int leader = cluster.metaLeaderIndex();
      int follower = (leader + 1) % 3;
      JsonNode answer = query(cluster.meta(leader).httpPort(), "/digest/meta/node/query");
      System.out.printf("meta %d (leader) lists %s%n", leader, answer);
      JsonNode node = answer.get("DefaultDataCenter").get(cluster.metaAddresses().get(follower));
      assertThat(node.get("nodeType").asText()).isEqualTo("META");
      assertThat(node.get("ip").asText()).isEqualTo(InProcessCluster.HOST);
      assertThat(node.get("addressString").asText())
          .isEqualTo(cluster.metaAddresses().get(follower));

      String stopped = cluster.metaAddresses().get(follower);
      cluster.haltMeta(follower);

      await().until(() -> !metaNodes(cluster, leader).contains(stopped));
      Set<String> left = new TreeSet<>(all);
      left.remove(stopped);
      assertThat(metaNodes(cluster, leader)).isEqualTo(left);
      assertThat(
              query(cluster.meta(leader).httpPort(), "/digest/session/node/query")
                  .get("DefaultDataCenter")
                  .get(cluster.session(0).address())
                  .get("nodeType")
                  .asText())
          .isEqualTo("SESSION");
      assertThat(
              query(cluster.meta(leader).httpPort(), "/digest/data/node/query")
                  .get("DefaultDataCenter")
                  .has(cluster.data(0).address()))
          .isTrue();
    }
  }

  private static Set<String> metaNodes(InProcessCluster cluster, int meta) throws Exception {
    JsonNode answer = query(cluster.meta(meta).httpPort(), "/digest/meta/node/query");
    List<String> addresses = new ArrayList<>();
    answer.path("DefaultDataCenter").fieldNames().forEachRemaining(addresses::add);
    return new TreeSet<>(addresses);
  }

  private static JsonNode query(int httpPort, String path) throws Exception {
    return JSON.readTree(AdminHttp.ok(AdminHttp.get(httpPort, path)));
  }
}
