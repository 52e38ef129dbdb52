package io.beacon.registry.session.routing;

import io.beacon.registry.common.model.Datum;
import io.beacon.registry.common.protocol.FetchDatumRequest;
import io.beacon.registry.common.protocol.FetchDatumResponse;
import io.beacon.registry.common.protocol.Status;
import io.beacon.registry.common.rpc.RpcClient;
import io.beacon.registry.common.slot.Slot;
import io.beacon.registry.common.slot.SlotFunction;
import io.beacon.registry.common.slot.SlotTable;
import io.beacon.registry.common.slot.SlotTableHolder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Reads datums from their slot leaders. A call fails (for the caller to retry) when the slot has no
 * known leader or the leader answers anything but OK; NOT_LEADER and STALE_EPOCH also ask for a
 * fresh slot table. Stateless apart from its collaborators; thread-safe.
 */
public final class DatumFetcher {

  private final SlotFunction slotFunction;
  private final SlotTableHolder tables;
  private final RpcClient client;
  private final Duration timeout;
  private final Runnable onStaleTable;

  public DatumFetcher(
      SlotFunction slotFunction,
      SlotTableHolder tables,
      RpcClient client,
      Duration timeout,
      Runnable onStaleTable) {
    this.slotFunction = slotFunction;
    this.tables = tables;
    this.client = client;
    this.timeout = timeout;
    this.onStaleTable = onStaleTable;
  }

  public CompletableFuture<Datum> fetch(String dataInfoId) {
    SlotTable table = tables.current();
    int slotId = slotFunction.slotOf(dataInfoId);
    Slot slot = table.slot(slotId);
    if (!table.isAssigned() || slot.leader() == null) {
      return CompletableFuture.failedFuture(
          new FetchFailedException("slot " + slotId + " has no known leader"));
    }
    FetchDatumRequest request =
        new FetchDatumRequest(slotId, table.epoch(), slot.leaderEpoch(), List.of(dataInfoId));
    return client
        .invoke(slot.leader(), request, FetchDatumResponse.class, timeout)
        .thenApply(
            response -> {
              if (response.status() != Status.OK || response.datums().size() != 1) {
                if (response.status() == Status.NOT_LEADER
                    || response.status() == Status.STALE_EPOCH) {
                  onStaleTable.run();
                }
                throw new FetchFailedException(
                    slot.leader() + " answered " + response.status() + " for slot " + slotId);
              }
              return response.datums().get(0);
            });
  }

  /** A fetch that did not produce a datum; retry later. */
  public static final class FetchFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    FetchFailedException(String message) {
      super(message, null, false, false);
    }
  }
}
