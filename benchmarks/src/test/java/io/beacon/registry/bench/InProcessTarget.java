package io.beacon.registry.bench;

import io.beacon.registry.testing.cluster.InProcessCluster;
import java.util.List;
import java.util.Map;

/** Beacon as an {@link InProcessCluster} (1 meta, 1 data, 1 session) in the test's JVM. */
final class InProcessTarget implements RegistryTarget {

  private final InProcessCluster cluster =
      InProcessCluster.builder().metaNodes(1).dataNodes(1).sessionNodes(1).build();

  @Override
  public String name() {
    return "in-process";
  }

  @Override
  public List<String> sessionAddresses() {
    return List.of(InProcessCluster.HOST + ":" + cluster.session(0).clientPort());
  }

  @Override
  public List<String> beaconSessionHttpAddresses() {
    return List.of(InProcessCluster.HOST + ":" + cluster.session(0).httpPort());
  }

  @Override
  public long storedPublisherCopies() {
    return HttpCounts.beaconPublishers(
        List.of(InProcessCluster.HOST + ":" + cluster.data(0).httpPort()));
  }

  @Override
  public int copiesPerPublisher() {
    return 1;
  }

  @Override
  public List<ServerPid> servers() {
    return List.of();
  }

  @Override
  public Map<String, Object> description() {
    return Map.of("nodes", "in-process 1 meta + 1 data + 1 session");
  }

  @Override
  public void close() {
    cluster.close();
  }
}
