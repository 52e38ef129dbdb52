package io.beacon.registry.data.lease;

import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.protocol.Status;
import io.beacon.registry.common.slot.SlotTable;
import io.beacon.registry.common.slot.SlotTableHolder;
import io.beacon.registry.data.change.ChangeNotifier;
import io.beacon.registry.data.slot.SlotAccess;
import io.beacon.registry.data.store.DatumStore;
import io.beacon.registry.data.store.ExpiryResult;
import io.beacon.registry.data.store.SlotStore;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes orphans: in every slot this node leads, the publishers of session processes that are no
 * longer alive ({@link SessionLeases#isAlive}: neither seen within the lease nor listed by meta).
 *
 * <p>Each removal is owner-guarded at the stored version, under the slot's lock and only while this
 * node still leads the slot under the leader epoch of the table the tick read, so a client that
 * re-registered through another session (a newer version, another owner) is never touched. Removals
 * bump datum versions, leave tombstones and notify sessions like a session's own removals.
 *
 * <p>Stateless apart from {@link SessionLeases}; {@link #tick} runs on {@code data-scheduler}.
 */
public final class LeaseExpiry {

  private static final Logger log = LoggerFactory.getLogger(LeaseExpiry.class);

  private final DatumStore store;
  private final SlotTableHolder tables;
  private final SlotAccess access;
  private final Supplier<String> localAddress;
  private final SessionLeases leases;
  private final Supplier<Set<ProcessId>> listedSessions;
  private final ChangeNotifier notifier;

  /**
   * @param listedSessions the process ids of the sessions meta listed in its last heartbeat answer
   */
  public LeaseExpiry(
      DatumStore store,
      SlotTableHolder tables,
      SlotAccess access,
      Supplier<String> localAddress,
      SessionLeases leases,
      Supplier<Set<ProcessId>> listedSessions,
      ChangeNotifier notifier) {
    this.store = store;
    this.tables = tables;
    this.access = access;
    this.localAddress = localAddress;
    this.leases = leases;
    this.listedSessions = listedSessions;
    this.notifier = notifier;
  }

  /** Removes the orphans of the slots led here; returns how many publishers were removed. */
  public int tick(Instant now) {
    SlotTable table = tables.current();
    if (!table.isAssigned()) {
      return 0;
    }
    Set<ProcessId> listed = listedSessions.get();
    Map<ProcessId, Tally> expired = new LinkedHashMap<>();
    for (int slotId : table.slotsLedBy(localAddress.get())) {
      long leaderEpoch = table.slot(slotId).leaderEpoch();
      SlotStore slot = store.slot(slotId);
      for (ProcessId owner : slot.owners()) {
        if (leases.isAlive(owner, listed, now)) {
          continue;
        }
        ExpiryResult result =
            slot.expire(
                () -> access.check(slotId, leaderEpoch), leaderEpoch, owner, now.toEpochMilli());
        if (result.status() == Status.OK && result.removedPublishers() > 0) {
          notifier.onChange(result.changedVersions());
          expired.computeIfAbsent(owner, o -> new Tally()).add(result.removedPublishers());
        }
      }
    }
    int total = 0;
    for (Map.Entry<ProcessId, Tally> entry : expired.entrySet()) {
      Tally tally = entry.getValue();
      total += tally.publishers;
      log.info(
          "session lease expired, orphans removed sessionProcessId={} publishers={} slots={}"
              + " lastSeen={} lease={}",
          entry.getKey(),
          tally.publishers,
          tally.slots,
          leases.lastSeen(entry.getKey()).map(Instant::toString).orElse("never"),
          leases.lease());
    }
    return total;
  }

  /** What one tick removed of one owner. Confined to the tick. */
  private static final class Tally {
    private int publishers;
    private int slots;

    void add(int removed) {
      publishers += removed;
      slots++;
    }
  }
}
