package io.beacon.registry.data.slot;

import io.beacon.registry.common.protocol.Status;
import io.beacon.registry.common.slot.Slot;
import io.beacon.registry.common.slot.SlotTable;
import io.beacon.registry.common.slot.SlotTableHolder;
import java.util.function.Supplier;

/**
 * Decides whether a request may read or write a slot here, against the slot table this node holds:
 * {@code NOT_LEADER} while no table is assigned or another node leads the slot, {@code STALE_EPOCH}
 * when the caller's leader epoch differs from ours, {@code OK} otherwise; reads ({@link
 * #checkRead}) also get {@code MIGRATING} while the slot is led here but not yet migrated in from
 * every session ({@link SlotMigrations}). Writes and sync passes are admitted during a migration:
 * they only add what is newer, while a read would hand out a partial datum. A caller that knows a
 * newer table than ours makes us refresh at once ({@code onNewerTable}) rather than at the next
 * heartbeat. Stateless apart from the holder's volatile table and the migrations; thread-safe.
 */
public final class SlotAccess {

  private final SlotTableHolder tables;
  private final Supplier<String> localAddress;
  private final Runnable onNewerTable;
  private final SlotMigrations migrations;

  /** Access without migrations: every led slot is readable at once. */
  public SlotAccess(SlotTableHolder tables, Supplier<String> localAddress, Runnable onNewerTable) {
    this(tables, localAddress, onNewerTable, null);
  }

  /**
   * @param tables the table this node holds
   * @param localAddress this node's internal address (known once its RPC port is bound)
   * @param onNewerTable called when a request carries a newer table epoch than ours
   * @param migrations the slots led here that reads must wait for; null if reads never wait
   */
  public SlotAccess(
      SlotTableHolder tables,
      Supplier<String> localAddress,
      Runnable onNewerTable,
      SlotMigrations migrations) {
    this.tables = tables;
    this.localAddress = localAddress;
    this.onNewerTable = onNewerTable;
    this.migrations = migrations;
  }

  /** The epoch of the table this node holds, for responses. */
  public long tableEpoch() {
    return tables.current().epoch();
  }

  /** The status of a request for {@code slotId} sent with the caller's epochs. */
  public Status check(int slotId, long tableEpoch, long leaderEpoch) {
    observeCallerTable(tableEpoch);
    return check(slotId, leaderEpoch);
  }

  /**
   * The status of a read of {@code slotId} (a fetch, a version query, a follower's sync round) sent
   * with the caller's epochs: {@link #check(int, long, long)}, then {@code MIGRATING} while the
   * slot's migration under that leader epoch has not ended.
   */
  public Status checkRead(int slotId, long tableEpoch, long leaderEpoch) {
    Status status = check(slotId, tableEpoch, leaderEpoch);
    if (status == Status.OK && migrations != null && migrations.isMigrating(slotId, leaderEpoch)) {
      return Status.MIGRATING;
    }
    return status;
  }

  /** Refreshes our table at once if a caller knows a newer epoch than ours. */
  public void observeCallerTable(long tableEpoch) {
    if (tableEpoch > tables.current().epoch()) {
      onNewerTable.run();
    }
  }

  /**
   * Whether this node leads {@code slotId} under {@code leaderEpoch}: the check of a request that
   * already observed the caller's table epoch, and of this node's own work on a slot (a sync pass,
   * an expiry) started under that leader epoch.
   */
  public Status check(int slotId, long leaderEpoch) {
    SlotTable table = tables.current();
    if (!table.isAssigned()) {
      return Status.NOT_LEADER;
    }
    Slot slot = table.slot(slotId);
    if (!localAddress.get().equals(slot.leader())) {
      return Status.NOT_LEADER;
    }
    return leaderEpoch == slot.leaderEpoch() ? Status.OK : Status.STALE_EPOCH;
  }

  /**
   * Whether this node follows {@code slotId} under {@code leaderEpoch}: the check of a follower's
   * replication pass started under that leader epoch. {@code NOT_LEADER} stands for "not a
   * follower" (no table, or this node is not among the slot's followers).
   */
  public Status checkFollower(int slotId, long leaderEpoch) {
    SlotTable table = tables.current();
    if (!table.isAssigned()) {
      return Status.NOT_LEADER;
    }
    Slot slot = table.slot(slotId);
    if (!slot.followers().contains(localAddress.get())) {
      return Status.NOT_LEADER;
    }
    return leaderEpoch == slot.leaderEpoch() ? Status.OK : Status.STALE_EPOCH;
  }

  /** A human reason for a non-OK {@code status} of {@code slotId}, for response messages. */
  public String describe(Status status, int slotId) {
    SlotTable table = tables.current();
    return switch (status) {
      case OK -> null;
      case NOT_LEADER ->
          table.isAssigned()
              ? "slot " + slotId + " is led by " + table.slot(slotId).leader()
              : "no slot table assigned yet";
      case STALE_EPOCH -> "slot " + slotId + " has leaderEpoch " + table.slot(slotId).leaderEpoch();
      case MIGRATING -> "slot " + slotId + " is migrating in from the sessions";
      default -> status.name();
    };
  }
}
