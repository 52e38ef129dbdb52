package io.beacon.registry.session.rpc;

import io.beacon.registry.common.protocol.Ack;
import io.beacon.registry.common.protocol.DataChangeNotice;
import io.beacon.registry.common.rpc.RpcConnection;
import io.beacon.registry.common.rpc.RpcHandler;
import io.beacon.registry.session.push.PushScheduler;
import java.util.Map;

/** A data leader announces new datum versions; dataInfoIds without subscribers here are ignored. */
public final class DataChangeNoticeHandler implements RpcHandler<DataChangeNotice> {

  private final PushScheduler pushes;

  public DataChangeNoticeHandler(PushScheduler pushes) {
    this.pushes = pushes;
  }

  @Override
  public Object handle(DataChangeNotice notice, RpcConnection connection) {
    for (Map.Entry<String, Long> change : notice.versions().entrySet()) {
      if (change.getKey() != null && change.getValue() != null) {
        pushes.onChange(change.getKey(), change.getValue());
      }
    }
    return Ack.ok();
  }
}
