package io.beacon.registry.data.rpc;

import io.beacon.registry.common.digest.DigestDiff;
import io.beacon.registry.common.digest.SlotDigest;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.protocol.SlotDigestRequest;
import io.beacon.registry.common.protocol.SlotDigestResponse;
import io.beacon.registry.common.protocol.Status;
import io.beacon.registry.common.rpc.RpcConnection;
import io.beacon.registry.common.rpc.RpcHandler;
import io.beacon.registry.data.slot.SlotAccess;
import io.beacon.registry.data.store.DatumStore;
import io.beacon.registry.data.store.SlotRead;
import io.beacon.registry.data.store.SlotStore.Role;

/**
 * The leader's side of a follower's replication pass, first round: compares the follower's digest
 * of the slot with this node's digest of the whole slot (every owner), read under the slot's lock
 * after checking that this node leads the slot under the request's leader epoch ({@code NOT_LEADER}
 * / {@code STALE_EPOCH} otherwise). Stateless; runs on the RPC executor.
 */
public final class SlotDigestHandler implements RpcHandler<SlotDigestRequest> {

  private final DatumStore store;
  private final SlotAccess access;
  private final ProcessId self;

  public SlotDigestHandler(DatumStore store, SlotAccess access, ProcessId self) {
    this.store = store;
    this.access = access;
    this.self = self;
  }

  @Override
  public SlotDigestResponse handle(SlotDigestRequest request, RpcConnection connection) {
    int slotId = request.slotId();
    if (slotId < 0 || slotId >= store.slotCount() || request.digest() == null) {
      return new SlotDigestResponse(Status.INVALID, self, null);
    }
    SlotRead<SlotDigest> own =
        store
            .slot(slotId)
            .wholeDigest(
                () -> access.checkRead(slotId, request.tableEpoch(), request.leaderEpoch()),
                request.leaderEpoch(),
                Role.LEADER);
    if (!own.isOk()) {
      return new SlotDigestResponse(own.status(), self, null);
    }
    return new SlotDigestResponse(
        Status.OK, self, DigestDiff.between(request.digest(), own.value()));
  }
}
