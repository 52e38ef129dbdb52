package io.beacon.registry.session;

import io.beacon.registry.common.colocation.Colocation;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.rpc.RpcClient;
import io.beacon.registry.common.slot.SlotTableHolder;
import io.beacon.registry.session.connection.ClientConnections;
import io.beacon.registry.session.push.PushPath;
import io.beacon.registry.session.registration.HandedOverPublishers;
import io.beacon.registry.session.registration.SessionRegistry;
import io.beacon.registry.session.renew.Renewal;
import io.beacon.registry.session.routing.WritePath;
import io.beacon.registry.session.rpc.ClientPort;
import io.beacon.registry.session.settings.SessionServerConfig;
import io.beacon.registry.session.switches.SessionSwitches;
import io.beacon.registry.session.trace.PushTracer;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.function.Supplier;

/**
 * What serves the clients, assembled for {@link SessionServer}: the client port, the writes it
 * routes to the data leaders ({@link WritePath}), the pushes it fetches from them ({@link
 * PushPath}) and the renewals of what its clients registered ({@link Renewal}), all over one data
 * client. Writes and pushes follow each new slot table on {@code session-table}, one table at a
 * time. Immutable once built; the root starts and closes its parts.
 */
record ClientPlane(
    RpcClient dataClient,
    PushTracer tracer,
    WritePath write,
    PushPath push,
    ClientPort port,
    Renewal renewal) {

  static ClientPlane create(
      SessionServerConfig config,
      SessionExecutors executors,
      Colocation colocation,
      InstantSource clock,
      MeterRegistry meters,
      SessionRegistry registry,
      SlotTableHolder tables,
      SessionSwitches switches,
      ProcessId processId,
      Supplier<String> address) {
    ClientConnections connections = new ClientConnections();
    HandedOverPublishers handedOver = new HandedOverPublishers(registry.slotFunction());
    PushTracer tracer = new PushTracer(meters, clock, System::nanoTime, registry::hasSubscribers);
    // The overrides apply to data servers only: meta addresses are never keys.
    RpcClient dataClient =
        new RpcClient(
            1,
            Duration.ofSeconds(1),
            executors.callbacks(),
            config::dialAddressOf,
            colocation.routes());
    WritePath write =
        WritePath.create(config, registry, tables, dataClient, processId, executors.scheduler());
    PushPath push =
        PushPath.create(
            config,
            registry,
            tables,
            dataClient,
            connections,
            executors.scheduler(),
            switches,
            tracer);
    // Off the heartbeat's callback thread, one table at a time.
    tables.addListener(
        executors.table(),
        table -> {
          write.onTable(table);
          push.scheduler().onTableChanged();
        });
    ClientPort port =
        new ClientPort(
            config,
            executors.clientRpc(),
            executors.callbacks(),
            executors.switches(),
            processId,
            clock,
            registry,
            connections,
            write,
            push,
            switches,
            tracer,
            handedOver);
    Renewal renewal =
        Renewal.create(
            registry, handedOver, tables, dataClient, processId, address, config.dataRpcTimeout());
    return new ClientPlane(dataClient, tracer, write, push, port, renewal);
  }
}
