package io.beacon.registry.meta.slot;

import io.beacon.registry.common.slot.SlotTable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The newest slot table any session or data server has reported in a heartbeat. A meta server that
 * becomes leader adopts it (after its warm-up) instead of handing out an older table: meta keeps no
 * table in the database, only the highest epoch, so the nodes are where the current table lives.
 * Lock-free: heartbeats offer concurrently, the meta loop reads.
 */
public final class LearnedTables {

  private final AtomicReference<SlotTable> newest = new AtomicReference<>();

  /** Keeps {@code table} if it is newer than every table offered before. */
  public void offer(SlotTable table) {
    if (table == null || !table.isAssigned()) {
      return;
    }
    newest.accumulateAndGet(
        table,
        (current, offered) ->
            current == null || offered.epoch() > current.epoch() ? offered : current);
  }

  /** The newest table reported, or null. */
  public SlotTable newest() {
    return newest.get();
  }
}
