package io.beacon.registry.common.protocol;

import java.util.List;

/** Read the datums of {@code dataInfoIds}, which all map to {@code slotId}, from its leader. */
public record FetchDatumRequest(
    int slotId, long tableEpoch, long leaderEpoch, List<String> dataInfoIds) {

  public FetchDatumRequest {
    dataInfoIds = List.copyOf(dataInfoIds);
  }
}
