package io.beacon.registry.session.discovery;

import io.beacon.registry.common.model.NodeInfo;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The live session servers as meta last listed them, for client discovery ({@code
 * /api/servers/query}), without the sessions that are leaving.
 *
 * <p>Unlike the reference, a zone with no session falls back to every session of the data center
 * instead of an empty answer (which leaves the official client unable to connect, retrying
 * forever). Until meta has answered, the directory holds this session alone.
 *
 * <p>Leaving sessions: each heartbeat answer names them; the meta leader's {@code LeavingNotice}
 * names one as soon as it announces its leave, before the next answer, and a name learned that way
 * is kept until an answer names it too or no longer lists that session (so an answer computed
 * before the leave cannot bring it back). Once this session itself leaves, it offers only the
 * others, possibly none.
 *
 * <p>State: the last list and the leaving names, changed under {@code this} (heartbeat callback,
 * notices on {@code session-internal-rpc}, the leave); readers take the immutable list computed
 * from them through a volatile field.
 */
public final class SessionDirectory {

  private final Supplier<NodeInfo> self;
  private List<NodeInfo> listed = List.of();
  private Set<String> answeredLeaving = Set.of();
  private final Set<String> noticedLeaving = new HashSet<>();
  private boolean selfLeaving;

  /** What discovery offers; null while meta lists no session: this session alone. */
  private volatile List<NodeInfo> offered;

  /**
   * @param self this session as meta would list it (read once its ports are bound)
   */
  public SessionDirectory(Supplier<NodeInfo> self) {
    this.self = self;
  }

  /** A heartbeat answer that names no leaving session. */
  public void update(List<NodeInfo> live) {
    update(live, List.of());
  }

  /** A heartbeat answer: the sessions meta lists and the addresses of the leaving ones. */
  public synchronized void update(List<NodeInfo> live, List<String> leaving) {
    listed = List.copyOf(live);
    answeredLeaving = Set.copyOf(leaving);
    Set<String> listedAddresses = new HashSet<>();
    live.forEach(node -> listedAddresses.add(node.address()));
    noticedLeaving.removeIf(
        address -> answeredLeaving.contains(address) || !listedAddresses.contains(address));
    recompute();
  }

  /** The meta leader said these nodes are leaving. */
  public synchronized void leaving(List<String> addresses) {
    noticedLeaving.addAll(addresses);
    recompute();
  }

  /** This session leaves: it offers itself no more. Irreversible. */
  public synchronized void leave() {
    selfLeaving = true;
    recompute();
  }

  /** Whether another session that is not leaving is listed. */
  public boolean hasOtherStayingSession() {
    String me = self.get().address();
    return all().stream().anyMatch(node -> !node.address().equals(me));
  }

  private void recompute() {
    if (listed.isEmpty()) {
      offered = selfLeaving ? List.of() : null;
      return;
    }
    String me = selfLeaving ? self.get().address() : null;
    List<NodeInfo> staying = new ArrayList<>();
    for (NodeInfo node : listed) {
      String address = node.address();
      if (!address.equals(me)
          && !answeredLeaving.contains(address)
          && !noticedLeaving.contains(address)) {
        staying.add(node);
      }
    }
    offered = List.copyOf(staying);
  }

  /**
   * The sessions meta listed last that are not leaving; this session alone while meta has listed
   * none (unless it is leaving).
   */
  public List<NodeInfo> all() {
    List<NodeInfo> snapshot = offered;
    return snapshot == null ? List.of(self.get()) : snapshot;
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
