package io.beacon.registry.common.digest;

import io.beacon.registry.common.model.RegisterVersion;
import java.util.Objects;

/**
 * A publisher the requester summarized that the responder does not hold. {@code version} is the
 * version from the requester's own summary, echoed back so the removal is guarded by exactly what
 * was compared: if the requester has stored a newer version since, the removal must not apply
 * ({@code PublisherRemoval#of}). Immutable; a wire value.
 */
public record RemovedPublisher(String dataInfoId, String registerId, RegisterVersion version) {

  public RemovedPublisher {
    Objects.requireNonNull(dataInfoId, "dataInfoId");
    Objects.requireNonNull(registerId, "registerId");
    Objects.requireNonNull(version, "version");
  }
}
