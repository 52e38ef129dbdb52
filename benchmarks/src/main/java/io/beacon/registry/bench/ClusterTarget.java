package io.beacon.registry.bench;

import io.beacon.registry.testing.cluster.ClusterTimers;
import io.beacon.registry.testing.process.ProcessCluster;
import io.beacon.registry.testing.process.ServerProcess;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Beacon as 1 meta + 2 data + 2 session servers, each in its own JVM ({@link ProcessCluster}, on
 * ephemeral ports of 127.0.0.1, with its fast membership timers). The fixture's JVM options favour
 * start-up (256 MB heap, serial GC, C1 only); for measuring, {@link #JVM_OPTIONS} come after them
 * and win: the heap and GC of the reference's JVM and the full JIT. Slots: 256, as the standalone
 * registry. Confined to the scenario thread.
 */
final class ClusterTarget implements RegistryTarget {

  static final List<String> JVM_OPTIONS =
      List.of("-Xms256m", "-Xmx1g", "-XX:-UseSerialGC", "-XX:+UseG1GC", "-XX:TieredStopAtLevel=4");

  static final int SLOT_COUNT = 256;

  private final ProcessCluster cluster;
  private final long startupMillis;

  private ClusterTarget(ProcessCluster cluster, long startupMillis) {
    this.cluster = cluster;
    this.startupMillis = startupMillis;
  }

  static ClusterTarget start() {
    long start = System.nanoTime();
    ProcessCluster.Builder builder =
        ProcessCluster.builder("bench-cluster")
            .metaNodes(1)
            .dataNodes(2)
            .sessionNodes(2)
            .slotCount(SLOT_COUNT);
    JVM_OPTIONS.forEach(builder::jvmArgument);
    ProcessCluster cluster = builder.build();
    return new ClusterTarget(cluster, (System.nanoTime() - start) / 1_000_000);
  }

  @Override
  public String name() {
    return "cluster";
  }

  @Override
  public List<String> sessionAddresses() {
    return cluster.sessionServers().stream()
        .map(s -> ProcessCluster.HOST + ":" + s.clientPort())
        .toList();
  }

  @Override
  public List<String> beaconSessionHttpAddresses() {
    return cluster.sessionServers().stream()
        .map(s -> ProcessCluster.HOST + ":" + s.httpPort())
        .toList();
  }

  @Override
  public long storedPublisherCopies() {
    return HttpCounts.beaconPublishers(
        cluster.dataServers().stream().map(d -> ProcessCluster.HOST + ":" + d.httpPort()).toList());
  }

  /** Every slot has a leader and a follower copy (replicas 2) once both data servers hold it. */
  @Override
  public int copiesPerPublisher() {
    return Math.min(2, cluster.dataServers().size());
  }

  @Override
  public List<ServerPid> servers() {
    List<ServerPid> out = new ArrayList<>();
    for (ServerProcess server : cluster.metaServers()) {
      out.add(new ServerPid("meta", server.pid()));
    }
    for (ServerProcess server : cluster.dataServers()) {
      out.add(new ServerPid("data", server.pid()));
    }
    for (ServerProcess server : cluster.sessionServers()) {
      out.add(new ServerPid("session", server.pid()));
    }
    return out;
  }

  @Override
  public Map<String, Object> description() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("nodes", "1 meta + 2 data + 2 session, one JVM each");
    out.put(
        "jvmOptions",
        "ProcessCluster defaults (-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1) then "
            + String.join(" ", JVM_OPTIONS));
    out.put("slotCount", SLOT_COUNT);
    ClusterTimers timers = cluster.timers();
    out.put("heartbeatMillis", timers.heartbeatInterval().toMillis());
    out.put("startupMillis", startupMillis);
    out.put("logs", cluster.logDir().toString());
    return out;
  }

  @Override
  public void close() {
    cluster.close();
  }
}
