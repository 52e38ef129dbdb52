package io.beacon.registry.session.rpc;

import io.beacon.registry.common.heartbeat.MetaHeartbeater;
import io.beacon.registry.common.heartbeat.SwitchesNoticeHandler;
import io.beacon.registry.common.lifecycle.Startable;
import io.beacon.registry.common.protocol.DataChangeNotice;
import io.beacon.registry.common.protocol.LeavingNotice;
import io.beacon.registry.common.protocol.SlotDigestRequest;
import io.beacon.registry.common.protocol.SlotPublisherDiffRequest;
import io.beacon.registry.common.protocol.SwitchesNotice;
import io.beacon.registry.common.rpc.InProcessRoutes;
import io.beacon.registry.common.rpc.RpcServer;
import io.beacon.registry.session.discovery.SessionDirectory;
import io.beacon.registry.session.heartbeat.SwitchEffects;
import io.beacon.registry.session.push.PushScheduler;
import io.beacon.registry.session.renew.SlotSyncResponder;
import io.beacon.registry.session.settings.SessionServerConfig;
import java.util.concurrent.Executor;

/**
 * The internal port (9602) data servers call: change notices, and the digests and publishers of a
 * slot sync; and the meta leader: its switch notices, accepted only from the leader the heartbeat
 * follows and answered once the switches are in force ({@link SwitchEffects}), and its notices of
 * leaving sessions ({@link LeavingNoticeHandler}). Handlers run on {@code internalRpc}. While it
 * runs, it is also bound in {@code routes} under this session's address, so a data server of the
 * same JVM calls it without a socket.
 */
public final class InternalPort implements Startable {

  private final RpcServer port;
  private final SessionServerConfig config;
  private final InProcessRoutes routes;
  private final String host;

  /**
   * @param host the host other servers reach this session at
   */
  public InternalPort(
      SessionServerConfig config,
      Executor internalRpc,
      Executor callbacks,
      InProcessRoutes routes,
      String host,
      PushScheduler pushes,
      SlotSyncResponder syncs,
      MetaHeartbeater heartbeater,
      SwitchEffects effects,
      SessionDirectory directory) {
    this.config = config;
    this.routes = routes;
    this.host = host;
    port = new RpcServer("session-internal", config.bindHost(), config.internalPort(), callbacks);
    port.register(DataChangeNotice.class, internalRpc, new DataChangeNoticeHandler(pushes));
    port.register(SlotDigestRequest.class, internalRpc, (request, peer) -> syncs.digest(request));
    port.register(
        SlotPublisherDiffRequest.class, internalRpc, (request, peer) -> syncs.publishers(request));
    port.register(
        SwitchesNotice.class,
        internalRpc,
        new SwitchesNoticeHandler(heartbeater, effects::heldVersion, effects::update));
    port.register(
        LeavingNotice.class, internalRpc, new LeavingNoticeHandler(heartbeater, directory));
  }

  @Override
  public void start() {
    port.start();
    routes.bind(address(), port);
  }

  public int port() {
    return port.port();
  }

  /**
   * {@code host:port}, the session's identity among servers: what meta lists and what renews carry,
   * so data servers call it there (the advertised internal port if one is set).
   */
  public String address() {
    return host + ":" + config.advertisedInternalPort(port.port());
  }

  @Override
  public void close() {
    if (port.isStarted()) {
      routes.unbind(address(), port);
    }
    port.close();
  }
}
