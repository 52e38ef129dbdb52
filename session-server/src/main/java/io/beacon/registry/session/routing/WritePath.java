package io.beacon.registry.session.routing;

import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.rpc.RpcClient;
import io.beacon.registry.common.slot.SlotTable;
import io.beacon.registry.common.slot.SlotTableHolder;
import io.beacon.registry.session.registration.SessionRegistry;
import io.beacon.registry.session.settings.SessionServerConfig;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The session's write path (DESIGN.md §4), assembled: accepted registrations are queued per slot
 * and delivered to the slot's leader by the {@link DataWriter}; when a new table moves a slot's
 * leader, {@link LeaderChangeResend} sends the new leader what this session holds for it. Immutable
 * once built.
 */
public record WritePath(DataWriter writer, LeaderChangeResend resend) {

  public static WritePath create(
      SessionServerConfig config,
      SessionRegistry registry,
      SlotTableHolder tables,
      RpcClient dataClient,
      ProcessId processId,
      ScheduledExecutorService scheduler) {
    DataWriter writer =
        new DataWriter(
            registry.slotFunction(),
            tables,
            dataClient,
            processId,
            config.dataRpcTimeout(),
            config.retryBackoff(),
            config.maxWriteBatch(),
            scheduler,
            tables::requestRefresh);
    return new WritePath(writer, new LeaderChangeResend(registry, writer, registry.slotFunction()));
  }

  /**
   * A new slot table: resend to leaders that changed, then send the writes that waited in backoff
   * for a leader at once. Called in table order, off the heartbeat's thread.
   */
  public void onTable(SlotTable table) {
    resend.onTable(table);
    writer.onTableChanged();
  }
}
