package io.beacon.registry.session.rpc;

import com.alipay.sofa.registry.core.model.SyncConfigRequest;
import com.alipay.sofa.registry.core.model.SyncConfigResponse;
import io.beacon.registry.common.rpc.RpcConnection;
import io.beacon.registry.common.rpc.RpcHandler;
import java.util.ArrayList;
import java.util.List;

/**
 * Tells the official client which push segments to show: this session's data center, the segment
 * every push carries. (The client hides data of segments missing from this list.)
 */
public final class SyncConfigHandler implements RpcHandler<SyncConfigRequest> {

  static final int RETRY_INTERVAL_MILLIS = 30_000;

  private final String dataCenter;

  public SyncConfigHandler(String dataCenter) {
    this.dataCenter = dataCenter;
  }

  @Override
  public Object handle(SyncConfigRequest request, RpcConnection connection) {
    SyncConfigResponse response = new SyncConfigResponse();
    response.setSuccess(true);
    response.setAvailableSegments(new ArrayList<>(List.of(dataCenter)));
    response.setRetryInterval(RETRY_INTERVAL_MILLIS);
    return response;
  }
}
