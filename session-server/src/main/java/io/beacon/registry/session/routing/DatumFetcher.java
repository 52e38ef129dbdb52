package io.beacon.registry.session.routing;

import io.beacon.registry.common.model.Datum;
import io.beacon.registry.common.model.DatumDelta;
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
 * Reads datums from their slot leaders, whole or as the changes since a datum read before from the
 * same leader in the same epoch (so a change to one publisher of a large datum costs that
 * publisher, not the datum). A call fails (for the caller to retry) when the slot has no known
 * leader or the leader answers anything but OK; NOT_LEADER and STALE_EPOCH also ask for a fresh
 * slot table. Stateless apart from its collaborators; thread-safe.
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

  /**
   * The datum of {@code dataInfoId} from its slot's leader. If {@code held} came from that same
   * leader in the same leader epoch, the leader is asked only for what changed since {@code held}'s
   * version, which it answers with a delta when it still can; versions are the leader's own, so a
   * datum held from another leader or epoch is fetched whole.
   *
   * @param held the last datum fetched of {@code dataInfoId}, or null
   */
  public CompletableFuture<Fetched> fetch(String dataInfoId, Fetched held) {
    SlotTable table = tables.current();
    int slotId = slotFunction.slotOf(dataInfoId);
    Slot slot = table.slot(slotId);
    if (!table.isAssigned() || slot.leader() == null) {
      return CompletableFuture.failedFuture(
          new FetchFailedException("slot " + slotId + " has no known leader"));
    }
    Datum base =
        held != null && held.isFrom(slot) && held.datum().version() != Datum.NO_VERSION
            ? held.datum()
            : null;
    List<Long> known = base == null ? List.of() : List.of(base.version());
    FetchDatumRequest request =
        new FetchDatumRequest(
            slotId, table.epoch(), slot.leaderEpoch(), List.of(dataInfoId), known);
    return client
        .invoke(slot.leader(), request, FetchDatumResponse.class, timeout)
        .thenApply(
            response -> {
              if (response.status() != Status.OK) {
                if (response.status() == Status.NOT_LEADER
                    || response.status() == Status.STALE_EPOCH) {
                  onStaleTable.run();
                }
                throw new FetchFailedException(
                    slot.leader() + " answered " + response.status() + " for slot " + slotId);
              }
              return new Fetched(datumOf(response, dataInfoId, base), slot);
            });
  }

  /** The one datum {@code response} answers: whole, or {@code base} with the delta applied. */
  private static Datum datumOf(FetchDatumResponse response, String dataInfoId, Datum base) {
    if (response.datums().size() == 1
        && response.deltas().isEmpty()
        && response.datums().get(0).dataInfoId().equals(dataInfoId)) {
      return response.datums().get(0);
    }
    if (response.deltas().size() == 1 && response.datums().isEmpty() && base != null) {
      DatumDelta delta = response.deltas().get(0);
      if (delta.dataInfoId().equals(dataInfoId) && delta.fromVersion() == base.version()) {
        return delta.applyTo(base);
      }
    }
    throw new FetchFailedException(
        "answer for "
            + dataInfoId
            + " holds "
            + response.datums().size()
            + " datums and "
            + response.deltas().size()
            + " deltas (expected: the datum, or a delta from version "
            + (base == null ? "none" : base.version())
            + ")");
  }

  /**
   * A datum as read from a slot's leader, with that leader and its epoch: what a later fetch may
   * ask a delta against. Immutable.
   */
  public record Fetched(Datum datum, String leader, long leaderEpoch) {

    Fetched(Datum datum, Slot slot) {
      this(datum, slot.leader(), slot.leaderEpoch());
    }

    boolean isFrom(Slot slot) {
      return leader.equals(slot.leader()) && leaderEpoch == slot.leaderEpoch();
    }
  }

  /** A fetch that did not produce a datum; retry later. */
  public static final class FetchFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    FetchFailedException(String message) {
      super(message, null, false, false);
    }
  }
}
