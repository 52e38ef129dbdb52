package io.beacon.registry.common.protocol;

/**
 * The outcome of an internal request. Failures travel as statuses, never as serialized exceptions.
 */
public enum Status {
  /** Done. */
  OK,
  /** The receiver does not lead the slot (or is not the meta leader); refresh and retry. */
  NOT_LEADER,
  /** The receiver leads the slot but is still migrating it in; retry shortly. */
  MIGRATING,
  /** The caller's table or leader epoch does not match the receiver's; refresh and retry. */
  STALE_EPOCH,
  /** The receiver is overloaded or not ready; retry with backoff. */
  BUSY,
  /** The request can never succeed; do not retry. */
  INVALID
}
