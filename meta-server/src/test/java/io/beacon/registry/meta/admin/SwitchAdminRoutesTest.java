package io.beacon.registry.meta.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.common.http.AdminHttpServer;
import io.beacon.registry.meta.config.RegistryConfig;
import io.beacon.registry.meta.persistence.JdbcSettings;
import io.beacon.registry.meta.persistence.MetaDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The switch and config admin routes over real HTTP and an embedded database: what they answer to
 * good and to bad input.
 */
class SwitchAdminRoutesTest {

  @TempDir static Path dataDir;

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static ExecutorService executor;
  private static MetaDatabase database;
  private static RegistryConfig config;
  private static AdminHttpServer server;

  @BeforeAll
  static void start() {
    executor = Executors.newFixedThreadPool(2);
    database = MetaDatabase.open(JdbcSettings.h2File(dataDir));
    config = new RegistryConfig(database.config(), "test");
    config.reload();
    server = new AdminHttpServer("meta", "127.0.0.1", 0, executor);
    new SwitchAdminRoutes(config, null, switches -> List.of()).registerOn(server);
    server.start();
  }

  @AfterAll
  static void stop() {
    server.close();
    executor.shutdownNow();
    database.close();
  }

  /** Route, content type, body (or query), and the field the refusal must name. */
  static Stream<Arguments> badInput() {
    String json = "application/json";
    String form = "application/x-www-form-urlencoded";
    return Stream.of(
        Arguments.of("POST /stopPushDataSwitch/grayOpen", json, "", "body: empty"),
        Arguments.of("POST /stopPushDataSwitch/grayOpen", json, "not json", "body: not json"),
        Arguments.of("POST /stopPushDataSwitch/grayOpen", json, "[\"1.1.1.1\"]", "body: ["),
        Arguments.of("POST /stopPushDataSwitch/grayOpen", json, "{\"ips\":\"1.1.1.1\"}", "ips: "),
        Arguments.of("POST /stopPushDataSwitch/grayOpen", json, "{\"ips\":[1]}", "ips[0]: 1"),
        Arguments.of(
            "POST /stopPushDataSwitch/grayOpen", json, "{\"ips\":[\"a\",{\"a\":2}]}", "ips[1]: "),
        Arguments.of("POST /stopPushDataSwitch/grayOpen", json, "{\"ips\":[null]}", "ips[0]: null"),
        Arguments.of(
            "POST /stopPushDataSwitch/grayOpen", json, "{\"ips\":[\"\\u0000\"]}", "ips[0]: "),
        Arguments.of("POST /blacklist/update", json, "notjson", "blacklist: "),
        Arguments.of("POST /blacklist/update", json, "[]", "blacklist: "),
        Arguments.of("POST /blacklist/update", json, "{\"FORBIDDEN_PUB\":7}", "FORBIDDEN_PUB"),
        Arguments.of(
            "POST /blacklist/update",
            json,
            "{\"FORBIDDEN_PUB\":{\"IP_FULL\":\"1.1.1.1\"}}",
            "FORBIDDEN_PUB.IP_FULL"),
        Arguments.of(
            "POST /blacklist/update",
            json,
            "{\"FORBIDDEN_SUB_BY_PREFIX\":{\"IP_FULL\":[1]}}",
            "FORBIDDEN_SUB_BY_PREFIX.IP_FULL[0]"),
        Arguments.of("POST /datainfoid/blacklist/add", form, "group=x", "dataId: null"),
        Arguments.of("POST /datainfoid/blacklist/add", form, "dataId=%00", "dataId: contains"),
        Arguments.of("POST /datainfoid/blacklist/add", form, "dataId=a%zz", "dataId: "),
        Arguments.of("POST /datainfoid/blacklist/delete", form, "dataId=", "dataId: "),
        Arguments.of("POST /persistentData/put", json, "{\"data\":\"v\"}", "dataId: null"),
        Arguments.of(
            "POST /persistentData/put", json, "{\"dataId\":5,\"data\":\"v\"}", "dataId: 5"),
        Arguments.of("POST /persistentData/put", json, "{\"dataId\":\"a\"}", "data: null"),
        Arguments.of(
            "POST /persistentData/put",
            json,
            "{\"dataId\":\"a\",\"data\":{\"a\":1}}",
            "(expected: a string)"),
        Arguments.of(
            "POST /persistentData/put",
            json,
            "{\"dataId\":\"a\",\"group\":[],\"data\":\"v\"}",
            "group: [] (expected: a string)"),
        Arguments.of(
            "POST /persistentData/put",
            json,
            "{\"dataId\":\"a\",\"data\":\"\\u0000\"}",
            "data: contains U+0000"),
        Arguments.of(
            "POST /persistentData/put",
            json,
            "{\"dataId\":\"a\\u0000\",\"data\":\"v\"}",
            "dataId: contains U+0000"),
        Arguments.of("POST /persistentData/remove", json, "{}", "dataId: null"),
        Arguments.of("POST /api/clientManager/clientOff", form, "", "ips: null"),
        Arguments.of("POST /api/clientManager/clientOff", form, "ips=%20", "ips: "),
        Arguments.of("POST /api/clientManager/clientOff", form, "ips=1.1.1.1%zz", "ips: "),
        Arguments.of("POST /api/clientManager/clientOff", form, "ips=1.1.1.1%", "ips: "),
        Arguments.of("POST /api/clientManager/clientOff", form, "ips=%00", "ips: "),
        Arguments.of("POST /api/clientManager/clientOff", form, "ips=1.1.1.1;a%20b", "ips: a b"),
        Arguments.of("POST /api/clientManager/clientOpen", form, "ips=;", "ips: ;"),
        Arguments.of("POST /api/clientManager/reduce", form, "", "ips: null"),
        Arguments.of("POST /api/clientManager/reduce", form, "ips=1.1.1.1%3Bx%2Fy", "ips: x/y"),
        Arguments.of("POST /api/clientManager/clientOffWithSub", form, "", "ips: null"),
        Arguments.of("POST /api/clientManager/clientOffWithSub", form, "ips=notjson", "ips: "),
        Arguments.of("POST /api/clientManager/clientOffWithSub", form, "ips=%5B%5D", "ips: []"),
        Arguments.of(
            "POST /api/clientManager/clientOffWithSub",
            form,
            "ips=%5B%221.1.1.1%22%5D",
            "ips[0]: "),
        Arguments.of(
            "POST /api/clientManager/clientOffWithSub",
            form,
            "ips=" + encode("[{\"address\":\"1.1.1.1\",\"pub\":false,\"sub\":false}]"),
            "ips[0]: pub and sub both false"),
        Arguments.of(
            "POST /api/clientManager/clientOffWithSub",
            form,
            "ips=" + encode("[{\"address\":\"1.1.1.1\",\"sub\":\"yes\"}]"),
            "ips[0].sub: "),
        Arguments.of(
            "POST /api/clientManager/clientOffWithSub",
            form,
            "ips=" + encode("[{\"address\":7}]"),
            "address: 7 (expected: a string)"),
        Arguments.of(
            "POST /api/clientManager/clientOff",
            form,
            "ips=" + "1.1.1.1;".repeat(AdminInput.MAX_ADDRESSES + 1),
            "(expected: at most 1024)"));
  }

  @ParameterizedTest(name = "{0} {2}")
  @MethodSource("badInput")
  void badInputIsRefusedWith400NamingTheFieldAndChangesNothing(
      String route, String contentType, String body, String field) throws Exception {
    long version = config.switches().version();

    HttpResponse<String> response = send(route, contentType, body);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("\"success\":false").contains(field);
    assertThat(config.switches().version()).isEqualTo(version);
  }

  @Test
  void aPersistentDataQueryWithoutAKeyIsRefusedWith400NamingDataInfoId() throws Exception {
    for (String query : new String[] {"", "?dataInfoId=", "?dataInfoId=%20", "?group=CONFIG"}) {
      HttpResponse<String> response = send("GET /persistentData/query" + query, null, "");

      assertThat(response.statusCode()).as(query).isEqualTo(400);
      assertThat(response.body()).as(query).contains("\"message\":\"dataInfoId: ");
    }
  }

  @Test
  void aPresentProvideDataKeyIsAnsweredInTheReferenceShapeFieldOrderIncluded() throws Exception {
    send(
        "POST /persistentData/put",
        "application/json",
        "{\"dataId\":\"cfg.a\",\"group\":\"DEFAULT_GROUP\","
            + "\"instanceId\":\"DEFAULT_INSTANCE_ID\",\"version\":5,\"data\":\"v1\"}");
    long version = config.snapshot().dataVersion("cfg.a#@#DEFAULT_INSTANCE_ID#@#DEFAULT_GROUP");

    HttpResponse<String> byKey =
        send(
            "GET /persistentData/query?dataInfoId=cfg.a%23%40%23DEFAULT_INSTANCE_ID%23%40%23DEFAULT_GROUP",
            null, "");
    HttpResponse<String> byParts =
        send(
            "GET /persistentData/query?dataId=cfg.a&group=DEFAULT_GROUP"
                + "&instanceId=DEFAULT_INSTANCE_ID",
            null,
            "");

    String expected =
        "{\"success\":true,\"message\":null,\"data\":{\"dataId\":\"cfg.a\","
            + "\"group\":\"DEFAULT_GROUP\",\"instanceId\":\"DEFAULT_INSTANCE_ID\","
            + "\"version\":"
            + version
            + ",\"data\":\"v1\"}}";
    assertThat(version).isPositive();
    assertThat(byKey.statusCode()).isEqualTo(200);
    assertThat(byKey.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(byKey.body()).isEqualTo(expected);
    assertThat(byParts.body()).isEqualTo(expected);
  }

  @Test
  void anAbsentProvideDataKeyIsAnswered200WithNullData() throws Exception {
    HttpResponse<String> response =
        send("GET /persistentData/query?dataInfoId=absent%23%40%239600%23%40%23CONFIG", null, "");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"success\":true,\"message\":null,\"data\":null}");
  }

  @Test
  void wellFormedInputIsStoredAsSent() throws Exception {
    assertThat(
            send(
                    "POST /stopPushDataSwitch/grayOpen",
                    "application/json",
                    "{\"ips\":[\"10.0.0.1\",\"fe80::1\"]}")
                .statusCode())
        .isEqualTo(200);
    assertThat(config.switches().grayOpenIps()).containsExactlyInAnyOrder("10.0.0.1", "fe80::1");
    assertThat(
            send(
                    "POST /api/clientManager/clientOff",
                    "application/x-www-form-urlencoded",
                    "ips=10.0.0.7%3B%3A%3A1;host-a")
                .statusCode())
        .isEqualTo(200);
    assertThat(config.switches().clientOffIps()).contains("10.0.0.7", "::1", "host-a");
  }

  @Test
  void provideDataTravelsWithTheSwitchesButTheSwitchesOwnKeysAndIsBounded() throws Exception {
    String json = "application/json";
    send("POST /persistentData/put", json, "{\"dataId\":\"cfg.watched\",\"data\":\"on\"}");
    send("GET /stopPushDataSwitch/close", null, "");
    String watched = "cfg.watched#@#9600#@#CONFIG";

    assertThat(config.switches().provideData()).containsKey(watched);
    assertThat(config.switches().provideData().get(watched).value()).isEqualTo("on");
    assertThat(config.switches().provideData().get(watched).version())
        .isEqualTo(config.snapshot().dataVersion(watched));
    assertThat(config.switches().provideData())
        .doesNotContainKey("session.stop.push.data.switch#@#9600#@#CONFIG");

    String huge = "x".repeat(RegistryConfig.MAX_WATCHED_CHARS);
    HttpResponse<String> refused =
        send(
            "POST /persistentData/put",
            json,
            "{\"dataId\":\"cfg.huge\",\"data\":\"" + huge + "\"}");
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("data: " + huge.length() + " chars (expected: all provide");
  }

  @Test
  void theClientManagerAnswersAndListsAsTheReference() throws Exception {
    String form = "application/x-www-form-urlencoded";
    String off = send("POST /api/clientManager/clientOff", form, "ips=10.1.1.2").body();
    String withSub =
        send(
                "POST /api/clientManager/clientOffWithSub",
                form,
                "ips="
                    + encode(
                        "[{\"address\":\"10.1.1.3\",\"pub\":true,\"sub\":true},"
                            + "{\"address\":\"10.1.1.4\",\"sub\":false,\"version\":3}]"))
            .body();
    String reduce = send("POST /api/clientManager/reduce", form, "ips=10.1.1.2").body();

    assertThat(List.of(off, withSub, reduce)).containsOnly("{\"success\":true,\"message\":\"\"}");
    assertThat(config.switches().clientOffIps())
        .contains("10.1.1.3", "10.1.1.4")
        .doesNotContain("10.1.1.2");
    assertThat(config.switches().clientReducedIps()).contains("10.1.1.2");
    String query = send("GET /api/clientManager/query", null, "").body();
    long version = config.snapshot().version();
    long offVersion = config.snapshot().clientAddresses().get("10.1.1.3").version();
    assertThat(query)
        .startsWith("{\"success\":true,\"message\":null,\"data\":{\"version\":" + version + ",")
        .contains(
            "\"10.1.1.3\":{\"version\":"
                + offVersion
                + ",\"address\":\"10.1.1.3\",\"pub\":true,\"sub\":true}")
        .contains("\"address\":\"10.1.1.4\",\"pub\":true,\"sub\":false}")
        .contains("\"reduces\":[\"10.1.1.2\"]")
        .doesNotContain("\"10.1.1.2\":");

    send("POST /api/clientManager/clientOpen", form, "ips=10.1.1.2;10.1.1.3;10.1.1.4");
    assertThat(config.switches().clientReducedIps()).doesNotContain("10.1.1.2");
  }

  @Test
  void aClusterWithNothingWrittenAnswersTheClientManagerQueryDataNotFound() throws Exception {
    try (MetaDatabase fresh = MetaDatabase.open(JdbcSettings.h2File(dataDir.resolve("fresh")))) {
      RegistryConfig empty = new RegistryConfig(fresh.config(), "empty");
      empty.reload();
      AdminHttpServer http = new AdminHttpServer("meta", "127.0.0.1", 0, executor);
      new SwitchAdminRoutes(empty, null, switches -> List.of()).registerOn(http);
      http.start();
      try {
        HttpResponse<String> response =
            HTTP.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + http.port() + "/api/clientManager/query"))
                    .build(),
                BodyHandlers.ofString());
        assertThat(response.body())
            .isEqualTo("{\"success\":false,\"message\":\"data not found\",\"data\":null}");
      } finally {
        http.close();
      }
    }
  }

  private static String encode(String value) {
    return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
  }

  private static HttpResponse<String> send(String route, String contentType, String body)
      throws IOException, InterruptedException {
    String[] parts = route.split(" ", 2);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + parts[1]));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    request.method(
        parts[0], "GET".equals(parts[0]) ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
    return HTTP.send(request.build(), BodyHandlers.ofString());
  }
}
