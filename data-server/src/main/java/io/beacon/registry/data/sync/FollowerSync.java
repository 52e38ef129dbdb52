package io.beacon.registry.data.sync;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.slot.Slot;
import io.beacon.registry.common.slot.SlotTable;
import io.beacon.registry.common.slot.SlotTableHolder;
import io.beacon.registry.data.slot.SlotAccess;
import io.beacon.registry.data.store.DatumStore;
import io.beacon.registry.data.sync.SyncOutcome.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Leader to follower replication: on every {@link #tick}, one pass per slot this node follows
 * against the slot's leader ({@link FollowerSlotScope} through a {@link SlotDiffSyncer}), and the
 * caught-up report: a followed slot is synced when its last pass under the slot's current leader
 * epoch ended with an empty digest diff ({@link Result#EQUAL}).
 *
 * <p>State: {@code lastPasses} (slot id to the leader epoch and result of its last finished pass),
 * a concurrent map written by pass completions (RPC callback or sync threads) and pruned by {@link
 * #tick} (on the scheduler); {@link #syncedSlots} reads it against the current table. The leader's
 * process is resolved from its address through {@code processOf} (meta's list of data servers); a
 * slot whose leader is not known yet is skipped until the next tick.
 */
public final class FollowerSync {

  private final DatumStore store;
  private final SlotAccess access;
  private final SlotDiffSyncer syncer;
  private final SlotTableHolder tables;
  private final Supplier<String> localAddress;
  private final Function<String, ProcessId> processOf;
  private final Map<Integer, LastPass> lastPasses = new ConcurrentHashMap<>();

  /**
   * @param syncer the syncer of follower passes (its own, so that leader answers renew no lease)
   * @param processOf the process of a data server at an address, or null if unknown
   */
  public FollowerSync(
      DatumStore store,
      SlotAccess access,
      SlotDiffSyncer syncer,
      SlotTableHolder tables,
      Supplier<String> localAddress,
      Function<String, ProcessId> processOf) {
    this.store = store;
    this.access = access;
    this.syncer = syncer;
    this.tables = tables;
    this.localAddress = localAddress;
    this.processOf = processOf;
  }

  /**
   * Starts a pass for every slot followed here (one already in flight is not doubled); completes
   * when they all ended, never exceptionally (a pass ends with an outcome), so the periodic caller
   * ignores it; tests wait on it.
   */
  @CanIgnoreReturnValue
  public CompletableFuture<Void> tick() {
    SlotTable table = tables.current();
    if (!table.isAssigned()) {
      return CompletableFuture.completedFuture(null);
    }
    List<Integer> followed = new ArrayList<>(table.slotsFollowedBy(localAddress.get()));
    lastPasses.keySet().retainAll(followed);
    List<CompletableFuture<SyncOutcome>> passes = new ArrayList<>();
    for (int slotId : followed) {
      Slot slot = table.slot(slotId);
      ProcessId leader = slot.hasLeader() ? processOf.apply(slot.leader()) : null;
      if (leader != null) {
        passes.add(schedule(table.epoch(), slot, new SyncPeer(leader, slot.leader())));
      }
    }
    return CompletableFuture.allOf(passes.toArray(CompletableFuture[]::new));
  }

  /** The followed slots whose last pass under the current leader epoch found nothing to repair. */
  public List<Integer> syncedSlots() {
    SlotTable table = tables.current();
    if (!table.isAssigned()) {
      return List.of();
    }
    List<Integer> synced = new ArrayList<>();
    for (int slotId : table.slotsFollowedBy(localAddress.get())) {
      LastPass last = lastPasses.get(slotId);
      if (last != null && last.equal() && last.leaderEpoch() == table.slot(slotId).leaderEpoch()) {
        synced.add(slotId);
      }
    }
    synced.sort(null);
    return synced;
  }

  private CompletableFuture<SyncOutcome> schedule(long tableEpoch, Slot slot, SyncPeer leader) {
    int slotId = slot.id();
    long leaderEpoch = slot.leaderEpoch();
    FollowerSlotScope scope = new FollowerSlotScope(store, access, slotId, leaderEpoch);
    return syncer
        .schedule(new SyncPass(slotId, tableEpoch, leaderEpoch, leader, scope))
        .whenComplete((outcome, error) -> record(slotId, leaderEpoch, outcome));
  }

  private void record(int slotId, long leaderEpoch, SyncOutcome outcome) {
    if (outcome == null || outcome.result() == Result.ALREADY_SCHEDULED) {
      return;
    }
    LastPass pass = new LastPass(leaderEpoch, outcome.result() == Result.EQUAL);
    // A pass of an older leader epoch finishing late never overwrites a newer one's result.
    lastPasses.merge(
        slotId, pass, (held, next) -> next.leaderEpoch() >= held.leaderEpoch() ? next : held);
  }

  /** The leader epoch a pass ran under and whether it ended with an empty digest diff. */
  private record LastPass(long leaderEpoch, boolean equal) {}
}
