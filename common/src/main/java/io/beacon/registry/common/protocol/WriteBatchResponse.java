package io.beacon.registry.common.protocol;

/**
 * The slot leader's answer to a {@link WriteBatchRequest}: {@link Status#OK} when every write was
 * applied (or was older than what is stored), otherwise nothing was applied.
 *
 * @param status the outcome
 * @param tableEpoch the receiver's table epoch, so the caller knows whether to refresh
 * @param message a reason for humans, may be null
 */
public record WriteBatchResponse(Status status, long tableEpoch, String message) {}
