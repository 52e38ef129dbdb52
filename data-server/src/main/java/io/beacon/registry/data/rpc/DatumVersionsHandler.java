package io.beacon.registry.data.rpc;

import io.beacon.registry.common.model.Datum;
import io.beacon.registry.common.protocol.DatumVersionsRequest;
import io.beacon.registry.common.protocol.DatumVersionsResponse;
import io.beacon.registry.common.protocol.Status;
import io.beacon.registry.common.rpc.RpcConnection;
import io.beacon.registry.common.rpc.RpcHandler;
import io.beacon.registry.data.slot.SlotAccess;
import io.beacon.registry.data.store.DatumStore;
import io.beacon.registry.data.store.ReadResult;
import java.util.HashMap;
import java.util.Map;

/**
 * Answers a session's {@link DatumVersionsRequest} (subscriber anti-entropy) with the current
 * version of each requested dataInfoId, read under the slot's lock like a fetch, without sending
 * the publishers. Stateless; runs on the RPC executor.
 */
public final class DatumVersionsHandler implements RpcHandler<DatumVersionsRequest> {

  private final DatumStore store;
  private final SlotAccess access;

  public DatumVersionsHandler(DatumStore store, SlotAccess access) {
    this.store = store;
    this.access = access;
  }

  @Override
  public DatumVersionsResponse handle(DatumVersionsRequest request, RpcConnection connection) {
    int slotId = request.slotId();
    if (slotId < 0
        || slotId >= store.slotCount()
        || request.dataInfoIds().stream().anyMatch(id -> store.slotOf(id) != slotId)) {
      return new DatumVersionsResponse(Status.INVALID, access.tableEpoch(), Map.of());
    }
    ReadResult result =
        store
            .slot(slotId)
            .read(
                () -> access.checkRead(slotId, request.tableEpoch(), request.leaderEpoch()),
                request.leaderEpoch(),
                request.dataInfoIds());
    Map<String, Long> versions = new HashMap<>();
    for (Datum datum : result.datums()) {
      versions.put(datum.dataInfoId(), datum.version());
    }
    return new DatumVersionsResponse(result.status(), access.tableEpoch(), versions);
  }
}
