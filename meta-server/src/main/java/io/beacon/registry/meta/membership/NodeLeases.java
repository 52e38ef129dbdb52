package io.beacon.registry.meta.membership;

import io.beacon.registry.common.model.NodeInfo;
import io.beacon.registry.common.model.NodeRole;
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
    RESTARTED
  }

  /** One node's lease. Immutable. */
  public record Lease(NodeInfo node, Instant renewedAt) {}

  /** Renews (or creates) {@code node}'s lease at {@code now}. */
  public Renewal renew(NodeInfo node, Instant now) {
    Lease renewed = new Lease(node, now);
    Lease previous = leases.put(node.address(), renewed);
    if (previous == null) {
      log.info(
          "node joined role={} address={} processId={}",
          node.role(),
          node.address(),
          node.processId());
      return Renewal.JOINED;
    }
    NodeInfo old = previous.node();
    if (!old.processId().equals(node.processId()) || old.role() != node.role()) {
      log.info(
          "node restarted role={} address={} oldProcessId={} processId={}",
          node.role(),
          node.address(),
          old.processId(),
          node.processId());
      return Renewal.RESTARTED;
    }
    return Renewal.RENEWED;
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
