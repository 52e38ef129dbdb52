package io.beacon.registry.common.protocol;

import java.util.List;

/**
 * The data leader's answer to a renew: the lease is renewed ({@link Status#OK}); slots whose
 * checksums differ are repaired by a sync the leader starts itself; slots it refused (not led here,
 * other leader epoch) tell the session to refresh its table.
 */
public record SessionRenewResponse(
    Status status, long tableEpoch, List<Integer> mismatchedSlots, List<Integer> refusedSlots) {

  public SessionRenewResponse {
    mismatchedSlots = mismatchedSlots == null ? List.of() : List.copyOf(mismatchedSlots);
    refusedSlots = refusedSlots == null ? List.of() : List.copyOf(refusedSlots);
  }
}
