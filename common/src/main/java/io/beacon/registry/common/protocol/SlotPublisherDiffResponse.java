package io.beacon.registry.common.protocol;

import io.beacon.registry.common.digest.PublisherDiff;
import io.beacon.registry.common.model.ProcessId;

/** The responder's answer to a {@link SlotPublisherDiffRequest}. */
public record SlotPublisherDiffResponse(
    Status status, ProcessId responderProcessId, PublisherDiff diff) {}
