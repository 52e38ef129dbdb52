package io.beacon.registry.data.sync;

import io.beacon.registry.common.digest.PublisherDiff;
import io.beacon.registry.common.digest.PublisherSummary;
import io.beacon.registry.common.digest.RemovedPublisher;
import io.beacon.registry.common.digest.SlotDigest;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.common.protocol.PublisherPut;
import io.beacon.registry.common.protocol.PublisherRemoval;
import io.beacon.registry.common.protocol.PublisherWrite;
import io.beacon.registry.common.protocol.Status;
import io.beacon.registry.data.change.ChangeNotifier;
import io.beacon.registry.data.slot.SlotAccess;
import io.beacon.registry.data.store.DatumStore;
import io.beacon.registry.data.store.SlotRead;
import io.beacon.registry.data.store.SlotStore;
import io.beacon.registry.data.store.WriteResult;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The slot leader's side of a session to leader pass: the publishers of one slot owned by one
 * session process, which is the truth for them.
 *
 * <p>Applying a round goes through {@link SlotStore#write} like a session's batch: puts are stored
 * only if newer (so a write that landed during the pass is never undone by an older copy), and
 * removals become {@code PublisherRemoval(dataInfoId, registerId, summarized version, session)},
 * applied only if still owned by that session and not newer, leaving tombstones. Datums whose
 * version grew are handed to the {@link ChangeNotifier}. A put of another owner or of another slot
 * is dropped (the responder speaks only for its own publishers of this slot).
 *
 * <p>Every step checks under the slot's lock that this node still leads the slot under the pass's
 * leader epoch. Immutable; called on the sync executor.
 */
public final class SessionSlotScope implements SyncScope {

  private static final Logger log = LoggerFactory.getLogger(SessionSlotScope.class);

  private final DatumStore store;
  private final SlotAccess access;
  private final ChangeNotifier notifier;
  private final int slotId;
  private final long leaderEpoch;
  private final ProcessId session;

  public SessionSlotScope(
      DatumStore store,
      SlotAccess access,
      ChangeNotifier notifier,
      int slotId,
      long leaderEpoch,
      ProcessId session) {
    this.store = store;
    this.access = access;
    this.notifier = notifier;
    this.slotId = slotId;
    this.leaderEpoch = leaderEpoch;
    this.session = session;
  }

  @Override
  public SlotRead<SlotDigest> digest() {
    return store.slot(slotId).ownedDigest(this::entitled, leaderEpoch, session);
  }

  @Override
  public SlotRead<List<PublisherSummary>> summaries(List<String> dataInfoIds) {
    return store.slot(slotId).ownedSummaries(this::entitled, leaderEpoch, session, dataInfoIds);
  }

  @Override
  public Status apply(PublisherDiff diff) {
    List<PublisherWrite> writes = new ArrayList<>(diff.size());
    for (Publisher publisher : diff.updated()) {
      if (session.equals(publisher.sessionProcessId())
          && store.slotOf(publisher.dataInfoId()) == slotId) {
        writes.add(new PublisherPut(publisher));
      } else {
        log.debug(
            "sync put dropped slot={} session={} dataInfoId={} registerId={} owner={}",
            slotId,
            session,
            publisher.dataInfoId(),
            publisher.registerId(),
            publisher.sessionProcessId());
      }
    }
    for (RemovedPublisher removed : diff.removed()) {
      if (store.slotOf(removed.dataInfoId()) == slotId) {
        writes.add(PublisherRemoval.of(removed, session));
      }
    }
    if (writes.isEmpty()) {
      return access.check(slotId, leaderEpoch);
    }
    WriteResult result =
        store.slot(slotId).write(this::entitled, leaderEpoch, writes, store.nowMillis());
    if (result.status() == Status.OK) {
      notifier.onChange(result.changedVersions());
    }
    return result.status();
  }

  private Status entitled() {
    return access.check(slotId, leaderEpoch);
  }
}
