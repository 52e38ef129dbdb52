package io.beacon.registry.common.protocol;

/**
 * A node's answer to a {@link SwitchesNotice}.
 *
 * @param status {@link Status#OK} once the switches it holds are in force; {@link
 *     Status#NOT_LEADER} when the sender is not the meta leader the node follows (nothing changed);
 *     {@link Status#INVALID} for a notice without switches; {@link Status#BUSY} when the node could
 *     not apply them now (its heartbeat will bring them)
 * @param heldVersion the version of the switches in force on the node after the notice
 */
public record SwitchesAck(Status status, long heldVersion) {
  public SwitchesAck {
    status = status == null ? Status.INVALID : status;
  }
}
