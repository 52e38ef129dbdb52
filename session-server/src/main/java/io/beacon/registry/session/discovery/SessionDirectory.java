package io.beacon.registry.session.discovery;

import io.beacon.registry.common.model.NodeInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

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

  private final Supplier<NodeInfo> self;
  private volatile List<NodeInfo> sessions = List.of();

  /**
   * @param self this session as meta would list it (read once its ports are bound)
   */
  public SessionDirectory(Supplier<NodeInfo> self) {
    this.self = self;
  }

  public void update(List<NodeInfo> live) {
    sessions = List.copyOf(live);
  }

  /** The sessions meta listed last; this session alone while that list is empty. */
  public List<NodeInfo> all() {
    List<NodeInfo> snapshot = sessions;
    return snapshot.isEmpty() ? List.of(self.get()) : snapshot;
  }

  /** Client addresses ({@code ip:port}) of the sessions in {@code zone}, or of all of them. */
  public List<String> clientAddresses(String zone) {
    List<NodeInfo> snapshot = all();
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
