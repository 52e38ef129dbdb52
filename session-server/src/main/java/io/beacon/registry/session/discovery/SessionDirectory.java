package io.beacon.registry.session.discovery;

import io.beacon.registry.common.model.NodeInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * The live session servers as meta last listed them, for client discovery ({@code
 * /api/servers/query}). Immutable snapshots swapped through a volatile field by the heartbeat
 * callback.
 *
 * <p>Unlike the reference, a zone with no session falls back to every session of the data center
 * instead of an empty answer (which leaves the official client unable to connect, retrying
 * forever). Until meta has answered, the directory holds this session alone.
 */
public final class SessionDirectory {

  private final NodeInfo self;
  private volatile List<NodeInfo> sessions;

  public SessionDirectory(NodeInfo self) {
    this.self = self;
    this.sessions = List.of(self);
  }

  public void update(List<NodeInfo> live) {
    sessions = live.isEmpty() ? List.of(self) : List.copyOf(live);
  }

  public List<NodeInfo> all() {
    return sessions;
  }

  /** Client addresses ({@code ip:port}) of the sessions in {@code zone}, or of all of them. */
  public List<String> clientAddresses(String zone) {
    List<NodeInfo> snapshot = sessions;
    List<String> inZone = new ArrayList<>();
    List<String> all = new ArrayList<>();
    for (NodeInfo node : snapshot) {
      if (node.clientAddress() == null) {
        continue;
      }
      all.add(node.clientAddress());
      if (zone != null && zone.equalsIgnoreCase(node.zone())) {
        inZone.add(node.clientAddress());
      }
    }
    return inZone.isEmpty() ? all : inZone;
  }
}
