package io.beacon.registry.data.rpc;

import io.beacon.registry.common.protocol.WriteBatchRequest;
import io.beacon.registry.common.protocol.WriteBatchResponse;
import io.beacon.registry.common.protocol.WriteBatchesRequest;
import io.beacon.registry.common.protocol.WriteBatchesResponse;
import io.beacon.registry.common.rpc.RpcConnection;
import io.beacon.registry.common.rpc.RpcHandler;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies the batches of a {@link WriteBatchesRequest} one after the other, each exactly as the
 * {@link WriteBatchHandler} applies a batch sent alone (a malformed batch is refused with INVALID
 * without affecting the others), and answers each in order. Stateless; runs on the RPC executor.
 */
public final class WriteBatchesHandler implements RpcHandler<WriteBatchesRequest> {

  private final WriteBatchHandler single;

  public WriteBatchesHandler(WriteBatchHandler single) {
    this.single = single;
  }

  @Override
  public WriteBatchesResponse handle(WriteBatchesRequest request, RpcConnection connection) {
    List<WriteBatchResponse> responses = new ArrayList<>(request.batches().size());
    for (WriteBatchRequest batch : request.batches()) {
      responses.add(single.handle(batch, connection));
    }
    return new WriteBatchesResponse(responses);
  }
}
