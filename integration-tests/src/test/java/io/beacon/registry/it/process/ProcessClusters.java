package io.beacon.registry.it.process;

import io.beacon.registry.testing.process.ProcessCluster;
import io.beacon.registry.testing.process.ServerProcess.Role;
import java.time.Duration;
import org.junit.jupiter.api.TestInfo;

/**
 * The clusters the process tests start, each named after its test ({@link
 * ProcessLogsOnFailure#clusterName}) so that its logs are found on failure. Stateless.
 */
final class ProcessClusters {

  /** How often the data servers of {@link #forLoad} sync their followed slots. */
  static final Duration FOLLOWER_SYNC = Duration.ofSeconds(1);

  /** How often the sessions of {@link #forLoad} renew with the data servers. */
  static final Duration RENEW = Duration.ofSeconds(1);

  private ProcessClusters() {}

  /** 1 meta, 2 data and 2 session servers: a session to kill and one to move to. */
  static ProcessCluster twoSessions(TestInfo test) {
    return ProcessCluster.builder(ProcessLogsOnFailure.clusterName(test))
        .metaNodes(1)
        .dataNodes(2)
        .sessionNodes(2)
        .build();
  }

  /**
   * What a {@link RegistryLoad} runs on, to be completed and built by the test: 1 meta, 3 data and
   * {@link RegistryLoad#SESSIONS} session servers; followers sync every {@link #FOLLOWER_SYNC} and
   * sessions renew every {@link #RENEW}, so that a repair is seen within seconds.
   */
  static ProcessCluster.Builder forLoad(TestInfo test) {
    return ProcessCluster.builder(ProcessLogsOnFailure.clusterName(test))
        .metaNodes(1)
        .dataNodes(3)
        .sessionNodes(RegistryLoad.SESSIONS)
        .property(Role.DATA, "follower-sync-interval", FOLLOWER_SYNC.toMillis() + "ms")
        .property(Role.SESSION, "renew-interval", RENEW.toMillis() + "ms");
  }
}
