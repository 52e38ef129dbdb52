package io.beacon.registry.common.protocol;

import io.beacon.registry.common.model.NodeInfo;
import io.beacon.registry.common.slot.SlotTable;
import java.util.List;

/**
 * A session or data server renewing its lease with the meta leader.
 *
 * @param node who is renewing
 * @param knownTableEpoch the epoch of the slot table the node holds; meta sends the table only when
 *     its own is newer
 * @param slotTable the table the node holds (null before it has one), from which a new meta leader
 *     relearns the current table instead of handing out an older one
 * @param knownSwitchesVersion the version of the switches the node holds; meta sends them only when
 *     its own are newer
 * @param syncedFollowerSlots slots this data server follows whose data is caught up with the
 *     leader; a planned move of a leader (balancing, drain) goes only to such a follower, and
 *     failover prefers one (empty for sessions)
 * @param leave where the node stands in a graceful leave (null, from a node of an older build:
 *     {@link LeaveStage#STAYING})
 */
public record HeartbeatRequest(
    NodeInfo node,
    long knownTableEpoch,
    SlotTable slotTable,
    long knownSwitchesVersion,
    List<Integer> syncedFollowerSlots,
    LeaveStage leave) {

  public HeartbeatRequest {
    syncedFollowerSlots =
        syncedFollowerSlots == null ? List.of() : List.copyOf(syncedFollowerSlots);
    leave = leave == null ? LeaveStage.STAYING : leave;
  }

  /** A heartbeat of a node that is not leaving. */
  public HeartbeatRequest(
      NodeInfo node,
      long knownTableEpoch,
      SlotTable slotTable,
      long knownSwitchesVersion,
      List<Integer> syncedFollowerSlots) {
    this(
        node,
        knownTableEpoch,
        slotTable,
        knownSwitchesVersion,
        syncedFollowerSlots,
        LeaveStage.STAYING);
  }

  /** A heartbeat that reports no table, no switches and no synced follower. */
  public HeartbeatRequest(NodeInfo node, long knownTableEpoch) {
    this(node, knownTableEpoch, null, 0, List.of());
  }

  /**
   * The heartbeat of a node that holds {@code held}: its epoch, and the table itself once it is
   * assigned (an unassigned table teaches a new leader nothing).
   */
  public static HeartbeatRequest holding(
      NodeInfo node,
      SlotTable held,
      long knownSwitchesVersion,
      List<Integer> syncedFollowerSlots,
      LeaveStage leave) {
    return new HeartbeatRequest(
        node,
        held.epoch(),
        held.isAssigned() ? held : null,
        knownSwitchesVersion,
        syncedFollowerSlots,
        leave);
  }
}
