package io.beacon.registry.session.push;

import io.beacon.registry.common.retry.Backoff;
import io.beacon.registry.common.rpc.RpcClient;
import io.beacon.registry.common.slot.SlotFunction;
import io.beacon.registry.common.slot.SlotTableHolder;
import io.beacon.registry.session.connection.ClientConnections;
import io.beacon.registry.session.registration.SessionRegistry;
import io.beacon.registry.session.routing.DatumFetcher;
import io.beacon.registry.session.settings.SessionServerConfig;
import io.beacon.registry.session.switches.SessionSwitches;
import io.beacon.registry.session.trace.PushTracer;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The session's push path (DESIGN.md §6), assembled: a change notice or a new subscriber makes the
 * {@link PushScheduler} fetch the datum from its slot leader ({@link DatumFetcher}) and hand it to
 * the {@link PushSender}, which pushes it over each subscriber's own connection; the {@link
 * PushAntiEntropy} scan re-pushes what a lost notice left behind. Configurators get the provide
 * data of their key from {@link ConfigPushes}. Stop-push and gray-open, as the switches say now,
 * gate the sender, the scan and the config pushes. Immutable once built.
 */
public record PushPath(
    PushScheduler scheduler, PushSender sender, PushAntiEntropy antiEntropy, ConfigPushes configs) {

  public static PushPath create(
      SessionServerConfig config,
      SessionRegistry registry,
      SlotTableHolder tables,
      RpcClient dataClient,
      ClientConnections connections,
      ScheduledExecutorService executor,
      SessionSwitches switches,
      PushTracer tracer) {
    SlotFunction slots = registry.slotFunction();
    Backoff backoff = config.retryBackoff();
    DatumFetcher fetcher =
        new DatumFetcher(
            slots, tables, dataClient, config.dataRpcTimeout(), tables::requestRefresh);
    PushSender sender =
        new PushSender(
            connections,
            new ReceivedDataFactory(config.dataCenter()),
            config.pushTimeout(),
            config.pushRetries(),
            backoff,
            config.pushLimits(),
            executor,
            ip -> switches.current().allowsPushTo(ip),
            tracer);
    PushScheduler scheduler =
        new PushScheduler(registry, fetcher, sender, backoff, executor, tracer);
    PushAntiEntropy antiEntropy =
        new PushAntiEntropy(
            scheduler,
            tables,
            slots,
            dataClient,
            config.dataRpcTimeout(),
            () -> switches.current().stopPush());
    ConfigPushes configs =
        new ConfigPushes(
            registry, connections, switches::current, config.pushTimeout(), backoff, executor);
    return new PushPath(scheduler, sender, antiEntropy, configs);
  }
}
