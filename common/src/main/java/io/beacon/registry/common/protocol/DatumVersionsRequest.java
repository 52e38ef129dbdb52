package io.beacon.registry.common.protocol;

import java.util.List;

/**
 * A session asking a slot leader for the current versions of the dataInfoIds it has subscribers
 * for, to find pushes that a lost change notice or a failed push left behind (subscriber
 * anti-entropy). All ids map to {@code slotId}.
 */
public record DatumVersionsRequest(
    int slotId, long tableEpoch, long leaderEpoch, List<String> dataInfoIds) {

  public DatumVersionsRequest {
    dataInfoIds = List.copyOf(dataInfoIds);
  }
}
