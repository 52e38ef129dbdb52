package io.beacon.registry.common.protocol;

import io.beacon.registry.common.digest.DigestDiff;
import io.beacon.registry.common.model.ProcessId;

/** The responder's answer to a {@link SlotDigestRequest}: what differs, and who it is. */
public record SlotDigestResponse(Status status, ProcessId responderProcessId, DigestDiff diff) {}
