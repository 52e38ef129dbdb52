package io.beacon.registry.data.heartbeat;

import io.beacon.registry.common.model.NodeInfo;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.protocol.HeartbeatResponse;
import io.beacon.registry.common.protocol.RegistrySwitches;
import io.beacon.registry.data.sync.SyncPeer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What the meta leader said last, as this data server uses it: the sessions it lists (their
 * processes, and where to reach them for slot syncs), the process of each listed data server, and
 * the switches. Immutable; {@link MetaViewHolder} swaps it on every heartbeat answer.
 *
 * @param answered whether meta has answered a heartbeat yet
 * @param leaving the listed nodes (sessions and data servers) that announced a graceful leave
 */
public record MetaView(
    boolean answered,
    Set<ProcessId> sessions,
    List<SyncPeer> sessionPeers,
    Map<String, ProcessId> dataProcesses,
    RegistrySwitches switches,
    Set<String> leaving) {

  /** Before the first answer. */
  public static final MetaView NONE =
      new MetaView(false, Set.of(), List.of(), Map.of(), RegistrySwitches.INITIAL, Set.of());

  /** This view updated by {@code response}; switches only move to a newer version. */
  public MetaView next(HeartbeatResponse response) {
    RegistrySwitches newest =
        response.switches() != null && response.switches().version() > switches.version()
            ? response.switches()
            : switches;
    return new MetaView(
        true,
        response.sessions().stream()
            .map(NodeInfo::processId)
            .collect(Collectors.toUnmodifiableSet()),
        response.sessions().stream()
            .filter(node -> node.address() != null && node.processId() != null)
            .map(node -> new SyncPeer(node.processId(), node.address()))
            .toList(),
        response.dataServers().stream()
            .filter(node -> node.address() != null && node.processId() != null)
            .collect(
                Collectors.toUnmodifiableMap(
                    NodeInfo::address, NodeInfo::processId, (first, second) -> second)),
        newest,
        Set.copyOf(response.leaving()));
  }

  /** The other listed data servers that are not leaving: where this one's slots can go. */
  public Set<String> stayingDataServersBut(String self) {
    Set<String> staying = new TreeSet<>(dataProcesses.keySet());
    staying.remove(self);
    staying.removeAll(leaving);
    return staying;
  }

  /** The internal address meta lists for {@code session}, or null. */
  public String sessionAddress(ProcessId session) {
    for (SyncPeer peer : sessionPeers) {
      if (peer.processId().equals(session)) {
        return peer.address();
      }
    }
    return null;
  }

  /** The internal addresses of the listed sessions. */
  public List<String> sessionAddresses() {
    return sessionPeers.stream().map(SyncPeer::address).toList();
  }
}
