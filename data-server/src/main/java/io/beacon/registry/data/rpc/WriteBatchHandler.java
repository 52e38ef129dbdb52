package io.beacon.registry.data.rpc;

import io.beacon.registry.common.protocol.PublisherPut;
import io.beacon.registry.common.protocol.PublisherRemoval;
import io.beacon.registry.common.protocol.PublisherWrite;
import io.beacon.registry.common.protocol.Status;
import io.beacon.registry.common.protocol.WriteBatchRequest;
import io.beacon.registry.common.protocol.WriteBatchResponse;
import io.beacon.registry.common.rpc.RpcConnection;
import io.beacon.registry.common.rpc.RpcHandler;
import io.beacon.registry.data.change.ChangeNotifier;
import io.beacon.registry.data.lease.SessionLeases;
import io.beacon.registry.data.slot.SlotAccess;
import io.beacon.registry.data.store.DatumStore;
import io.beacon.registry.data.store.WriteResult;

/**
 * Applies a session's {@link WriteBatchRequest} to the slot it names, under the slot's single
 * writer, and hands the datums whose version grew to the {@link ChangeNotifier}. A malformed batch
 * (a write of another slot, a missing field) is refused whole with INVALID. Every well-formed batch
 * renews the sending session process's lease, whatever its status: the session lives. Stateless;
 * runs on the RPC executor.
 *
 * <p>Followers are not written to here: each pulls its slots from this leader ({@code
 * FollowerSync}), so an answer never waits for a replica.
 */
public final class WriteBatchHandler implements RpcHandler<WriteBatchRequest> {

  private final DatumStore store;
  private final SlotAccess access;
  private final ChangeNotifier notifier;
  private final SessionLeases leases;

  public WriteBatchHandler(
      DatumStore store, SlotAccess access, ChangeNotifier notifier, SessionLeases leases) {
    this.store = store;
    this.access = access;
    this.notifier = notifier;
    this.leases = leases;
  }

  @Override
  public WriteBatchResponse handle(WriteBatchRequest request, RpcConnection connection) {
    String invalid = validate(request);
    if (invalid != null) {
      return new WriteBatchResponse(Status.INVALID, access.tableEpoch(), invalid);
    }
    leases.renew(request.sessionProcessId());
    int slotId = request.slotId();
    WriteResult result =
        store
            .slot(slotId)
            .write(
                () -> access.check(slotId, request.tableEpoch(), request.leaderEpoch()),
                request.leaderEpoch(),
                request.writes(),
                store.nowMillis());
    if (result.status() == Status.OK) {
      notifier.onChange(result.changedVersions());
    }
    return new WriteBatchResponse(
        result.status(), access.tableEpoch(), access.describe(result.status(), slotId));
  }

  private String validate(WriteBatchRequest request) {
    if (request.sessionProcessId() == null) {
      return "sessionProcessId: null (expected: the sending session's process id)";
    }
    if (request.slotId() < 0 || request.slotId() >= store.slotCount()) {
      return "slotId: " + request.slotId() + " (expected: 0.." + (store.slotCount() - 1) + ")";
    }
    for (PublisherWrite write : request.writes()) {
      String invalid = validate(write, request.slotId());
      if (invalid != null) {
        return invalid;
      }
    }
    return null;
  }

  private String validate(PublisherWrite write, int slotId) {
    if (write instanceof PublisherPut put) {
      if (put.publisher() == null || put.publisher().sessionProcessId() == null) {
        return "put: " + put + " (expected: a publisher with its owning session's process id)";
      }
    } else if (write instanceof PublisherRemoval removal) {
      if (removal.dataInfoId() == null
          || removal.registerId() == null
          || removal.version() == null
          || removal.sessionProcessId() == null) {
        return "removal: " + removal + " (expected: dataInfoId, registerId, version and owner)";
      }
    }
    int actual = store.slotOf(write.dataInfoId());
    if (actual != slotId) {
      return "dataInfoId: "
          + write.dataInfoId()
          + " (expected: in slot "
          + slotId
          + ", is in "
          + actual
          + ")";
    }
    return null;
  }
}
