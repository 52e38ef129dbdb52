package io.beacon.registry.it.process;

import static io.beacon.registry.it.process.ClusterHttp.copiesPerSlot;
import static io.beacon.registry.it.process.ClusterHttp.json;
import static io.beacon.registry.it.process.ClusterHttp.publishersOnData;
import static io.beacon.registry.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.testing.LocalDatabases;
import io.beacon.registry.testing.process.ProcessCluster;
import io.beacon.registry.testing.process.ProcessCluster.Stop;
import io.beacon.registry.testing.process.ServerProcess;
import io.beacon.registry.testing.process.ServerProcess.Role;
import io.beacon.registry.testing.process.UnpackedDistribution;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 16, acceptance item 4: what every upgrade does. 3 meta servers on the local PostgreSQL, 3
 * data and 3 session servers, each started with {@code bin/beacon ROLE} of the tar.gz the {@code
 * distribution} module built (unpacked into a temporary directory), under the {@link RegistryLoad}
 * (504 publishers from official 6.3.0 clients spread over the sessions, a subscriber on every
 * session for every dataId, every push recorded). Every node is restarted one after another, each
 * waited for until it is ready again and the registry has converged (every subscriber current,
 * every slot copy complete, a meta leader): the metas (the leader last), then the data servers,
 * then the sessions; once with SIGTERM, once with {@code kill -9}. No push may miss a live
 * publisher (an empty or partial push would), and every subscriber is current at the end. Prints
 * the time of each step and the longest convergence (recorded in {@code docs/reliability.md}).
 */
class RollingRestartIT {

  /** As in {@link FaultToleranceIT}: the leftovers of a killed session expire within the test. */
  private static final Duration SESSION_LEASE = Duration.ofSeconds(10);

  /** How long one step may take to converge: a killed session's leftovers wait out its lease. */
  private static final Duration STEP_CONVERGENCE = SESSION_LEASE.plusSeconds(50);

  /** 128 + 15: the JVM ran its shutdown hooks and ended as the SIGTERM asked. */
  private static final int SIGTERM_EXIT = 143;

  @RegisterExtension final ProcessLogsOnFailure logs = new ProcessLogsOnFailure();

  @Test
  void everyNodeStoppedWithSigtermAndStartedAgainOneAfterAnotherLosesNothing(TestInfo test)
      throws Exception {
    rollingRestart(test, Stop.SIGTERM);
  }

  @Test
  void everyNodeKilledWithSignal9AndStartedAgainOneAfterAnotherLosesNothing(TestInfo test)
      throws Exception {
    rollingRestart(test, Stop.SIGKILL);
  }

  private static void rollingRestart(TestInfo test, Stop how) throws Exception {
    LocalDatabases database = LocalDatabases.POSTGRESQL;
    try (UnpackedDistribution distribution = UnpackedDistribution.unpack();
        LocalDatabases.Isolated schema = database.isolated();
        ProcessCluster cluster =
            ProcessClusters.forLoad(test)
                .distribution(distribution.home())
                .metaNodes(3)
                .property(Role.META, "jdbc-url", schema.url())
                .property(Role.META, "jdbc-user", database.user())
                .property(Role.DATA, "session-lease", SESSION_LEASE.toMillis() + "ms")
                .readyTimeout(Duration.ofSeconds(60))
                .build();
        RegistryLoad load = RegistryLoad.start(cluster)) {
      long startedAt = System.nanoTime();
      load.awaitCompleteViews();
      awaitConverged(cluster, load);
      System.out.printf(
          "RollingRestartIT %s: 9 servers from %s/bin/beacon, %d publishers seen by %d "
              + "subscribers on %s after %d ms%n",
          how,
          distribution.home(),
          RegistryLoad.PUBLISHERS,
          load.recorderCount(),
          schema.url(),
          millisSince(startedAt));

      long longest = 0;
      String longestStep = null;
      List<String> exits = new ArrayList<>();
      for (ServerProcess server : restartOrder(cluster)) {
        long stepAt = System.nanoTime();
        int exit = cluster.restart(server, how);
        exits.add(server.name() + " " + exit);
        long readyMillis = millisSince(stepAt);
        awaitConverged(cluster, load);
        long convergedMillis = millisSince(stepAt);
        long currentMillis =
            Duration.ofNanos(load.everySubscriberCurrentSince(stepAt) - stepAt).toMillis();
        System.out.printf(
            "RollingRestartIT %s: %s exited %d, ready again after %d ms, every subscriber current "
                + "again after %d ms (0: never stale), converged (slot copies, meta leader) after "
                + "%d ms%n",
            how, server.name(), exit, readyMillis, currentMillis, convergedMillis);
        if (convergedMillis > longest) {
          longest = convergedMillis;
          longestStep = server.name();
        }
      }
      System.out.printf(
          "RollingRestartIT %s: %d nodes restarted in %d ms, longest convergence %d ms (%s), "
              + "%d pushes missing a live publisher%n",
          how,
          restartOrder(cluster).size(),
          millisSince(startedAt),
          longest,
          longestStep,
          load.lostPushes().size());

      assertThat(load.lostPushes()).as("pushes missing a live publisher").isEmpty();
      int expectedExit = how == Stop.SIGTERM ? SIGTERM_EXIT : ServerProcess.SIGKILL_EXIT;
      assertThat(exits)
          .as("every node ended by the signal (a graceful stop within the stop timeout)")
          .allMatch(exit -> exit.endsWith(" " + expectedExit));
      assertThat(load.everySubscriberCurrent()).as("every subscriber current at the end").isTrue();
      assertThat(publishersOnData(cluster))
          .as("every publisher in every copy of its slot")
          .isEqualTo(RegistryLoad.PUBLISHERS * copiesPerSlot(cluster));
    }
  }

  /** The metas that follow, then the leader, then the data servers, then the sessions. */
  private static List<ServerProcess> restartOrder(ProcessCluster cluster) throws Exception {
    List<ServerProcess> order = new ArrayList<>();
    ServerProcess leader = null;
    for (ServerProcess meta : cluster.metaServers()) {
      if (isLeader(cluster, meta)) {
        leader = meta;
      } else {
        order.add(meta);
      }
    }
    assertThat(leader).as("a meta leader").isNotNull();
    order.add(leader);
    order.addAll(cluster.dataServers());
    order.addAll(cluster.sessionServers());
    return order;
  }

  /**
   * Every subscriber current, every slot copy complete on the data servers and one meta leader:
   * what an operator waits for before the next node.
   */
  private static void awaitConverged(ProcessCluster cluster, RegistryLoad load) {
    await()
        .atMost(STEP_CONVERGENCE)
        .pollInterval(ProcessCluster.POLL_INTERVAL)
        .until(
            () ->
                load.everySubscriberCurrent()
                    && publishersOnData(cluster) == RegistryLoad.PUBLISHERS * copiesPerSlot(cluster)
                    && leaders(cluster) == 1);
  }

  private static int leaders(ProcessCluster cluster) throws Exception {
    int leaders = 0;
    for (ServerProcess meta : cluster.metaServers()) {
      if (isLeader(cluster, meta)) {
        leaders++;
      }
    }
    return leaders;
  }

  private static boolean isLeader(ProcessCluster cluster, ServerProcess meta) throws Exception {
    return json(meta.httpPort(), "/health/check").path("leader").asBoolean(false);
  }

  private static long millisSince(long nanos) {
    return Duration.ofNanos(System.nanoTime() - nanos).toMillis();
  }
}
