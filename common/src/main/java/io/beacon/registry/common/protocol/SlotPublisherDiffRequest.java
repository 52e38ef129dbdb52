package io.beacon.registry.common.protocol;

import io.beacon.registry.common.digest.DiffCursor;
import io.beacon.registry.common.digest.PublisherSummary;
import java.util.List;

/**
 * A publisher round of a slot sync: the requester's summaries of the differing dataInfoIds; the
 * responder answers at most {@code maxPublishers} differences after {@code resumeAfter}.
 */
public record SlotPublisherDiffRequest(
    int slotId,
    long tableEpoch,
    long leaderEpoch,
    List<PublisherSummary> summaries,
    DiffCursor resumeAfter,
    int maxPublishers) {

  public SlotPublisherDiffRequest {
    summaries = List.copyOf(summaries);
  }
}
