package io.beacon.registry.data.rpc;

import io.beacon.registry.common.heartbeat.MetaHeartbeater;
import io.beacon.registry.common.heartbeat.SwitchesNoticeHandler;
import io.beacon.registry.common.lifecycle.Startable;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.protocol.DatumVersionsRequest;
import io.beacon.registry.common.protocol.FetchDatumRequest;
import io.beacon.registry.common.protocol.SessionRenewRequest;
import io.beacon.registry.common.protocol.SlotDigestRequest;
import io.beacon.registry.common.protocol.SlotPublisherDiffRequest;
import io.beacon.registry.common.protocol.SwitchesNotice;
import io.beacon.registry.common.protocol.WriteBatchRequest;
import io.beacon.registry.common.protocol.WriteBatchesRequest;
import io.beacon.registry.common.rpc.InProcessRoutes;
import io.beacon.registry.common.rpc.RpcServer;
import io.beacon.registry.data.change.ChangeNotifier;
import io.beacon.registry.data.heartbeat.MetaViewHolder;
import io.beacon.registry.data.lease.SessionLeases;
import io.beacon.registry.data.settings.DataServerConfig;
import io.beacon.registry.data.slot.SlotAccess;
import io.beacon.registry.data.store.DatumStore;
import io.beacon.registry.data.sync.SessionSync;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The data server's Bolt port (9620), called by sessions (writes, fetches, versions, renews), by
 * the data servers that follow this one (slot digests and publishers) and by the meta leader (its
 * switch notices, accepted only from the leader the heartbeat follows). Handlers run on {@code
 * rpcExecutor}; a write takes its slot's lock (see {@link DatumStore}). While it runs, it is also
 * bound in {@code routes} under this server's address, so a session of the same JVM calls it
 * without a socket.
 */
public final class DataPort implements Startable {

  private final RpcServer port;
  private final InProcessRoutes routes;
  private final String host;

  /**
   * @param host the host other servers reach this one at
   */
  public DataPort(
      DataServerConfig config,
      Executor rpcExecutor,
      Executor callbacks,
      InProcessRoutes routes,
      String host,
      ProcessId processId,
      DatumStore store,
      SlotAccess access,
      ChangeNotifier notifier,
      SessionLeases leases,
      SessionSync sessionSync,
      MetaViewHolder meta,
      MetaHeartbeater heartbeater) {
    this.routes = routes;
    this.host = host;
    port = new RpcServer("data", config.bindHost(), config.rpcPort(), callbacks);
    WriteBatchHandler writes = new WriteBatchHandler(store, access, notifier, leases);
    port.register(WriteBatchRequest.class, rpcExecutor, writes);
    port.register(WriteBatchesRequest.class, rpcExecutor, new WriteBatchesHandler(writes));
    port.register(FetchDatumRequest.class, rpcExecutor, new FetchDatumHandler(store, access));
    port.register(DatumVersionsRequest.class, rpcExecutor, new DatumVersionsHandler(store, access));
    port.register(
        SessionRenewRequest.class,
        rpcExecutor,
        new SessionRenewHandler(
            store, access, leases, sessionSync, session -> meta.current().sessionAddress(session)));
    port.register(
        SlotDigestRequest.class, rpcExecutor, new SlotDigestHandler(store, access, processId));
    port.register(
        SlotPublisherDiffRequest.class,
        rpcExecutor,
        new SlotPublisherDiffHandler(store, access, processId, config.renewSyncMaxPublishers()));
    port.register(
        SwitchesNotice.class,
        rpcExecutor,
        new SwitchesNoticeHandler(
            heartbeater,
            () -> meta.current().switches().version(),
            switches -> CompletableFuture.completedFuture(meta.adopt(switches))));
  }

  @Override
  public void start() {
    port.start();
    routes.bind(address(), port);
  }

  public int port() {
    return port.port();
  }

  /** {@code host:port}: this data server's identity. */
  public String address() {
    return host + ":" + port.port();
  }

  @Override
  public void close() {
    if (port.isStarted()) {
      routes.unbind(address(), port);
    }
    port.close();
  }
}
