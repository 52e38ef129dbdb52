package io.beacon.registry.common.protocol;

import java.util.List;

/**
 * Several slots' write batches bound for the same data leader, sent as one request while another
 * was in flight to it. The leader applies each batch as if it had come alone, in order, and answers
 * each.
 *
 * @param batches the batches, at most one per slot
 */
public record WriteBatchesRequest(List<WriteBatchRequest> batches) {

  public WriteBatchesRequest {
    batches = List.copyOf(batches);
  }
}
