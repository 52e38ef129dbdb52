package io.beacon.registry.meta.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.beacon.registry.common.http.AdminHttpServer;
import io.beacon.registry.common.http.AdminToken;
import io.beacon.registry.common.http.HttpRequest;
import io.beacon.registry.common.http.HttpResponse;
import io.beacon.registry.common.http.HttpRoute;
import io.beacon.registry.common.model.DataInfo;
import io.beacon.registry.common.protocol.RegistrySwitches;
import io.beacon.registry.meta.config.RegistryConfig;
import io.beacon.registry.meta.persistence.ConfigSnapshot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The reference's admin endpoints for switches and config, same paths and meanings: stop-push
 * ({@code /stopPushDataSwitch/open} <em>stops</em> pushing, {@code /close} resumes it, {@code
 * /grayOpen}), the client-IP blacklists, the dataInfoId blacklist, provide data ({@code
 * /persistentData/*}) and the persistent client manager ({@code /api/clientManager/*}, {@link
 * ClientManagerRoutes}).
 *
 * <p>Mutating calls need header {@code x-apiauth-token} equal to the configured admin token when
 * one is set. Bad input (a missing field, a wrong JSON type, text no database can store) is refused
 * by {@link AdminInput} and answered 400 with a message naming the field. A call that changed the
 * switches is answered once they are in force on every live session and data server, within a
 * bounded wait ({@code SwitchPropagation}). Runs on the HTTP executor; state lives in {@link
 * RegistryConfig}.
 */
public final class SwitchAdminRoutes {

  public static final String TOKEN_HEADER = AdminToken.HEADER;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final RegistryConfig config;
  private final String adminToken;
  private final Function<RegistrySwitches, List<String>> propagate;

  /**
   * @param propagate puts changed switches into force on every live node, waiting a bounded time;
   *     returns the nodes that did not confirm
   */
  public SwitchAdminRoutes(
      RegistryConfig config,
      String adminToken,
      Function<RegistrySwitches, List<String>> propagate) {
    this.config = config;
    this.adminToken = adminToken == null || adminToken.isBlank() ? null : adminToken;
    this.propagate = propagate;
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
    new ClientManagerRoutes(config).registerOn(http, this::mutating);
  }

  /**
   * {@code route} behind the admin token; when it changed the switches, answered only once every
   * live session and data server holds them (or the propagation timeout passed: the answer then
   * lists the nodes still {@code pending}, which their next heartbeat answer reaches).
   */
  private HttpRoute mutating(HttpRoute route) {
    return guarded(
        adminToken,
        request -> {
          long before = config.switches().version();
          HttpResponse response = route.handle(request);
          RegistrySwitches after = config.switches();
          if (response.status() != 200 || after.version() == before) {
            return response;
          }
          List<String> pending = propagate.apply(after);
          return pending.isEmpty() ? response : withPending(response, pending);
        });
  }

  private static HttpResponse withPending(HttpResponse response, List<String> pending)
      throws IOException {
    ObjectNode body = (ObjectNode) JSON.readTree(response.body());
    ArrayNode nodes = body.putArray("pending");
    pending.forEach(nodes::add);
    return HttpResponse.json(response.status(), body);
  }

  /**
   * {@code route} behind the admin token ({@code adminToken} null: open). Shared by every mutating
   * admin route; what a route refuses as {@link IllegalArgumentException} the HTTP server answers
   * with 400.
   */
  static HttpRoute guarded(String adminToken, HttpRoute route) {
    return AdminToken.guard(adminToken, route);
  }

  private HttpResponse stopPush(boolean stop) {
    config.setStopPush(stop);
    return HttpResponse.result(200, true, stop ? "push stopped" : "push enabled");
  }

  private HttpResponse grayOpen(HttpRequest request) {
    List<String> values = AdminInput.strings(AdminInput.body(request), "ips");
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
        AdminInput.dataInfoId(
            request.param("dataId"), request.param("group"), request.param("instanceId"));
    if (add) {
      config.addDataInfoIdBlacklist(dataInfoId);
    } else {
      config.removeDataInfoIdBlacklist(dataInfoId);
    }
    return HttpResponse.result(200, true, (add ? "added " : "removed ") + dataInfoId);
  }

  private HttpResponse putData(HttpRequest request) {
    JsonNode body = AdminInput.body(request);
    String key = key(body);
    String data = AdminInput.noNul("data", AdminInput.text(body, "data"));
    if (data == null) {
      throw new IllegalArgumentException("data: null (expected: the value to store, a string)");
    }
    config.putData(key, data);
    return HttpResponse.result(200, true, "stored " + key);
  }

  private HttpResponse removeData(HttpRequest request) {
    String key = key(AdminInput.body(request));
    boolean removed = config.removeData(key);
    return HttpResponse.result(200, true, (removed ? "removed " : "absent ") + key);
  }

  /**
   * The reference's {@code GET /persistentData/query?dataInfoId=}: always 200 with {@code data} the
   * entry or null when absent. Beacon also takes {@code dataId} with {@code group} and {@code
   * instanceId}; a missing or blank key is a 400 naming {@code dataInfoId}, where the reference
   * answers 200 with null data.
   */
  private HttpResponse queryData(HttpRequest request) {
    String key = request.param("dataInfoId");
    if (key == null && request.param("dataId") != null) {
      key =
          AdminInput.dataInfoId(
              request.param("dataId"), request.param("group"), request.param("instanceId"));
    }
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException(
          "dataInfoId: "
              + key
              + " (expected: dataId#@#instanceId#@#group, URL-encoded; or dataId, group and"
              + " instanceId)");
    }
    ConfigSnapshot snapshot = config.snapshot();
    String value = snapshot.data().get(key);
    return HttpResponse.generic(
        200,
        true,
        null,
        value == null ? null : ProvideData.of(key, value, snapshot.dataVersion(key)));
  }

  /**
   * One provide-data entry as the reference's {@code PersistenceData} shows it, fields in its
   * order.
   *
   * @param version the config version of the change that last wrote the entry (the reference shows
   *     the version the writer gave, or the time of meta's own writes)
   */
  public record ProvideData(
      String dataId, String group, String instanceId, long version, String data) {

    static ProvideData of(String key, String value, long version) {
      DataInfo info;
      try {
        info = DataInfo.parse(key);
      } catch (IllegalArgumentException e) {
        return new ProvideData(key, null, null, version, value); // not written through /put
      }
      return new ProvideData(info.dataId(), info.group(), info.instanceId(), version, value);
    }
  }

  private static String key(JsonNode body) {
    return AdminInput.dataInfoId(
        AdminInput.text(body, "dataId"),
        AdminInput.text(body, "group"),
        AdminInput.text(body, "instanceId"));
  }

  private static HttpResponse data(Object value) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("success", true);
    answer.put("data", value);
    return HttpResponse.json(200, answer);
  }
}
