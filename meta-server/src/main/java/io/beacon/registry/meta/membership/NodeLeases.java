package io.beacon.registry.meta.membership;

import io.beacon.registry.common.model.NodeInfo;
import io.beacon.registry.common.model.NodeRole;
import io.beacon.registry.common.protocol.LeaveStage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leases of the session and data servers, keyed by {@link NodeInfo#address()}. Every heartbeat
 * renews its node's lease; {@link #tick} evicts the nodes that were not renewed for the lease
 * duration. A heartbeat from a known address with a new processId replaces the old entry: that node
 * restarted. Leases live in memory only; heartbeats never touch disk.
 *
 * <p>Graceful leave: a heartbeat saying {@link LeaveStage#LEAVING} marks the process's lease as
 * leaving, for as long as that process renews it (a restart starts a fresh lease): the node stays
 * listed, but {@link #leaving} names it. A heartbeat saying {@link LeaveStage#LEFT} ends the
 * process's lease at once, as its expiry would later.
 *
 * <p>Threads: {@link #renew} runs on the heartbeat executor, {@link #tick} on the meta loop, reads
 * anywhere. The map is the only state; each entry is an immutable {@link Lease} swapped atomically,
 * and eviction removes an entry only if it was not renewed meanwhile.
 */
public final class NodeLeases {

  private static final Logger log = LoggerFactory.getLogger(NodeLeases.class);

  private final Duration lease;
  private final ConcurrentMap<String, Lease> leases = new ConcurrentHashMap<>();

  public NodeLeases(Duration lease) {
    this.lease = lease;
  }

  /** What a renewal meant for membership. */
  public enum Renewal {
    /** The address was not listed. */
    JOINED,
    /** The same process renewed its lease. */
    RENEWED,
    /** The address was listed with another processId (or role): the node restarted. */
    RESTARTED,
    /** The same process renewed its lease and announced a graceful leave for the first time. */
    LEAVING,
    /** The process said it left: its lease ended (or it was not listed). */
    LEFT
  }

  /**
   * One node's lease. Immutable.
   *
   * @param leaving the process announced a graceful leave
   */
  public record Lease(NodeInfo node, Instant renewedAt, boolean leaving) {

    public Lease(NodeInfo node, Instant renewedAt) {
      this(node, renewedAt, false);
    }
  }

  /** Renews (or creates) {@code node}'s lease at {@code now}. */
  public Renewal renew(NodeInfo node, Instant now) {
    return renew(node, now, LeaveStage.STAYING);
  }

  /**
   * Renews (or creates) {@code node}'s lease at {@code now}, and records where the process stands
   * in a graceful leave: once leaving, its lease stays leaving; {@link LeaveStage#LEFT} removes the
   * process's lease (never another process's at that address).
   */
  public Renewal renew(NodeInfo node, Instant now, LeaveStage stage) {
    if (stage == LeaveStage.LEFT) {
      Lease current = leases.get(node.address());
      if (current != null
          && current.node().processId().equals(node.processId())
          && leases.remove(node.address(), current)) {
        log.info(
            "node left gracefully role={} address={} processId={}",
            node.role(),
            node.address(),
            node.processId());
      }
      return Renewal.LEFT;
    }
    boolean announced = stage == LeaveStage.LEAVING;
    Lease previous;
    Lease renewed;
    do {
      previous = leases.get(node.address());
      boolean wasLeaving = previous != null && previous.leaving() && isSameProcess(previous, node);
      renewed = new Lease(node, now, announced || wasLeaving);
    } while (previous == null
        ? leases.putIfAbsent(node.address(), renewed) != null
        : !leases.replace(node.address(), previous, renewed));
    if (previous == null) {
      log.info(
          "node joined role={} address={} processId={} leaving={}",
          node.role(),
          node.address(),
          node.processId(),
          renewed.leaving());
      return Renewal.JOINED;
    }
    NodeInfo old = previous.node();
    if (!isSameProcess(previous, node)) {
      log.info(
          "node restarted role={} address={} oldProcessId={} processId={}",
          node.role(),
          node.address(),
          old.processId(),
          node.processId());
      return Renewal.RESTARTED;
    }
    if (renewed.leaving() && !previous.leaving()) {
      log.info(
          "node leaving role={} address={} processId={}",
          node.role(),
          node.address(),
          node.processId());
      return Renewal.LEAVING;
    }
    return Renewal.RENEWED;
  }

  private static boolean isSameProcess(Lease lease, NodeInfo node) {
    return lease.node().processId().equals(node.processId()) && lease.node().role() == node.role();
  }

  /** Evicts every lease not renewed for longer than the lease duration; returns the evicted. */
  public List<NodeInfo> tick(Instant now) {
    List<NodeInfo> evicted = new ArrayList<>();
    for (Map.Entry<String, Lease> entry : leases.entrySet()) {
      Lease current = entry.getValue();
      if (isExpired(current, now) && leases.remove(entry.getKey(), current)) {
        evicted.add(current.node());
        log.info(
            "node left role={} address={} processId={} silentMillis={}",
            current.node().role(),
            current.node().address(),
            current.node().processId(),
            Duration.between(current.renewedAt(), now).toMillis());
      }
    }
    return evicted;
  }

  /** The listed nodes of {@code role}, sorted by address. */
  public List<NodeInfo> live(NodeRole role) {
    List<NodeInfo> nodes = new ArrayList<>();
    for (Lease current : leases.values()) {
      if (current.node().role() == role) {
        nodes.add(current.node());
      }
    }
    nodes.sort(Comparator.comparing(NodeInfo::address));
    return nodes;
  }

  /** The listed nodes of {@code role} that are not leaving, sorted by address (for discovery). */
  public List<NodeInfo> staying(NodeRole role) {
    List<NodeInfo> nodes = new ArrayList<>();
    for (NodeInfo node : live(role)) {
      Lease current = leases.get(node.address());
      if (current == null || !current.leaving()) {
        nodes.add(node);
      }
    }
    return nodes;
  }

  /** The addresses of the listed nodes of any role whose process announced a leave, sorted. */
  public List<String> leaving() {
    Set<String> addresses = new TreeSet<>();
    for (Lease current : leases.values()) {
      if (current.leaving()) {
        addresses.add(current.node().address());
      }
    }
    return List.copyOf(addresses);
  }

  /** The addresses of the listed nodes of {@code role} that announced a leave, sorted. */
  public Set<String> leavingAddresses(NodeRole role) {
    Set<String> addresses = new TreeSet<>();
    for (Lease current : leases.values()) {
      if (current.leaving() && current.node().role() == role) {
        addresses.add(current.node().address());
      }
    }
    return addresses;
  }

  /** The addresses of the listed nodes of {@code role}, sorted. */
  public Set<String> liveAddresses(NodeRole role) {
    Set<String> addresses = new TreeSet<>();
    for (Lease current : leases.values()) {
      if (current.node().role() == role) {
        addresses.add(current.node().address());
      }
    }
    return addresses;
  }

  /** The lease of {@code address}, or null if it is not listed. */
  public Lease leaseOf(String address) {
    return leases.get(address);
  }

  private boolean isExpired(Lease candidate, Instant now) {
    return Duration.between(candidate.renewedAt(), now).compareTo(lease) > 0;
  }
}
