package io.beacon.registry.common.protocol;

/**
 * A session's cheap summary of the publishers it holds in one slot, for the renew check: the slot's
 * leader compares it with its own digest of the publishers owned by that session process.
 *
 * @param slotId the slot
 * @param leaderEpoch the slot's leader epoch in the session's table
 * @param publisherCount how many publishers the session holds in the slot
 * @param signature {@code SlotDigest.signature()} of those publishers
 */
public record SlotChecksum(int slotId, long leaderEpoch, int publisherCount, long signature) {}
