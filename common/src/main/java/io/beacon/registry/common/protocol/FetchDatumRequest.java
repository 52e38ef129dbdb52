package io.beacon.registry.common.protocol;

import java.util.List;

/**
 * Read the datums of {@code dataInfoIds}, which all map to {@code slotId}, from its leader.
 *
 * @param knownVersions empty, or one per dataInfoId: the version the asking session already holds
 *     from this leader in this leader epoch ({@link
 *     io.beacon.registry.common.model.Datum#NO_VERSION} for none), so that the leader may answer
 *     with what changed since instead of the whole datum
 */
public record FetchDatumRequest(
    int slotId,
    long tableEpoch,
    long leaderEpoch,
    List<String> dataInfoIds,
    List<Long> knownVersions) {

  public FetchDatumRequest {
    dataInfoIds = List.copyOf(dataInfoIds);
    knownVersions = knownVersions == null ? List.of() : List.copyOf(knownVersions);
  }

  /** A request for the whole datums. */
  public FetchDatumRequest(
      int slotId, long tableEpoch, long leaderEpoch, List<String> dataInfoIds) {
    this(slotId, tableEpoch, leaderEpoch, dataInfoIds, List.of());
  }
}
