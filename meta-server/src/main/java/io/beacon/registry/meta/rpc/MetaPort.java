package io.beacon.registry.meta.rpc;

import io.beacon.registry.common.lifecycle.Startable;
import io.beacon.registry.common.model.NodeInfo;
import io.beacon.registry.common.protocol.HeartbeatRequest;
import io.beacon.registry.common.protocol.RegistrySwitches;
import io.beacon.registry.common.rpc.RpcServer;
import io.beacon.registry.common.slot.SlotTableHolder;
import io.beacon.registry.meta.leader.LeaderStatus;
import io.beacon.registry.meta.loop.MetaLoop;
import io.beacon.registry.meta.membership.NodeLeases;
import io.beacon.registry.meta.settings.MetaServerConfig;
import io.beacon.registry.meta.slot.LearnedTables;
import io.beacon.registry.meta.slot.SlotReports;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The meta server's Bolt port (9610): the heartbeats of session and data servers and of meta
 * followers ({@link HeartbeatHandler}), handled on {@code rpcExecutor}. A data server that joins or
 * restarts or starts to leave asks the {@link MetaLoop} for a round; a session that starts to leave
 * is handed to {@code sessionLeaving} (the other sessions are told at once).
 */
public final class MetaPort implements Startable {

  private final RpcServer port;

  public MetaPort(
      MetaServerConfig config,
      Executor rpcExecutor,
      InstantSource clock,
      NodeLeases leases,
      SlotTableHolder tables,
      LeaderStatus leader,
      LearnedTables learned,
      SlotReports reports,
      Supplier<RegistrySwitches> switches,
      BooleanSupplier handingOutTables,
      MetaLoop loop,
      Supplier<List<NodeInfo>> metas,
      Consumer<NodeInfo> sessionLeaving) {
    port = new RpcServer("meta", config.bindHost(), config.rpcPort(), rpcExecutor);
    port.register(
        HeartbeatRequest.class,
        rpcExecutor,
        new HeartbeatHandler(
            leases,
            tables,
            leader,
            clock,
            loop::membershipChanged,
            learned,
            reports,
            switches,
            handingOutTables,
            loop::dataServerRestarted,
            metas,
            config.embeddedDatabase(),
            sessionLeaving));
  }

  @Override
  public void start() {
    port.start();
  }

  public int port() {
    return port.port();
  }

  public boolean isStarted() {
    return port.isStarted();
  }

  @Override
  public void close() {
    port.close();
  }
}
