package io.beacon.registry.common.protocol;

import io.beacon.registry.common.digest.RemovedPublisher;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.model.RegisterVersion;

/**
 * Remove the publisher {@code registerId} of {@code dataInfoId}, but only if the stored one is
 * owned by {@code sessionProcessId} and is not newer than {@code version}: a removal never deletes
 * a newer write, nor one a client made through another session.
 */
public record PublisherRemoval(
    String dataInfoId, String registerId, RegisterVersion version, ProcessId sessionProcessId)
    implements PublisherWrite {

  /**
   * The removal of a publisher a diff found the responder does not hold, guarded by the version the
   * requester summarized: applied only if the stored one is still owned by {@code sessionProcessId}
   * and not newer.
   */
  public static PublisherRemoval of(RemovedPublisher removed, ProcessId sessionProcessId) {
    return new PublisherRemoval(
        removed.dataInfoId(), removed.registerId(), removed.version(), sessionProcessId);
  }
}
