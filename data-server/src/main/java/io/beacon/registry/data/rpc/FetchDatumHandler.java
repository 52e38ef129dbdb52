package io.beacon.registry.data.rpc;

import io.beacon.registry.common.model.Datum;
import io.beacon.registry.common.protocol.FetchDatumRequest;
import io.beacon.registry.common.protocol.FetchDatumResponse;
import io.beacon.registry.common.protocol.Status;
import io.beacon.registry.common.rpc.RpcConnection;
import io.beacon.registry.common.rpc.RpcHandler;
import io.beacon.registry.data.slot.SlotAccess;
import io.beacon.registry.data.store.DatumStore;
import io.beacon.registry.data.store.ReadResult;
import java.util.Collections;
import java.util.List;

/**
 * Answers a session's {@link FetchDatumRequest} with each requested datum, whole or, where the
 * session named a version it holds and the slot can still tell what changed since, as a delta (see
 * {@link io.beacon.registry.common.model.DatumDelta}); read under the slot's lock so that the
 * access check and the read are atomic. A dataInfoId of another slot, or known versions that are
 * not one long per dataInfoId, make the request INVALID. Stateless; runs on the RPC executor.
 */
public final class FetchDatumHandler implements RpcHandler<FetchDatumRequest> {

  private final DatumStore store;
  private final SlotAccess access;

  public FetchDatumHandler(DatumStore store, SlotAccess access) {
    this.store = store;
    this.access = access;
  }

  @Override
  public FetchDatumResponse handle(FetchDatumRequest request, RpcConnection connection) {
    int slotId = request.slotId();
    if (!isValid(request)) {
      return new FetchDatumResponse(Status.INVALID, access.tableEpoch(), List.of());
    }
    ReadResult result =
        store
            .slot(slotId)
            .read(
                () -> access.checkRead(slotId, request.tableEpoch(), request.leaderEpoch()),
                request.leaderEpoch(),
                request.dataInfoIds(),
                knownVersions(request));
    return new FetchDatumResponse(
        result.status(), access.tableEpoch(), result.datums(), result.deltas());
  }

  /** One per dataInfoId: the request's, or none known if it named none. */
  private static List<Long> knownVersions(FetchDatumRequest request) {
    if (!request.knownVersions().isEmpty()) {
      return request.knownVersions();
    }
    return Collections.nCopies(request.dataInfoIds().size(), Datum.NO_VERSION);
  }

  private boolean isValid(FetchDatumRequest request) {
    if (request.slotId() < 0 || request.slotId() >= store.slotCount()) {
      return false;
    }
    if (!request.knownVersions().isEmpty()
        && request.knownVersions().size() != request.dataInfoIds().size()) {
      return false;
    }
    // Hessian fills a List<Long> with whatever numbers the stream holds.
    for (Object known : request.knownVersions()) {
      if (!(known instanceof Long)) {
        return false;
      }
    }
    for (String dataInfoId : request.dataInfoIds()) {
      if (store.slotOf(dataInfoId) != request.slotId()) {
        return false;
      }
    }
    return true;
  }
}
