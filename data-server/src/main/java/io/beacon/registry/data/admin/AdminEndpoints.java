package io.beacon.registry.data.admin;

import io.beacon.registry.common.digest.SlotDigest;
import io.beacon.registry.common.http.AdminHttpServer;
import io.beacon.registry.common.http.HttpRequest;
import io.beacon.registry.common.http.HttpResponse;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.protocol.Status;
import io.beacon.registry.common.slot.SlotTable;
import io.beacon.registry.common.slot.SlotTableHolder;
import io.beacon.registry.data.store.DatumStore;
import io.beacon.registry.data.store.SlotRead;
import io.beacon.registry.data.store.SlotStore;
import io.beacon.registry.data.store.StoreCounts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The data server's HTTP endpoints, at the reference's paths: health, datum digests and the slot
 * table this node holds. Stateless; reads the store and the table holder, runs on the HTTP
 * executor.
 *
 * <p>Beacon's own {@code GET /digest/session/slots?processId=<session processId>}: per slot this
 * node leads, the digest of the publishers that session process owns here, i.e. what a renew from
 * that session is compared with (a session shows its side at the same path on its own HTTP port):
 *
 * <pre>{@code
 * {"node": "127.0.0.1:9620", "tableEpoch": 1700000000123456,
 *  "processId": "127.0.0.1-4711-1700000000000-1a2b3c",
 *  "slots": [{"slotId": 3, "leaderEpoch": 1700000000100000,
 *             "publisherCount": 12, "signature": -4265317760148315029}, ...]}
 * }</pre>
 *
 * <p>Sorted by slotId; a led slot where the process owns nothing has count 0 and signature 0 (a
 * signed 64-bit integer). Each slot is read under its lock with the access check a renew gets, at
 * the leader epoch of this node's table; a slot whose leadership changes meanwhile is left out.
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
        .route("GET", "/digest/session/slots", this::sessionDigests)
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

  /** One led slot's digest of a session's publishers, as {@code /digest/session/slots} shows it. */
  public record OwnedSlotDigest(int slotId, long leaderEpoch, int publisherCount, long signature) {}

  HttpResponse sessionDigests(HttpRequest request) {
    String processId = request.param("processId");
    if (processId == null || processId.isBlank()) {
      return HttpResponse.result(
          400,
          false,
          "processId: missing (expected: a session's processId, as its /digest/session/slots"
              + " shows it)");
    }
    SlotTable table = tables.current();
    String self = localAddress.get();
    List<OwnedSlotDigest> slots = new ArrayList<>();
    for (int slotId : new TreeSet<>(table.slotsLedBy(self))) {
      long leaderEpoch = table.slot(slotId).leaderEpoch();
      SlotStore slot = store.slot(slotId);
      ProcessId owner = ownerNamed(slot, processId);
      SlotRead<SlotDigest> read =
          owner == null
              ? new SlotRead<>(Status.OK, SlotDigest.EMPTY)
              : slot.ownedDigest(() -> stillLeads(slotId, leaderEpoch), leaderEpoch, owner);
      if (read.isOk()) {
        SlotDigest digest = read.value();
        slots.add(
            new OwnedSlotDigest(slotId, leaderEpoch, digest.publisherCount(), digest.signature()));
      }
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("node", self);
    body.put("tableEpoch", table.epoch());
    body.put("processId", processId);
    body.put("slots", slots);
    return HttpResponse.json(200, body);
  }

  /**
   * The owner of something in {@code slot} whose processId prints as {@code processId}, or null.
   */
  private static ProcessId ownerNamed(SlotStore slot, String processId) {
    for (ProcessId owner : slot.owners()) {
      if (owner.toString().equals(processId)) {
        return owner;
      }
    }
    return null;
  }

  /** The check of {@code SlotAccess.check(slotId, leaderEpoch)}, against the current table. */
  private Status stillLeads(int slotId, long leaderEpoch) {
    SlotTable table = tables.current();
    if (!table.isAssigned() || !localAddress.get().equals(table.slot(slotId).leader())) {
      return Status.NOT_LEADER;
    }
    return table.slot(slotId).leaderEpoch() == leaderEpoch ? Status.OK : Status.STALE_EPOCH;
  }
}
