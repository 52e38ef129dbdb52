package io.beacon.registry.common.protocol;

import java.util.List;

/**
 * The data leader's answers to a {@link WriteBatchesRequest}: one {@link WriteBatchResponse} per
 * batch, in the order of the request.
 *
 * @param responses the answers, as many as the request had batches
 */
public record WriteBatchesResponse(List<WriteBatchResponse> responses) {

  public WriteBatchesResponse {
    responses = List.copyOf(responses);
  }
}
