package io.beacon.registry.common.digest;

import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.model.RegisterVersion;
import io.beacon.registry.common.protocol.PublisherRemoval;
import java.util.Objects;

/**
 * A publisher the requester summarized that the responder does not hold. {@code version} is the
 * version from the requester's own summary, echoed back so the removal is guarded by exactly what
 * was compared: if the requester has stored a newer version since, the removal must not apply.
 * Immutable; a wire value.
 */
public record RemovedPublisher(String dataInfoId, String registerId, RegisterVersion version) {

  public RemovedPublisher {
    Objects.requireNonNull(dataInfoId, "dataInfoId");
    Objects.requireNonNull(registerId, "registerId");
    Objects.requireNonNull(version, "version");
  }

  /**
   * The version-guarded store removal for this publisher, applied only if the stored publisher is
   * still owned by {@code sessionProcessId} and not newer than {@link #version()}.
   */
  public PublisherRemoval toRemoval(ProcessId sessionProcessId) {
    return new PublisherRemoval(dataInfoId, registerId, version, sessionProcessId);
  }
}
