package io.beacon.registry.data.sync;

/**
 * How a sync pass ended. Immutable.
 *
 * @param result how it ended
 * @param rounds the publisher-diff rounds answered
 * @param updated the publishers the responder sent to put (some may have been refused as older)
 * @param removed the removals the responder sent (each applied only if still owned and not newer)
 * @param reason why it aborted, null otherwise
 */
public record SyncOutcome(Result result, int rounds, int updated, int removed, String reason) {

  /** How a pass ended. */
  public enum Result {
    /** The digests were equal: nothing to transfer. */
    EQUAL,
    /** Every differing dataInfoId was compared and the differences applied. */
    SYNCED,
    /** Stopped early: the next renew (or follower tick) starts over. */
    ABORTED,
    /** Not started: a pass for the same slot and peer was already in flight or queued. */
    ALREADY_SCHEDULED
  }

  static SyncOutcome alreadyScheduled() {
    return new SyncOutcome(Result.ALREADY_SCHEDULED, 0, 0, 0, null);
  }
}
