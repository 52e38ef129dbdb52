package io.beacon.registry.session.routing;

import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.common.protocol.PublisherPut;
import io.beacon.registry.common.slot.Slot;
import io.beacon.registry.common.slot.SlotFunction;
import io.beacon.registry.common.slot.SlotTable;
import io.beacon.registry.session.registration.SessionRegistry;
import java.util.BitSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a slot gets a new leader or leader epoch (failover, a restarted data server), the new leader
 * may not hold this session's publishers of that slot: they are queued to it again. Puts are
 * idempotent on the data server (an equal version changes nothing), so a resend never hurts.
 *
 * <p>This is the session's half of healing a leader change; the data leader's digest sync repairs
 * whatever a resend misses. State ({@code previous}) is confined to the caller, which must call
 * {@link #onTable} from one thread at a time.
 */
public final class LeaderChangeResend {

  private static final Logger log = LoggerFactory.getLogger(LeaderChangeResend.class);

  private final SessionRegistry registry;
  private final DataWriter writer;
  private final SlotFunction slotFunction;
  private SlotTable previous;

  public LeaderChangeResend(
      SessionRegistry registry, DataWriter writer, SlotFunction slotFunction) {
    this.registry = registry;
    this.writer = writer;
    this.slotFunction = slotFunction;
  }

  /** Resends the publishers of every slot whose leader changed since the last table. */
  public void onTable(SlotTable table) {
    SlotTable before = previous;
    previous = table;
    if (before == null || !before.isAssigned()) {
      return; // writes made before the first table are still queued
    }
    BitSet changed = new BitSet(table.slotCount());
    for (Slot slot : table.slots()) {
      Slot old = before.slot(slot.id());
      if (slot.leader() != null
          && (!slot.leader().equals(old.leader()) || slot.leaderEpoch() != old.leaderEpoch())) {
        changed.set(slot.id());
      }
    }
    if (changed.isEmpty()) {
      return;
    }
    int resent = 0;
    for (Publisher publisher : registry.publishers()) {
      if (changed.get(slotFunction.slotOf(publisher.dataInfoId()))) {
        writer.submit(new PublisherPut(publisher));
        resent++;
      }
    }
    log.info(
        "slot leaders changed, publishers resent epoch={} slots={} publishers={}",
        table.epoch(),
        changed.cardinality(),
        resent);
  }
}
