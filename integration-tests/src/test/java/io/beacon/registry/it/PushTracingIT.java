package io.beacon.registry.it;

import static io.beacon.registry.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.alipay.sofa.registry.client.api.Publisher;
import com.alipay.sofa.registry.core.model.ScopeEnum;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.beacon.registry.common.model.DataInfo;
import io.beacon.registry.it.OfficialClient.Recorder;
import io.beacon.registry.session.SessionServer;
import io.beacon.registry.session.trace.PushStage;
import io.beacon.registry.session.trace.PushTracer;
import io.beacon.registry.testing.cluster.InProcessCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Push tracing end to end with the official client: a publish reaches a subscriber, then the
 * session's {@code /digest/push/latency} and {@code /digest/push/slowest} show every stage of that
 * push, non-negative and in order.
 */
class PushTracingIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LATENCY = "/digest/push/latency";
  private static final String SLOWEST = "/digest/push/slowest";
  private static final List<String> TIMES =
      List.of(
          "acceptedMillis",
          "changeMillis",
          "noticeMillis",
          "fetchedMillis",
          "sentMillis",
          "ackedMillis");

  private static InProcessCluster cluster;
  @RegisterExtension final OfficialClients clients = new OfficialClients();

  @BeforeAll
  static void startCluster() {
    cluster = InProcessCluster.builder().metaNodes(1).dataNodes(1).sessionNodes(2).build();
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @Test
  void aPublishThroughTheSubscribersSessionIsTracedFromAcceptanceToAcknowledgement()
      throws Exception {
    SessionServer session = cluster.session(0);
    String dataId = "com.example.Traced-" + UUID.randomUUID();
    String dataInfoId = new DataInfo(dataId, null, null).id();
    OfficialClient client = client(session);
    Recorder recorder = client.subscribe(dataId, ScopeEnum.dataCenter);
    await().until(recorder::received);

    client.publish(dataId, "10.0.0.1:12200");
    await().untilAsserted(() -> assertThat(recorder.values()).containsExactly("10.0.0.1:12200"));

    JsonNode push = awaitSlowPush(session, dataInfoId);
    assertThat(push.get("version").asLong()).isGreaterThan(1);
    assertThat(push.get("subscribers").asInt()).isEqualTo(1);
    assertThat(push.get("connectId").asText()).isNotEmpty();
    assertOrdered(push, TIMES);
    assertThat(fieldNames(push.get("stagesMillis")))
        .containsExactly(stageKeys().toArray(String[]::new));
    push.get("stagesMillis").forEach(stage -> assertThat(stage.asDouble()).isNotNegative());

    JsonNode latency = JSON.readTree(AdminHttp.ok(AdminHttp.get(session.httpPort(), LATENCY)));
    assertThat(latency.get("unit").asText()).isEqualTo("ms");
    JsonNode stages = latency.get("stages");
    assertThat(fieldNames(stages)).containsExactly(stageKeys().toArray(String[]::new));
    for (String key : stageKeys()) {
      JsonNode stage = stages.get(key);
      assertThat(stage.get("count").asLong()).as(key).isPositive();
      assertThat(stage.get("p50").asDouble()).as(key).isNotNegative();
      assertThat(stage.get("p90").asDouble())
          .as(key)
          .isGreaterThanOrEqualTo(stage.get("p50").asDouble());
      assertThat(stage.get("p99").asDouble())
          .as(key)
          .isGreaterThanOrEqualTo(stage.get("p90").asDouble());
      assertThat(stage.get("max").asDouble()).as(key).isNotNegative();
    }
    assertThat(
            session
                .meterRegistry()
                .get(PushTracer.METRIC)
                .tag("stage", PushStage.CHANGE_TO_ACKED.key())
                .timer()
                .count())
        .isPositive();
  }

  @Test
  void aPublishThroughAnotherSessionHasNoAcceptedTimeButEveryLaterStage() throws Exception {
    SessionServer subscriberSession = cluster.session(0);
    String dataId = "com.example.Elsewhere-" + UUID.randomUUID();
    String dataInfoId = new DataInfo(dataId, null, null).id();
    Recorder recorder = client(subscriberSession).subscribe(dataId, ScopeEnum.dataCenter);
    await().until(recorder::received);

    Publisher publisher = client(cluster.session(1)).publish(dataId, "v1");
    await().untilAsserted(() -> assertThat(recorder.values()).containsExactly("v1"));
    publisher.unregister();
    await().untilAsserted(() -> assertThat(recorder.values()).isEmpty());

    JsonNode push = awaitSlowPush(subscriberSession, dataInfoId);
    assertThat(push.get("acceptedMillis").isNull()).isTrue();
    assertThat(fieldNames(push.get("stagesMillis"))).doesNotContain("acceptedToChange");
    assertOrdered(push, TIMES.subList(1, TIMES.size()));
  }

  @Test
  void aLimitOutsideTheRangeIsRefused() {
    int port = cluster.session(0).httpPort();

    assertThat(AdminHttp.get(port, SLOWEST + "?limit=0").statusCode()).isEqualTo(400);
    assertThat(AdminHttp.get(port, SLOWEST + "?limit=abc").statusCode()).isEqualTo(400);
    assertThat(AdminHttp.get(port, SLOWEST + "?limit=5").statusCode()).isEqualTo(200);
  }

  private OfficialClient client(SessionServer session) {
    return clients.pinnedTo(session);
  }

  /** The push is in the list once the client's acknowledgement reached the session. */
  private static JsonNode awaitSlowPush(SessionServer session, String dataInfoId) {
    JsonNode[] found = new JsonNode[1];
    await()
        .untilAsserted(
            () -> {
              JsonNode list =
                  JSON.readTree(
                      AdminHttp.ok(AdminHttp.get(session.httpPort(), SLOWEST + "?limit=100")));
              found[0] = null;
              for (JsonNode push : list) {
                if (dataInfoId.equals(push.get("dataInfoId").asText())) {
                  found[0] = push;
                }
              }
              assertThat(found[0]).as("slowest pushes of " + dataInfoId).isNotNull();
            });
    return found[0];
  }

  private static void assertOrdered(JsonNode push, List<String> times) {
    long previous = 0;
    for (String time : times) {
      assertThat(push.get(time).isNumber()).as(time).isTrue();
      long value = push.get(time).asLong();
      assertThat(value).as(time).isGreaterThanOrEqualTo(previous);
      previous = value;
    }
  }

  private static List<String> stageKeys() {
    List<String> keys = new ArrayList<>();
    for (PushStage stage : PushStage.values()) {
      keys.add(stage.key());
    }
    return keys;
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
