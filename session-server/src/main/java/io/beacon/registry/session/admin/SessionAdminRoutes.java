package io.beacon.registry.session.admin;

import io.beacon.registry.common.http.AdminHttpServer;
import io.beacon.registry.common.http.HttpRequest;
import io.beacon.registry.common.http.HttpResponse;
import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.common.protocol.RegistrySwitches;
import io.beacon.registry.common.slot.SlotTableHolder;
import io.beacon.registry.session.discovery.SessionDirectory;
import io.beacon.registry.session.registration.SessionRegistry;
import io.beacon.registry.session.registration.Subscriber;
import io.beacon.registry.session.trace.PushTracer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The session's HTTP endpoints, with the reference's paths: client discovery, health and digests;
 * plus Beacon's push tracing, {@code GET /digest/push/latency} (a histogram per push stage) and
 * {@code GET /digest/push/slowest?limit=N} (the slowest recent pushes, see {@link PushTracer}).
 * Stateless; reads the session's state through its collaborators.
 */
public final class SessionAdminRoutes {

  private final SessionDirectory directory;
  private final SessionRegistry registry;
  private final SlotTableHolder tables;
  private final Supplier<String> notReadyReason;
  private final String dataCenter;
  private final Supplier<RegistrySwitches> switches;
  private final PushTracer tracer;

  public SessionAdminRoutes(
      SessionDirectory directory,
      SessionRegistry registry,
      SlotTableHolder tables,
      Supplier<String> notReadyReason,
      String dataCenter,
      Supplier<RegistrySwitches> switches,
      PushTracer tracer) {
    this.switches = switches;
    this.tracer = tracer;
    this.directory = directory;
    this.registry = registry;
    this.tables = tables;
    this.notReadyReason = notReadyReason;
    this.dataCenter = dataCenter;
  }

  public void install(AdminHttpServer http) {
    // Plain text on one line, no Content-Encoding: the official client parses exactly this.
    http.route(
        "GET",
        "/api/servers/query",
        request ->
            HttpResponse.text(
                200, String.join(";", directory.clientAddresses(request.param("zone")))));
    http.route(
        "GET",
        "/api/servers/query.json",
        request -> HttpResponse.json(200, directory.clientAddresses(request.param("zone"))));
    http.route("GET", "/api/servers/alive", request -> HttpResponse.text(200, "OK"));
    http.route("GET", "/api/servers/dataCenter", request -> HttpResponse.text(200, dataCenter));
    http.route(
        "GET",
        "/health/check",
        request -> {
          String reason = notReadyReason.get();
          return reason == null
              ? HttpResponse.result(200, true, "session ready")
              : HttpResponse.result(503, false, reason);
        });
    http.route("GET", "/digest/data/count", request -> HttpResponse.json(200, counts()));
    http.route("GET", "/digest/pushSwitch", request -> HttpResponse.json(200, switches.get()));
    http.route(
        "GET",
        "/digest/pub/data/query",
        request -> HttpResponse.json(200, publishersOf(request.param("dataInfoId"))));
    http.route(
        "GET",
        "/digest/sub/data/query",
        request -> HttpResponse.json(200, subscribersOf(request.param("dataInfoId"))));
    http.route(
        "GET",
        "/openapi/v1/slot/table/content",
        request -> HttpResponse.json(200, tables.current()));
    http.route(
        "GET",
        "/openapi/v1/slot/table/epoch",
        request -> HttpResponse.json(200, tables.current().epoch()));
    http.route("GET", "/digest/push/latency", request -> HttpResponse.json(200, tracer.latency()));
    http.route("GET", "/digest/push/slowest", this::slowestPushes);
  }

  private HttpResponse slowestPushes(HttpRequest request) {
    String limit = request.param("limit");
    int max = PushTracer.SLOWEST_CAPACITY;
    int count = max;
    if (limit != null) {
      try {
        count = Integer.parseInt(limit.trim());
      } catch (NumberFormatException e) {
        count = 0;
      }
      if (count < 1 || count > max) {
        return HttpResponse.result(
            400, false, String.format("limit: %s (expected: an integer in 1..%d)", limit, max));
      }
    }
    return HttpResponse.json(200, tracer.slowest(count));
  }

  private Map<String, Integer> counts() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    counts.put("publishers", registry.publisherCount());
    counts.put("subscribers", registry.subscriberCount());
    counts.put("configurators", registry.configuratorCount());
    counts.put("blockedPublishers", registry.blockedPublisherCount());
    counts.put("blockedSubscribers", registry.blockedSubscriberCount());
    counts.put("blockedConfigurators", registry.blockedConfiguratorCount());
    return counts;
  }

  private List<Publisher> publishersOf(String dataInfoId) {
    List<Publisher> result = new ArrayList<>();
    for (Publisher publisher : registry.publishers()) {
      if (dataInfoId == null || dataInfoId.equals(publisher.dataInfoId())) {
        result.add(publisher);
      }
    }
    return result;
  }

  private List<Subscriber> subscribersOf(String dataInfoId) {
    return dataInfoId == null
        ? new ArrayList<>(registry.subscribers())
        : new ArrayList<>(registry.subscribersOf(dataInfoId));
  }
}
