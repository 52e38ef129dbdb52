package io.beacon.registry.it.reference;

import static io.beacon.registry.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.beacon.registry.it.AdminHttp;
import io.beacon.registry.testing.cluster.InProcessCluster;
import io.beacon.registry.testing.reference.ReferenceRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /persistentData/query?dataInfoId=} answers the same on the published SOFARegistry
 * 6.3.0 server and on Beacon, for a key written through {@code /persistentData/put} and for an
 * absent key: 200, {@code {"success":true,"message":null,"data":{dataId, group, instanceId,
 * version, data}}} or {@code data: null}. The one documented difference: without a key the
 * reference answers 200 with null data, Beacon a 400 naming {@code dataInfoId}.
 */
class ProvideDataReferenceIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PRESENT =
      "/persistentData/query?dataInfoId=ref.cfg%23%40%23DEFAULT_INSTANCE_ID%23%40%23DEFAULT_GROUP";
  private static final String ABSENT =
      "/persistentData/query?dataInfoId=ref.absent%23%40%23DEFAULT_INSTANCE_ID%23%40%23DEFAULT_GROUP";
  private static final String MISSING = "/persistentData/query";

  @RegisterExtension final ReferenceLogsOnFailure logs = new ReferenceLogsOnFailure();

  /** The three answers of one server. */
  private record Answers(
      HttpResponse<String> present, HttpResponse<String> absent, HttpResponse<String> missing) {}

  @Test
  void theReferenceAndBeaconAnswerPresentAndAbsentKeysAlike(TestInfo test) throws Exception {
    String put =
        "{\"dataId\":\"ref.cfg\",\"group\":\"DEFAULT_GROUP\",\"instanceId\":\"DEFAULT_INSTANCE_ID\","
            + "\"version\":"
            + System.currentTimeMillis()
            + ",\"data\":\"v1\"}";
    Answers reference;
    try (ReferenceRegistry registry =
        ReferenceRegistry.start(ReferenceLogsOnFailure.runName(test))) {
      reference = answers(ReferenceRegistry.META_HTTP_PORT, put);
      assertThat(registry.isAlive()).isTrue();
    }
    Answers beacon;
    try (InProcessCluster cluster =
        InProcessCluster.builder().metaNodes(1).dataNodes(1).sessionNodes(1).build()) {
      beacon = answers(cluster.meta(0).httpPort(), put);
    }
    for (String server : List.of("reference", "beacon")) {
      Answers answers = server.equals("reference") ? reference : beacon;
      System.out.printf(
          "%s: present -> %d %s%n%s: absent -> %d %s%n%s: missing -> %d %s%n",
          server,
          answers.present().statusCode(),
          answers.present().body(),
          server,
          answers.absent().statusCode(),
          answers.absent().body(),
          server,
          answers.missing().statusCode(),
          answers.missing().body());
    }

    JsonNode referencePresent = JSON.readTree(reference.present().body());
    JsonNode beaconPresent = JSON.readTree(beacon.present().body());
    assertThat(beacon.present().statusCode()).isEqualTo(reference.present().statusCode());
    assertThat(fieldNames(beaconPresent)).isEqualTo(fieldNames(referencePresent));
    assertThat(fieldNames(beaconPresent.get("data")))
        .isEqualTo(fieldNames(referencePresent.get("data")))
        .containsExactly("dataId", "group", "instanceId", "version", "data");
    for (String field : List.of("dataId", "group", "instanceId", "data")) {
      assertThat(beaconPresent.get("data").get(field))
          .isEqualTo(referencePresent.get("data").get(field));
    }
    assertThat(beaconPresent.get("data").get("version").isIntegralNumber()).isTrue();
    assertThat(referencePresent.get("data").get("version").isIntegralNumber()).isTrue();
    assertThat(beaconPresent.get("success")).isEqualTo(referencePresent.get("success"));
    assertThat(beaconPresent.get("message")).isEqualTo(referencePresent.get("message"));

    assertThat(beacon.absent().statusCode())
        .isEqualTo(reference.absent().statusCode())
        .isEqualTo(200);
    assertThat(JSON.readTree(beacon.absent().body()))
        .isEqualTo(JSON.readTree(reference.absent().body()));

    // The documented difference: no key is a 400 naming the field on Beacon.
    assertThat(reference.missing().statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(reference.missing().body()).get("data").isNull()).isTrue();
    assertThat(beacon.missing().statusCode()).isEqualTo(400);
    assertThat(beacon.missing().body()).contains("dataInfoId: null");
  }

  /**
   * Puts the key, then queries present (awaited: the reference's leader refreshes its cache every 3
   * s), absent and missing.
   */
  private static Answers answers(int port, String put) {
    AdminHttp.ok(AdminHttp.postJson(port, "/persistentData/put", put));
    HttpResponse<String> present =
        await()
            .atMost(Duration.ofSeconds(15))
            .until(
                () -> AdminHttp.get(port, PRESENT),
                response -> response.statusCode() == 200 && response.body().contains("\"v1\""));
    return new Answers(present, AdminHttp.get(port, ABSENT), AdminHttp.get(port, MISSING));
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
