package io.beacon.registry.data.sync;

import io.beacon.registry.common.digest.PublisherDiff;
import io.beacon.registry.common.digest.PublisherSummary;
import io.beacon.registry.common.digest.RemovedPublisher;
import io.beacon.registry.common.digest.SlotDigest;
import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.common.protocol.Status;
import io.beacon.registry.data.slot.SlotAccess;
import io.beacon.registry.data.store.DatumStore;
import io.beacon.registry.data.store.SlotRead;
import io.beacon.registry.data.store.SlotStore.Role;
import java.util.ArrayList;
import java.util.List;

/**
 * A follower's side of a leader to follower pass: its whole copy of one slot (every owner), which
 * the leader's copy is the truth for. Rounds are applied through {@link
 * io.beacon.registry.data.store.SlotStore#replicate}: puts only if newer, removals guarded by
 * version only (whoever owns the stored publisher), leaving tombstones. Followers notify no session
 * (sessions read from leaders). A publisher of another slot is dropped.
 *
 * <p>Every step checks under the slot's lock that this node still follows the slot under the pass's
 * leader epoch. Immutable; called on the sync executor.
 */
public final class FollowerSlotScope implements SyncScope {

  private final DatumStore store;
  private final SlotAccess access;
  private final int slotId;
  private final long leaderEpoch;

  public FollowerSlotScope(DatumStore store, SlotAccess access, int slotId, long leaderEpoch) {
    this.store = store;
    this.access = access;
    this.slotId = slotId;
    this.leaderEpoch = leaderEpoch;
  }

  @Override
  public SlotRead<SlotDigest> digest() {
    return store.slot(slotId).wholeDigest(this::entitled, leaderEpoch, Role.FOLLOWER);
  }

  @Override
  public SlotRead<List<PublisherSummary>> summaries(List<String> dataInfoIds) {
    return store
        .slot(slotId)
        .wholeSummaries(this::entitled, leaderEpoch, Role.FOLLOWER, dataInfoIds);
  }

  @Override
  public Status apply(PublisherDiff diff) {
    List<Publisher> puts = new ArrayList<>(diff.updated().size());
    for (Publisher publisher : diff.updated()) {
      if (store.slotOf(publisher.dataInfoId()) == slotId) {
        puts.add(publisher);
      }
    }
    List<RemovedPublisher> removals = new ArrayList<>(diff.removed().size());
    for (RemovedPublisher removed : diff.removed()) {
      if (store.slotOf(removed.dataInfoId()) == slotId) {
        removals.add(removed);
      }
    }
    return store
        .slot(slotId)
        .replicate(this::entitled, leaderEpoch, puts, removals, store.nowMillis())
        .status();
  }

  private Status entitled() {
    return access.checkFollower(slotId, leaderEpoch);
  }
}
