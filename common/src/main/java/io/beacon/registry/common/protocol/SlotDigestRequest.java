package io.beacon.registry.common.protocol;

import io.beacon.registry.common.digest.SlotDigest;
import io.beacon.registry.common.model.ProcessId;

/**
 * First round of a slot sync: the requester (a data leader repairing what a session owns, or a
 * follower repairing its copy) sends its digest of the slot; the responder answers which
 * dataInfoIds differ.
 */
public record SlotDigestRequest(
    int slotId,
    long tableEpoch,
    long leaderEpoch,
    ProcessId requesterProcessId,
    SlotDigest digest) {}
