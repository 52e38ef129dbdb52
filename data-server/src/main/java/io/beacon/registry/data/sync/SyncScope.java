package io.beacon.registry.data.sync;

import io.beacon.registry.common.digest.PublisherDiff;
import io.beacon.registry.common.digest.PublisherSummary;
import io.beacon.registry.common.digest.SlotDigest;
import io.beacon.registry.common.protocol.Status;
import io.beacon.registry.data.store.SlotRead;
import java.util.List;

/**
 * The requester's side of a sync pass: what it holds of the publishers being compared, and how it
 * applies what the responder sends. The role decides the scope (a leader compares what one session
 * owns; a follower compares the whole slot) and the guards of the applied writes.
 *
 * <p>Every method takes the slot's lock for one bounded step and re-checks there that the requester
 * may still act on the slot under the pass's leader epoch; a non-OK status aborts the pass. Called
 * on the sync executor, one step of a pass at a time.
 */
public interface SyncScope {

  /** The requester's digest of the compared publishers. */
  SlotRead<SlotDigest> digest();

  /** One summary per dataInfoId, in order (empty where nothing is held). */
  SlotRead<List<PublisherSummary>> summaries(List<String> dataInfoIds);

  /** Applies one round of differences through the store's guarded write path. */
  Status apply(PublisherDiff diff);
}
