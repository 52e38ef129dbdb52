package io.beacon.registry.it.reference;

import static io.beacon.registry.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.beacon.registry.it.AdminHttp;
import io.beacon.registry.testing.cluster.InProcessCluster;
import io.beacon.registry.testing.reference.ReferenceRegistry;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Meta's {@code /digest/{meta,session,data}/node/query} on the published SOFARegistry 6.3.0 server
 * and on Beacon: the same outer shape, {@code {dataCenter: {key: node}}}, every node naming its
 * {@code nodeType} and {@code ip} and having a {@code dataCenter} field. The documented difference:
 * the reference keys nodes by IP, Beacon by {@code host:port}.
 */
class NodeQueryReferenceIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> TYPES =
      Map.of("meta", "META", "session", "SESSION", "data", "DATA");

  @RegisterExtension final ReferenceLogsOnFailure logs = new ReferenceLogsOnFailure();

  @Test
  void bothAnswerTheNodeQueriesInTheSameShape(TestInfo test) throws Exception {
    Map<String, JsonNode> reference;
    try (ReferenceRegistry registry =
        ReferenceRegistry.start(ReferenceLogsOnFailure.runName(test))) {
      reference = answers(ReferenceRegistry.META_HTTP_PORT);
      assertThat(registry.isAlive()).isTrue();
    }
    Map<String, JsonNode> beacon;
    try (InProcessCluster cluster =
        InProcessCluster.builder().metaNodes(1).dataNodes(1).sessionNodes(1).build()) {
      beacon = answers(cluster.meta(0).httpPort());
    }
    for (String type : TYPES.keySet()) {
      System.out.printf(
          "%s nodes: reference %s%n%s nodes: beacon %s%n",
          type, reference.get(type), type, beacon.get(type));
      for (JsonNode answer : List.of(reference.get(type), beacon.get(type))) {
        assertThat(fieldNames(answer)).containsExactly("DefaultDataCenter");
        JsonNode nodes = answer.get("DefaultDataCenter");
        assertThat(nodes.size()).isEqualTo(1);
        JsonNode node = nodes.elements().next();
        assertThat(node.get("nodeType").asText()).isEqualTo(TYPES.get(type));
        assertThat(node.has("dataCenter")).isTrue(); // null on the reference's session node
        assertThat(node.get("ip").isTextual()).isTrue();
      }
      String beaconKey = beacon.get(type).get("DefaultDataCenter").fieldNames().next();
      assertThat(beaconKey).contains(":");
    }
  }

  /**
   * The three node queries, once each lists one node (the reference's lists fill as nodes renew).
   */
  private static Map<String, JsonNode> answers(int metaHttp) {
    Map<String, JsonNode> answers = new TreeMap<>();
    for (String type : TYPES.keySet()) {
      answers.put(
          type,
          await()
              .until(
                  () ->
                      JSON.readTree(
                          AdminHttp.ok(AdminHttp.get(metaHttp, "/digest/" + type + "/node/query"))),
                  answer -> answer.path("DefaultDataCenter").size() == 1));
    }
    return answers;
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
