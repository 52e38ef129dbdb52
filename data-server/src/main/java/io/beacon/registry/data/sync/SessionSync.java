package io.beacon.registry.data.sync;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.data.change.ChangeNotifier;
import io.beacon.registry.data.slot.SlotAccess;
import io.beacon.registry.data.store.DatumStore;
import java.util.concurrent.CompletableFuture;

/**
 * Starts session to leader passes: this node, leading a slot, pulls what a session process owns
 * there ({@link SessionSlotScope}) through the {@link SlotDiffSyncer}. Stateless; called from the
 * renew handler on {@code data-rpc}, the pass itself runs on the sync executor.
 */
public final class SessionSync {

  private final DatumStore store;
  private final SlotAccess access;
  private final ChangeNotifier notifier;
  private final SlotDiffSyncer syncer;

  public SessionSync(
      DatumStore store, SlotAccess access, ChangeNotifier notifier, SlotDiffSyncer syncer) {
    this.store = store;
    this.access = access;
    this.notifier = notifier;
    this.syncer = syncer;
  }

  /**
   * Queues a pass of {@code slotId} (led here under {@code leaderEpoch}) against {@code session},
   * unless one is already in flight or queued. Completes with the outcome, never exceptionally: a
   * caller with no use for the outcome may ignore it.
   */
  @CanIgnoreReturnValue
  public CompletableFuture<SyncOutcome> schedule(int slotId, long leaderEpoch, SyncPeer session) {
    SessionSlotScope scope =
        new SessionSlotScope(store, access, notifier, slotId, leaderEpoch, session.processId());
    return syncer.schedule(new SyncPass(slotId, access.tableEpoch(), leaderEpoch, session, scope));
  }

  /** Whether a pass of {@code slotId} against {@code session} is in flight or queued. */
  public boolean isScheduled(int slotId, ProcessId session) {
    return syncer.isScheduled(slotId, session);
  }
}
