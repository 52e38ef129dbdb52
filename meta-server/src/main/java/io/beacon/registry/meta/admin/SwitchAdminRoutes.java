package io.beacon.registry.meta.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.beacon.registry.common.http.AdminHttpServer;
import io.beacon.registry.common.http.HttpRequest;
import io.beacon.registry.common.http.HttpResponse;
import io.beacon.registry.common.http.HttpRoute;
import io.beacon.registry.common.model.DataInfo;
import io.beacon.registry.meta.config.RegistryConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The reference's admin endpoints for switches and config, same paths and meanings: stop-push
 * ({@code /stopPushDataSwitch/open} <em>stops</em> pushing, {@code /close} resumes it, {@code
 * /grayOpen}), the publisher blacklist, the dataInfoId blacklist, provide data ({@code
 * /persistentData/*}) and persistent client-off by IP ({@code /api/clientManager/*}).
 *
 * <p>Mutating calls need header {@code x-apiauth-token} equal to the configured admin token when
 * one is set. Bad input is answered 400 with a message naming the field. Runs on the HTTP executor;
 * state lives in {@link RegistryConfig}.
 */
public final class SwitchAdminRoutes {

  public static final String TOKEN_HEADER = "x-apiauth-token";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final RegistryConfig config;
  private final String adminToken;

  public SwitchAdminRoutes(RegistryConfig config, String adminToken) {
    this.config = config;
    this.adminToken = adminToken == null || adminToken.isBlank() ? null : adminToken;
  }

  public void registerOn(AdminHttpServer http) {
    http.route("GET", "/stopPushDataSwitch/open", mutating(r -> stopPush(true)));
    http.route("GET", "/stopPushDataSwitch/close", mutating(r -> stopPush(false)));
    http.route("POST", "/stopPushDataSwitch/grayOpen", mutating(this::grayOpen));
    http.route("GET", "/digest/pushSwitch", r -> HttpResponse.json(200, pushSwitch()));
    http.route("POST", "/blacklist/update", mutating(this::blacklist));
    http.route("POST", "/datainfoid/blacklist/add", mutating(r -> dataInfoIdBlacklist(r, true)));
    http.route(
        "POST", "/datainfoid/blacklist/delete", mutating(r -> dataInfoIdBlacklist(r, false)));
    http.route(
        "GET",
        "/datainfoid/blacklist/query",
        r -> data(new ArrayList<>(new TreeSet<>(config.switches().dataInfoIdBlacklist()))));
    http.route("POST", "/persistentData/put", mutating(this::putData));
    http.route("POST", "/persistentData/remove", mutating(this::removeData));
    http.route("GET", "/persistentData/query", this::queryData);
    http.route("POST", "/api/clientManager/clientOff", mutating(r -> clientOff(r, true)));
    http.route("POST", "/api/clientManager/clientOpen", mutating(r -> clientOff(r, false)));
    http.route(
        "GET",
        "/api/clientManager/query",
        r -> data(new ArrayList<>(new TreeSet<>(config.switches().clientOffIps()))));
  }

  private HttpRoute mutating(HttpRoute route) {
    return guarded(adminToken, route);
  }

  /**
   * {@code route} behind the admin token ({@code adminToken} null: open), answering 400 with the
   * message of an {@link IllegalArgumentException}. Shared by every mutating admin route.
   */
  static HttpRoute guarded(String adminToken, HttpRoute route) {
    return request -> {
      if (adminToken != null && !adminToken.equals(request.header(TOKEN_HEADER))) {
        return HttpResponse.result(401, false, TOKEN_HEADER + ": missing or wrong admin token");
      }
      try {
        return route.handle(request);
      } catch (IllegalArgumentException e) {
        return HttpResponse.result(400, false, e.getMessage());
      }
    };
  }

  private HttpResponse stopPush(boolean stop) {
    config.setStopPush(stop);
    return HttpResponse.result(200, true, stop ? "push stopped" : "push enabled");
  }

  private HttpResponse grayOpen(HttpRequest request) throws IOException {
    JsonNode ips = body(request).path("ips");
    if (!ips.isArray()) {
      throw new IllegalArgumentException("ips: " + ips + " (expected: a JSON array of IPs)");
    }
    List<String> values = new ArrayList<>();
    ips.forEach(ip -> values.add(ip.asText()));
    config.setGrayOpenIps(values);
    return HttpResponse.result(200, true, "gray open " + values);
  }

  private Map<String, Object> pushSwitch() {
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("stopPush", config.switches().stopPush());
    state.put("grayOpenIps", new TreeSet<>(config.switches().grayOpenIps()));
    state.put("version", config.switches().version());
    return state;
  }

  private HttpResponse blacklist(HttpRequest request) {
    config.setBlacklist(request.body());
    return HttpResponse.result(200, true, "blacklist updated");
  }

  private HttpResponse dataInfoIdBlacklist(HttpRequest request, boolean add) {
    String dataInfoId =
        dataInfoId(request.param("dataId"), request.param("group"), request.param("instanceId"));
    if (add) {
      config.addDataInfoIdBlacklist(dataInfoId);
    } else {
      config.removeDataInfoIdBlacklist(dataInfoId);
    }
    return HttpResponse.result(200, true, (add ? "added " : "removed ") + dataInfoId);
  }

  private HttpResponse putData(HttpRequest request) throws IOException {
    JsonNode body = body(request);
    String key = dataInfoId(text(body, "dataId"), text(body, "group"), text(body, "instanceId"));
    JsonNode data = body.path("data");
    if (data.isMissingNode() || data.isNull()) {
      throw new IllegalArgumentException("data: null (expected: the value to store)");
    }
    config.putData(key, data.isTextual() ? data.asText() : data.toString());
    return HttpResponse.result(200, true, "stored " + key);
  }

  private HttpResponse removeData(HttpRequest request) throws IOException {
    JsonNode body = body(request);
    String key = dataInfoId(text(body, "dataId"), text(body, "group"), text(body, "instanceId"));
    boolean removed = config.removeData(key);
    return HttpResponse.result(200, true, (removed ? "removed " : "absent ") + key);
  }

  private HttpResponse queryData(HttpRequest request) {
    String key =
        dataInfoId(request.param("dataId"), request.param("group"), request.param("instanceId"));
    String value = config.snapshot().data().get(key);
    if (value == null) {
      return HttpResponse.json(404, Map.of("success", false, "message", "no data for " + key));
    }
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("dataInfoId", key);
    entry.put("data", value);
    entry.put("version", config.snapshot().version());
    return data(entry);
  }

  private HttpResponse clientOff(HttpRequest request, boolean off) {
    String ips = request.param("ips");
    if (ips == null || ips.isBlank()) {
      throw new IllegalArgumentException("ips: " + ips + " (expected: IPs separated by ;)");
    }
    List<String> values = new ArrayList<>();
    for (String ip : ips.split("[;,]", -1)) {
      if (!ip.isBlank()) {
        values.add(ip.trim());
      }
    }
    if (off) {
      config.clientOff(values);
    } else {
      config.clientOpen(values);
    }
    return HttpResponse.result(200, true, (off ? "client off " : "client open ") + values);
  }

  private static String dataInfoId(String dataId, String group, String instanceId) {
    if (dataId == null || dataId.isBlank()) {
      throw new IllegalArgumentException("dataId: " + dataId + " (expected: non-empty)");
    }
    // The reference's provide data default to instance 9600 and group CONFIG when not given.
    return new DataInfo(
            dataId,
            instanceId == null || instanceId.isBlank() ? "9600" : instanceId,
            group == null || group.isBlank() ? "CONFIG" : group)
        .id();
  }

  private static JsonNode body(HttpRequest request) throws IOException {
    if (request.body() == null || request.body().isBlank()) {
      throw new IllegalArgumentException("body: empty (expected: JSON)");
    }
    try {
      return JSON.readTree(request.body());
    } catch (IOException e) {
      throw new IllegalArgumentException("body: not JSON (" + e.getMessage() + ")");
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isMissingNode() || value.isNull() ? null : value.asText();
  }

  private static HttpResponse data(Object value) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("success", true);
    answer.put("data", value);
    return HttpResponse.json(200, answer);
  }
}
