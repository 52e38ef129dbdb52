package io.beacon.registry.common.protocol;

import io.beacon.registry.common.model.NodeInfo;

/**
 * A session or data server renewing its lease with the meta leader.
 *
 * @param node who is renewing
 * @param knownTableEpoch the epoch of the slot table the node holds; meta sends the table only when
 *     its own is newer
 */
public record HeartbeatRequest(NodeInfo node, long knownTableEpoch) {}
