package io.beacon.registry.data.rpc;

import io.beacon.registry.common.digest.PublisherDiff;
import io.beacon.registry.common.digest.PublisherSummary;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.common.protocol.SlotPublisherDiffRequest;
import io.beacon.registry.common.protocol.SlotPublisherDiffResponse;
import io.beacon.registry.common.protocol.Status;
import io.beacon.registry.common.rpc.RpcConnection;
import io.beacon.registry.common.rpc.RpcHandler;
import io.beacon.registry.data.slot.SlotAccess;
import io.beacon.registry.data.store.DatumStore;
import io.beacon.registry.data.store.SlotRead;
import java.util.List;
import java.util.Map;

/**
 * The leader's side of a follower's replication pass, publisher rounds: reads the whole slot's
 * publishers of the summarized dataInfoIds under the slot's lock (after the same leadership check
 * as {@link SlotDigestHandler}) and answers at most {@code min(request max, cap)} differences after
 * the request's cursor. A summary of another slot makes the request INVALID. Stateless; runs on the
 * RPC executor.
 */
public final class SlotPublisherDiffHandler implements RpcHandler<SlotPublisherDiffRequest> {

  private final DatumStore store;
  private final SlotAccess access;
  private final ProcessId self;
  private final int maxPublishersCap;

  /**
   * @param maxPublishersCap the most differences one answer carries, whatever the request asks
   */
  public SlotPublisherDiffHandler(
      DatumStore store, SlotAccess access, ProcessId self, int maxPublishersCap) {
    this.store = store;
    this.access = access;
    this.self = self;
    this.maxPublishersCap = maxPublishersCap;
  }

  @Override
  public SlotPublisherDiffResponse handle(
      SlotPublisherDiffRequest request, RpcConnection connection) {
    int slotId = request.slotId();
    if (!isValid(request)) {
      return new SlotPublisherDiffResponse(Status.INVALID, self, null);
    }
    List<String> dataInfoIds =
        request.summaries().stream().map(PublisherSummary::dataInfoId).toList();
    SlotRead<Map<String, List<Publisher>>> held =
        store
            .slot(slotId)
            .publishers(
                () -> access.checkRead(slotId, request.tableEpoch(), request.leaderEpoch()),
                request.leaderEpoch(),
                dataInfoIds);
    if (!held.isOk()) {
      return new SlotPublisherDiffResponse(held.status(), self, null);
    }
    int max = Math.max(1, Math.min(request.maxPublishers(), maxPublishersCap));
    return new SlotPublisherDiffResponse(
        Status.OK,
        self,
        PublisherDiff.compute(request.summaries(), held.value(), request.resumeAfter(), max));
  }

  private boolean isValid(SlotPublisherDiffRequest request) {
    if (request.slotId() < 0 || request.slotId() >= store.slotCount()) {
      return false;
    }
    for (PublisherSummary summary : request.summaries()) {
      if (store.slotOf(summary.dataInfoId()) != request.slotId()) {
        return false;
      }
    }
    return true;
  }
}
