package io.beacon.registry.data.admin;

import io.beacon.registry.common.http.AdminHttpServer;
import io.beacon.registry.common.http.HttpRequest;
import io.beacon.registry.common.http.HttpResponse;
import io.beacon.registry.common.slot.SlotTable;
import io.beacon.registry.common.slot.SlotTableHolder;
import io.beacon.registry.data.store.DatumStore;
import io.beacon.registry.data.store.StoreCounts;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The data server's HTTP endpoints, at the reference's paths: health, datum digests and the slot
 * table this node holds. Stateless; reads the store and the table holder, runs on the HTTP
 * executor.
 */
public final class AdminEndpoints {

  private final DatumStore store;
  private final SlotTableHolder tables;
  private final Supplier<String> localAddress;
  private final Supplier<String> notReadyReason;

  /**
   * @param notReadyReason why the server is not ready, or null when it is
   */
  public AdminEndpoints(
      DatumStore store,
      SlotTableHolder tables,
      Supplier<String> localAddress,
      Supplier<String> notReadyReason) {
    this.store = store;
    this.tables = tables;
    this.localAddress = localAddress;
    this.notReadyReason = notReadyReason;
  }

  public void install(AdminHttpServer http) {
    http.route("GET", "/health/check", this::health)
        .route("GET", "/digest/datum/query", this::datum)
        .route("GET", "/digest/datum/count", request -> count())
        .route("GET", "/openapi/v1/slot/table/content", request -> tableContent())
        .route("GET", "/openapi/v1/slot/table/status", request -> tableStatus());
  }

  HttpResponse health(HttpRequest request) {
    String reason = notReadyReason.get();
    return reason == null
        ? HttpResponse.json(200, Map.of("success", true))
        : HttpResponse.result(503, false, reason);
  }

  HttpResponse datum(HttpRequest request) {
    String dataInfoId = request.param("dataInfoId");
    if (dataInfoId == null || dataInfoId.isEmpty()) {
      return HttpResponse.result(400, false, "dataInfoId: missing (expected: a dataInfoId)");
    }
    return HttpResponse.json(200, store.datum(dataInfoId));
  }

  HttpResponse count() {
    StoreCounts counts = store.counts();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("datums", counts.datums());
    body.put("publishers", counts.publishers());
    return HttpResponse.json(200, body);
  }

  HttpResponse tableContent() {
    return HttpResponse.json(200, tables.current());
  }

  HttpResponse tableStatus() {
    SlotTable table = tables.current();
    String self = localAddress.get();
    Set<Integer> led = table.slotsLedBy(self);
    Set<Integer> followed = table.slotsFollowedBy(self);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("node", self);
    body.put("tableEpoch", table.epoch());
    body.put("leaderCount", led.size());
    body.put("followerCount", followed.size());
    body.put("leaderSlots", led);
    body.put("followerSlots", followed);
    return HttpResponse.json(200, body);
  }
}
