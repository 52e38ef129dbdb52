package io.beacon.registry.common.protocol;

import java.util.List;

/**
 * The meta leader tells every session at once which listed nodes announced a graceful leave, so
 * that they stop offering a leaving session to clients before their next heartbeat answer says so.
 * Answered with an {@link Ack}.
 *
 * @param metaLeader the sender's address; the notice counts only from the leader the receiver
 *     follows
 * @param leaving the addresses of the leaving nodes (at most {@link #MAX_LEAVING})
 */
public record LeavingNotice(String metaLeader, List<String> leaving) {

  /** The most addresses one notice names: bounds what a sender can make a session hold. */
  public static final int MAX_LEAVING = 4096;

  public LeavingNotice {
    leaving = leaving == null ? List.of() : List.copyOf(leaving);
    if (leaving.size() > MAX_LEAVING) {
      throw new IllegalArgumentException(
          "leaving: " + leaving.size() + " addresses (expected: <= " + MAX_LEAVING + ")");
    }
  }
}
