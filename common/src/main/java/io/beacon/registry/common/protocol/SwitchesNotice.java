package io.beacon.registry.common.protocol;

/**
 * The meta leader to a session's internal port or a data server's port: the switches it holds now,
 * sent when an admin call changed them, so that they are in force everywhere before the call is
 * answered (heartbeat answers carry them too, later). Answered with {@link SwitchesAck}.
 *
 * @param metaLeader the sender's address ({@code host:port}), which must be the meta leader the
 *     node follows
 * @param switches the switches; a node keeps them only if they are newer than its own
 */
public record SwitchesNotice(String metaLeader, RegistrySwitches switches) {}
