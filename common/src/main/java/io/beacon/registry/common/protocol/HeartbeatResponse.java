package io.beacon.registry.common.protocol;

import io.beacon.registry.common.model.NodeInfo;
import io.beacon.registry.common.slot.SlotTable;
import java.util.List;

/**
 * The meta leader's answer to a heartbeat.
 *
 * @param status {@link Status#OK}, or {@link Status#NOT_LEADER} from a meta follower
 * @param metaLeader internal address of the meta leader, when known
 * @param slotTable the current table if newer than the caller's, else null
 * @param tableEpoch the epoch of meta's current table (also when the table itself is omitted)
 * @param sessions the live session servers
 * @param dataServers the live data servers
 * @param switches the current switches if newer than the caller's, else null
 * @param metas the live meta servers: the leader and the followers that heartbeat it (empty from a
 *     meta of an older build)
 * @param embeddedDatabase whether the answering meta runs on the default embedded database ({@code
 *     beacon.meta.jdbc-url} not set), which no other meta shares: a node that lists several metas
 *     does not follow such a meta (false from a meta of an older build; set in every answer, {@code
 *     NOT_LEADER} included)
 * @param leaving the addresses of the listed nodes (sessions and data servers) that announced a
 *     graceful leave ({@link LeaveStage#LEAVING}): still listed, so data servers keep notifying a
 *     leaving session and keep its lease, but no session offers a leaving session to clients
 */
public record HeartbeatResponse(
    Status status,
    String metaLeader,
    SlotTable slotTable,
    long tableEpoch,
    List<NodeInfo> sessions,
    List<NodeInfo> dataServers,
    RegistrySwitches switches,
    List<NodeInfo> metas,
    boolean embeddedDatabase,
    List<String> leaving) {

  public HeartbeatResponse {
    sessions = sessions == null ? List.of() : List.copyOf(sessions);
    dataServers = dataServers == null ? List.of() : List.copyOf(dataServers);
    metas = metas == null ? List.of() : List.copyOf(metas);
    leaving = leaving == null ? List.of() : List.copyOf(leaving);
  }

  /** An answer from a meta on a shared database that names no leaving node. */
  public HeartbeatResponse(
      Status status,
      String metaLeader,
      SlotTable slotTable,
      long tableEpoch,
      List<NodeInfo> sessions,
      List<NodeInfo> dataServers,
      RegistrySwitches switches,
      List<NodeInfo> metas) {
    this(
        status,
        metaLeader,
        slotTable,
        tableEpoch,
        sessions,
        dataServers,
        switches,
        metas,
        false,
        List.of());
  }

  /** An answer that lists no meta server. */
  public HeartbeatResponse(
      Status status,
      String metaLeader,
      SlotTable slotTable,
      long tableEpoch,
      List<NodeInfo> sessions,
      List<NodeInfo> dataServers,
      RegistrySwitches switches) {
    this(status, metaLeader, slotTable, tableEpoch, sessions, dataServers, switches, List.of());
  }

  /** An answer without switches. */
  public HeartbeatResponse(
      Status status,
      String metaLeader,
      SlotTable slotTable,
      long tableEpoch,
      List<NodeInfo> sessions,
      List<NodeInfo> dataServers) {
    this(status, metaLeader, slotTable, tableEpoch, sessions, dataServers, null);
  }
}
