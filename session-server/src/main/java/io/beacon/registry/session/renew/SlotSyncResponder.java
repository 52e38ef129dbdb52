package io.beacon.registry.session.renew;

import io.beacon.registry.common.digest.DigestDiff;
import io.beacon.registry.common.digest.PublisherDiff;
import io.beacon.registry.common.digest.SlotDigest;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.protocol.SlotDigestRequest;
import io.beacon.registry.common.protocol.SlotDigestResponse;
import io.beacon.registry.common.protocol.SlotPublisherDiffRequest;
import io.beacon.registry.common.protocol.SlotPublisherDiffResponse;
import io.beacon.registry.common.protocol.Status;

/**
 * Answers a data leader's slot sync from this session's own registrations: the session is the truth
 * for the publishers it owns. Runs on the internal RPC executor; stateless.
 */
public final class SlotSyncResponder {

  /** The most publishers one answer carries, whatever the requester asks. */
  static final int MAX_PUBLISHERS = 2_048;

  private final SlotPublishers publishers;
  private final ProcessId processId;

  public SlotSyncResponder(SlotPublishers publishers, ProcessId processId) {
    this.publishers = publishers;
    this.processId = processId;
  }

  public SlotDigestResponse digest(SlotDigestRequest request) {
    if (request.slotId() < 0
        || request.slotId() >= publishers.slotCount()
        || request.digest() == null) {
      return new SlotDigestResponse(Status.INVALID, processId, DigestDiff.NONE);
    }
    SlotDigest own = SlotDigest.ofPublishers(publishers.ofSlot(request.slotId()));
    return new SlotDigestResponse(Status.OK, processId, DigestDiff.between(request.digest(), own));
  }

  public SlotPublisherDiffResponse publishers(SlotPublisherDiffRequest request) {
    if (request.slotId() < 0
        || request.slotId() >= publishers.slotCount()
        || request.maxPublishers() < 1
        || request.summaries().stream()
            .anyMatch(s -> publishers.slotOf(s.dataInfoId()) != request.slotId())) {
      return new SlotPublisherDiffResponse(Status.INVALID, processId, null);
    }
    PublisherDiff diff =
        PublisherDiff.compute(
            request.summaries(),
            publishers.ofSlotByDataInfoId(request.slotId()),
            request.resumeAfter(),
            Math.min(request.maxPublishers(), MAX_PUBLISHERS));
    return new SlotPublisherDiffResponse(Status.OK, processId, diff);
  }
}
