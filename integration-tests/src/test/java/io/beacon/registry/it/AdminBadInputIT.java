package io.beacon.registry.it;

import static io.beacon.registry.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.alipay.sofa.registry.core.model.ScopeEnum;
import io.beacon.registry.it.OfficialClient.Recorder;
import io.beacon.registry.testing.cluster.InProcessCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad input to any admin endpoint of any server (meta, data, session HTTP) is answered with a 4xx
 * naming the field, never a 500, and leaves the cluster serving (DESIGN.md §9, "malformed or
 * hostile input"). Walks every route: missing and blank parameters, a non-numeric limit, malformed
 * form escapes, non-JSON bodies and JSON of the wrong types.
 */
class AdminBadInputIT {

  private static final String FORM = "application/x-www-form-urlencoded";
  private static final String JSON = "application/json";
  private static final HttpClient HTTP =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  private static InProcessCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = InProcessCluster.builder().metaNodes(1).dataNodes(1).sessionNodes(1).build();
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  /** One bad request and the field its refusal must name (null: any 4xx will do). */
  private record Bad(int port, String method, String path, String type, String body, String field) {
    @Override
    public String toString() {
      return method + " :" + port + path + " " + body;
    }
  }

  private static final List<String> META_GETS =
      List.of(
          "/health/check",
          "/meta/leader/query",
          "/digest/data/node/query",
          "/digest/session/node/query",
          "/digest/meta/node/query",
          "/openapi/v1/slot/table/content",
          "/openapi/v1/slot/table/status",
          "/digest/pushSwitch",
          "/datainfoid/blacklist/query",
          "/persistentData/query",
          "/api/clientManager/query",
          "/opsapi/v1/server/group/status");
  private static final List<String> META_POSTS =
      List.of(
          "/stopPushDataSwitch/grayOpen",
          "/blacklist/update",
          "/datainfoid/blacklist/add",
          "/datainfoid/blacklist/delete",
          "/persistentData/put",
          "/persistentData/remove",
          "/api/clientManager/clientOff",
          "/api/clientManager/clientOffWithSub",
          "/api/clientManager/clientOpen",
          "/api/clientManager/reduce");
  private static final List<String> DATA_GETS =
      List.of(
          "/health/check",
          "/digest/datum/query",
          "/digest/datum/count",
          "/digest/session/slots",
          "/openapi/v1/slot/table/content",
          "/openapi/v1/slot/table/status");
  private static final List<String> SESSION_GETS =
      List.of(
          "/api/servers/query",
          "/api/servers/query.json",
          "/api/servers/alive",
          "/api/servers/dataCenter",
          "/health/check",
          "/digest/data/count",
          "/digest/pushSwitch",
          "/digest/pub/data/query",
          "/digest/sub/data/query",
          "/openapi/v1/slot/table/content",
          "/openapi/v1/slot/table/epoch",
          "/digest/push/latency",
          "/digest/push/slowest",
          "/digest/session/slots");

  private static List<Bad> badRequests() {
    int meta = cluster.meta(0).httpPort();
    int data = cluster.data(0).httpPort();
    int session = cluster.session(0).httpPort();
    List<Bad> bad = new ArrayList<>();
    // A malformed form escape, on every route of every server.
    for (String path : META_GETS) {
      bad.add(new Bad(meta, "GET", path, FORM, "ips=1.1.1.1%zz", "ips: "));
    }
    for (String path : META_POSTS) {
      bad.add(new Bad(meta, "POST", path, FORM, "ips=1.1.1.1%", "ips: "));
      bad.add(new Bad(meta, "POST", path, FORM, "dataId=a%zz", "dataId: "));
    }
    for (String path : DATA_GETS) {
      bad.add(new Bad(data, "GET", path, FORM, "dataInfoId=%zz", "dataInfoId: "));
    }
    for (String path : SESSION_GETS) {
      bad.add(new Bad(session, "GET", path, FORM, "limit=%4", "limit: "));
    }
    bad.add(new Bad(meta, "PUT", "/opsapi/v1/server/group/quit/x", FORM, "a=%", "a: "));
    for (int port : List.of(data, session)) {
      bad.add(new Bad(port, "GET", "/opsapi/v1/leave", FORM, "a=%zz", "a: "));
      // No admin token is configured: the leave over HTTP is off, and nothing leaves.
      bad.add(new Bad(port, "PUT", "/opsapi/v1/leave", null, "", "admin-token is not set"));
    }
    // Missing, blank and malformed parameters.
    bad.add(new Bad(meta, "GET", "/persistentData/query", null, "", "dataInfoId: null"));
    bad.add(new Bad(meta, "GET", "/persistentData/query?dataInfoId=%20", null, "", "dataInfoId"));
    bad.add(new Bad(meta, "POST", "/api/clientManager/clientOff", FORM, "", "ips: null"));
    bad.add(new Bad(meta, "POST", "/api/clientManager/clientOpen", FORM, "ips=%20", "ips: "));
    bad.add(new Bad(meta, "POST", "/api/clientManager/clientOff", FORM, "ips=a%00", "ips: "));
    bad.add(new Bad(meta, "POST", "/datainfoid/blacklist/add", FORM, "group=g", "dataId: null"));
    bad.add(new Bad(meta, "POST", "/api/clientManager/reduce", FORM, "ips=", "ips: "));
    bad.add(new Bad(meta, "POST", "/api/clientManager/clientOffWithSub", FORM, "ips=x", "ips: x"));
    bad.add(
        new Bad(
            meta,
            "POST",
            "/api/clientManager/clientOffWithSub",
            FORM,
            "ips=%5B%7B%22address%22%3A%221.1.1.1%22%2C%22pub%22%3Afalse%7D%5D",
            "ips[0]: pub and sub both false"));
    bad.add(new Bad(meta, "PUT", "/opsapi/v1/server/group/quit/a%20b", null, "", null));
    bad.add(new Bad(meta, "PUT", "/opsapi/v1/server/group/join/", null, "", null));
    bad.add(new Bad(data, "GET", "/digest/datum/query", null, "", "dataInfoId: "));
    bad.add(new Bad(data, "GET", "/digest/session/slots?processId=%20", null, "", "processId: "));
    bad.add(new Bad(session, "GET", "/digest/push/slowest?limit=x", null, "", "limit: x"));
    bad.add(new Bad(session, "GET", "/digest/push/slowest?limit=0", null, "", "limit: 0"));
    // Non-JSON bodies and JSON of the wrong types.
    for (String path : List.of("/stopPushDataSwitch/grayOpen", "/persistentData/put")) {
      bad.add(new Bad(meta, "POST", path, JSON, "not json", "body: "));
      bad.add(new Bad(meta, "POST", path, JSON, "", "body: "));
      bad.add(new Bad(meta, "POST", path, JSON, "[1]", "body: "));
    }
    bad.add(new Bad(meta, "POST", "/blacklist/update", JSON, "not json", "blacklist: "));
    bad.add(new Bad(meta, "POST", "/blacklist/update", JSON, "{\"FORBIDDEN_PUB\":7}", "FORBIDDEN"));
    bad.add(
        new Bad(
            meta,
            "POST",
            "/blacklist/update",
            JSON,
            "{\"FORBIDDEN_SUB_BY_PREFIX\":{\"IP_FULL\":[{}]}}",
            "FORBIDDEN_SUB_BY_PREFIX.IP_FULL[0]"));
    bad.add(new Bad(meta, "POST", "/stopPushDataSwitch/grayOpen", JSON, "{\"ips\":[1]}", "ips[0]"));
    bad.add(
        new Bad(
            meta,
            "POST",
            "/persistentData/put",
            JSON,
            "{\"dataId\":\"d\",\"data\":{\"a\":1}}",
            "data: "));
    bad.add(
        new Bad(
            meta,
            "POST",
            "/persistentData/put",
            JSON,
            "{\"dataId\":true,\"data\":\"v\"}",
            "dataId"));
    bad.add(
        new Bad(
            meta,
            "POST",
            "/persistentData/put",
            JSON,
            "{\"dataId\":\"d\",\"data\":\"\\u0000\"}",
            "data: contains U+0000"));
    bad.add(new Bad(meta, "POST", "/persistentData/remove", JSON, "{\"dataId\":[]}", "dataId"));
    // A known path with the wrong method.
    bad.add(new Bad(meta, "GET", "/persistentData/put", null, "", "method: GET"));
    bad.add(new Bad(session, "POST", "/api/servers/query", JSON, "{}", "method: POST"));
    return bad;
  }

  @Test
  void everyBadRequestToEveryServerIsA4xxNamingTheFieldAndTheClusterKeepsServing()
      throws Exception {
    long switchesVersion = cluster.meta(0).switches().version();
    List<String> failures = new ArrayList<>();
    for (Bad bad : badRequests()) {
      HttpResponse<String> response = send(bad);
      int status = response.statusCode();
      if (status < 400 || status >= 500) {
        failures.add(bad + " -> " + status + " " + response.body());
      } else if (bad.field() != null && !response.body().contains(bad.field())) {
        failures.add(bad + " -> " + status + " without '" + bad.field() + "': " + response.body());
      }
    }
    System.out.printf(
        "%d bad admin requests, %d failures%n", badRequests().size(), failures.size());

    assertThat(failures).isEmpty();
    assertThat(cluster.meta(0).switches().version()).isEqualTo(switchesVersion);
    String dataId = "bad-input.Service-" + UUID.randomUUID();
    try (OfficialClient publisher = OfficialClient.pinnedTo(cluster.session(0));
        OfficialClient subscriber = OfficialClient.pinnedTo(cluster.session(0))) {
      Recorder recorder = subscriber.subscribe(dataId, ScopeEnum.dataCenter);
      publisher.publish(dataId, "still serving");
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(recorder.values()).containsExactly("still serving"));
    }
  }

  private static HttpResponse<String> send(Bad bad) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bad.port() + bad.path()))
            .timeout(Duration.ofSeconds(5));
    if (bad.type() != null) {
      request.header("Content-Type", bad.type());
    }
    request.method(
        bad.method(),
        bad.body().isEmpty() ? BodyPublishers.noBody() : BodyPublishers.ofString(bad.body()));
    return HTTP.send(request.build(), BodyHandlers.ofString());
  }
}
