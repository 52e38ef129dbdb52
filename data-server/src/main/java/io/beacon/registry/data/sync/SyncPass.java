package io.beacon.registry.data.sync;

import java.util.Objects;

/**
 * One sync pass to run: which slot, under which epochs, against which responder, with the
 * requester's scope. Immutable.
 *
 * @param slotId the slot
 * @param tableEpoch the requester's table epoch, sent in every request
 * @param leaderEpoch the slot's leader epoch the pass is entitled under, sent in every request
 * @param peer the responder
 * @param scope the requester's side
 */
public record SyncPass(
    int slotId, long tableEpoch, long leaderEpoch, SyncPeer peer, SyncScope scope) {

  public SyncPass {
    Objects.requireNonNull(peer, "peer");
    Objects.requireNonNull(scope, "scope");
  }
}
