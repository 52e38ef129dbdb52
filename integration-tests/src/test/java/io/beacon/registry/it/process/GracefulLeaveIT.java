package io.beacon.registry.it.process;

import static io.beacon.registry.it.process.ClusterHttp.copiesPerSlot;
import static io.beacon.registry.it.process.ClusterHttp.get;
import static io.beacon.registry.it.process.ClusterHttp.json;
import static io.beacon.registry.it.process.ClusterHttp.publishersOnData;
import static io.beacon.registry.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.alipay.sofa.registry.core.model.ScopeEnum;
import com.fasterxml.jackson.databind.JsonNode;
import io.beacon.registry.it.OfficialClient;
import io.beacon.registry.it.OfficialClient.Recorder;
import io.beacon.registry.testing.process.ProcessCluster;
import io.beacon.registry.testing.process.ServerProcess.Role;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 16, acceptance item 3, on real processes (1 meta, 3 data, 3 sessions, each a JVM) under the
 * {@link RegistryLoad} of 504 publishers from official 6.3.0 clients, every push recorded:
 *
 * <ul>
 *   <li>SIGTERM of a data server leading slots: meta hands each of its slots to a follower that
 *       held it already before the process exits, and no recorded push misses a live publisher;
 *   <li>SIGTERM of a session: discovery on the other sessions and meta stops listing it within a
 *       second, its clients move and their publishers never disappear from any subscriber, not even
 *       after its session lease ran out; only the publisher of a client that cannot move goes, when
 *       that lease ends;
 *   <li>SIGTERM of the meta leader: it releases its lease, so the other meta leads long before the
 *       lease would have expired.
 * </ul>
 *
 * The times are printed (recorded in {@code docs/reliability.md}).
 */
class GracefulLeaveIT {

  private static final int SLOTS = 16;

  /** The machine's PostgreSQL (database {@code test}, trust auth), as the meta tests use it. */
  private static final String POSTGRESQL_URL = "jdbc:postgresql://127.0.0.1:5432/test";

  /** Shorter than the 30 s default, so the expiry of the leftovers fits the test's time box. */
  private static final Duration SESSION_LEASE = Duration.ofSeconds(10);

  @RegisterExtension final ProcessLogsOnFailure logs = new ProcessLogsOnFailure();

  private int changes;

  @Test
  void aDataServerLeavingOnSigtermHandsItsSlotsToCaughtUpFollowersBeforeItExits(TestInfo test)
      throws Exception {
    try (ProcessCluster cluster =
            ProcessClusters.forLoad(test)
                .slotCount(SLOTS)
                .property(Role.DATA, "leave-timeout", "30s")
                .build();
        RegistryLoad load = RegistryLoad.start(cluster)) {
      load.awaitCompleteViews();
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(ProcessCluster.POLL_INTERVAL)
          .until(
              () -> publishersOnData(cluster) == RegistryLoad.PUBLISHERS * copiesPerSlot(cluster));
      String leaving = ProcessCluster.HOST + ":" + cluster.dataRpcPort(0);
      JsonNode before = table(cluster);
      Set<Integer> led = slotsLedBy(before, leaving);
      assertThat(led).as("slots data-0 leads").isNotEmpty();

      long sigtermAt = System.nanoTime();
      cluster.terminateData(0);
      long[] lastMovedAt = {0};
      Map<Integer, String> newLeaders = new HashMap<>();
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(ProcessCluster.POLL_INTERVAL)
          .until(
              () -> {
                republishTwo(load);
                if (lastMovedAt[0] == 0) {
                  JsonNode now = table(cluster);
                  if (slotsLedBy(now, leaving).isEmpty()) {
                    lastMovedAt[0] = System.nanoTime();
                    for (int slot : led) {
                      newLeaders.put(slot, now.get("slots").get(slot).get("leader").asText());
                    }
                  }
                }
                return cluster.data(0).exitStatus() != null;
              });
      long exitedAt = System.nanoTime();
      int exitStatus = cluster.data(0).exitStatus();
      load.awaitEverySubscriberCurrent(Duration.ofSeconds(30));
      String log = Files.readString(cluster.data(0).logFile());

      System.out.printf(
          "GracefulLeaveIT data: data-0 (leading %d of %d slots) got SIGTERM: its last leadership"
              + " moved after %d ms, it exited (status %d) after %d ms; every subscriber current"
              + " after %d ms; %d publishers changed meanwhile, no partial push among %d"
              + " subscribers' pushes%n",
          led.size(),
          SLOTS,
          millisSince(sigtermAt, lastMovedAt[0]),
          exitStatus,
          millisSince(sigtermAt, exitedAt),
          millisSince(sigtermAt, load.everySubscriberCurrentSince(sigtermAt)),
          changes,
          load.recorderCount());

      assertThat(lastMovedAt[0]).as("every leadership moved before data-0 exited").isPositive();
      for (int slot : led) {
        List<String> followers = new ArrayList<>();
        before.get("slots").get(slot).get("followers").forEach(f -> followers.add(f.asText()));
        assertThat(followers)
            .as("slot %d went to a follower that held a copy before the leave", slot)
            .contains(newLeaders.get(slot));
      }
      assertThat(log)
          .as("data-0 ended its leave because it led nothing, not at the bound")
          .contains("reason=\"leads no slot\"");
      assertThat(exitStatus).isEqualTo(143);
      assertThat(load.lostPushes()).as("pushes missing a live publisher").isEmpty();
    }
  }

  @Test
  void aSessionLeavingOnSigtermLeavesDiscoveryAtOnceAndItsClientsPublishersNeverDisappear(
      TestInfo test) throws Exception {
    try (ProcessCluster cluster =
            ProcessClusters.forLoad(test)
                .property(Role.DATA, "session-lease", SESSION_LEASE.toMillis() + "ms")
                .build();
        RegistryLoad load = RegistryLoad.start(cluster);
        OfficialClient stuck = OfficialClient.pinnedToPort(cluster.sessionClientPort(0));
        OfficialClient watcher = OfficialClient.pinnedToPort(cluster.sessionClientPort(1))) {
      // A client that knows session 0 alone: it cannot move, so its publisher is a leftover.
      stuck.publish("leave.it.Stuck", "stuck-v1");
      Recorder stuckSeen = watcher.subscribe("leave.it.Stuck", ScopeEnum.dataCenter);
      load.awaitCompleteViews();
      await().until(() -> stuckSeen.values().equals(List.of("stuck-v1")));
      String client0 = ProcessCluster.HOST + ":" + cluster.sessionClientPort(0);
      String internal0 = ProcessCluster.HOST + ":" + cluster.sessionInternalPort(0);

      long sigtermAt = System.nanoTime();
      cluster.terminateSession(0);
      long[] goneAt = new long[3];
      await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(20))
          .until(
              () -> {
                markGone(goneAt, 0, !discovery(cluster, 1).contains(client0));
                markGone(goneAt, 1, !discovery(cluster, 2).contains(client0));
                markGone(
                    goneAt,
                    2,
                    !get(cluster.metaHttpPort(0), "/digest/session/node/query")
                        .contains(internal0));
                return goneAt[0] > 0 && goneAt[1] > 0 && goneAt[2] > 0;
              });
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(ProcessCluster.POLL_INTERVAL)
          .until(() -> cluster.session(0).exitStatus() != null);
      long exitedAt = System.nanoTime();
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(ProcessCluster.POLL_INTERVAL)
          .until(
              () -> load.everyRecorderPushedSince(0, sigtermAt) && load.everySubscriberCurrent());
      long movedSubscriberBackAt = System.nanoTime();
      // Past session 0's lease on the data servers: only what nobody registered again expires.
      await()
          .atMost(SESSION_LEASE.plusSeconds(30))
          .pollInterval(ProcessCluster.POLL_INTERVAL)
          .until(() -> stuckSeen.values().isEmpty());
      long stuckGoneAt = stuckSeen.pushes().get(stuckSeen.pushes().size() - 1).atNanos();
      await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(ProcessCluster.POLL_INTERVAL)
          .until(
              () ->
                  load.everySubscriberCurrent()
                      && publishersOnLiveData(cluster) == RegistryLoad.PUBLISHERS * 2);

      System.out.printf(
          "GracefulLeaveIT session: session-0 got SIGTERM: gone from session-1's discovery after"
              + " %d ms, from session-2's after %d ms, from meta's node list after %d ms; it"
              + " exited (status %d) after %d ms; its subscriber client was pushed every dataId"
              + " again through another session after %d ms (longest gap); the publisher of the"
              + " client that could not move disappeared after %d ms (%d ms after the exit,"
              + " session lease %d ms); no push among %d subscribers' missed a live publisher%n",
          millisSince(sigtermAt, goneAt[0]),
          millisSince(sigtermAt, goneAt[1]),
          millisSince(sigtermAt, goneAt[2]),
          cluster.session(0).exitStatus(),
          millisSince(sigtermAt, exitedAt),
          millisSince(sigtermAt, movedSubscriberBackAt),
          millisSince(sigtermAt, stuckGoneAt),
          millisSince(exitedAt, stuckGoneAt),
          SESSION_LEASE.toMillis(),
          load.recorderCount());

      assertThat(millisSince(sigtermAt, Math.max(goneAt[0], Math.max(goneAt[1], goneAt[2]))))
          .as("discovery stopped listing session-0 within a second")
          .isLessThanOrEqualTo(1_000);
      // Not removed as a client unregistration (that takes moments): it stayed until session-0's
      // lease ended, counted from its last renew (every second) before the exit.
      assertThat(millisSince(exitedAt, stuckGoneAt))
          .as("the stuck client's publisher stayed until session-0's lease ended")
          .isGreaterThanOrEqualTo(SESSION_LEASE.minus(ProcessClusters.RENEW).toMillis() - 1_000);
      // From its first appearance on, every push showed it until the one that removed it.
      List<Recorder.Push> stuckPushes = stuckSeen.pushes();
      int shown = 0;
      while (!stuckPushes.get(shown).values().equals(List.of("stuck-v1"))) {
        shown++;
      }
      assertThat(stuckPushes.subList(shown, stuckPushes.size() - 1))
          .as("the stuck publisher was shown in every push until it expired")
          .allSatisfy(push -> assertThat(push.values()).containsExactly("stuck-v1"));
      assertThat(load.lostPushes()).as("pushes missing a live publisher").isEmpty();
    }
  }

  @Test
  void aMetaLeaderStoppedWithSigtermReleasesItsLease(TestInfo test) throws Exception {
    // On the machine's PostgreSQL, as a meta group runs: the embedded H2 that metas share in tests
    // (AUTO_SERVER) is closed by H2's own shutdown hook before the lease could be released.
    String dataCenter = "leave-it-" + UUID.randomUUID();
    try (ProcessCluster cluster =
        ProcessCluster.builder(ProcessLogsOnFailure.clusterName(test))
            .metaNodes(2)
            .dataNodes(1)
            .sessionNodes(1)
            .property(Role.META, "jdbc-url", POSTGRESQL_URL)
            .property(Role.META, "jdbc-user", "postgres")
            .property(Role.META, "data-center", dataCenter)
            .property(Role.DATA, "data-center", dataCenter)
            .property(Role.SESSION, "data-center", dataCenter)
            .build()) {
      int leader = leaderIndex(cluster);
      int follower = 1 - leader;
      String followerAddress = cluster.meta(follower).address();

      long sigtermAt = System.nanoTime();
      cluster.meta(leader).terminate();
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(20))
          .ignoreExceptions()
          .until(() -> followerAddress.equals(leaderAddress(cluster, follower)));
      long tookOverAt = System.nanoTime();
      Duration lease = cluster.timers().leaderLease();
      System.out.printf(
          "GracefulLeaveIT meta: meta-%d (leader) got SIGTERM: meta-%d leads after %d ms"
              + " (leader lease %d ms)%n",
          leader, follower, millisSince(sigtermAt, tookOverAt), lease.toMillis());

      assertThat(millisSince(sigtermAt, tookOverAt))
          .as("taken over before the lease could have expired: it was released")
          .isLessThan(lease.toMillis());
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(ProcessCluster.POLL_INTERVAL)
          .until(() -> cluster.isHealthy(cluster.data(0)) && cluster.isHealthy(cluster.session(0)));
    }
  }

  private void republishTwo(RegistryLoad load) {
    for (int i = 0; i < 2; i++) {
      int round = changes++;
      int p = (round * 37) % RegistryLoad.PUBLISHERS;
      load.republish(p, "p" + p + "-c" + round);
    }
  }

  private static JsonNode table(ProcessCluster cluster) throws Exception {
    return json(cluster.metaHttpPort(0), "/openapi/v1/slot/table/content");
  }

  private static Set<Integer> slotsLedBy(JsonNode table, String address) {
    Set<Integer> led = new TreeSet<>();
    for (JsonNode slot : table.get("slots")) {
      if (address.equals(slot.path("leader").asText())) {
        led.add(slot.get("id").asInt());
      }
    }
    return led;
  }

  private static String discovery(ProcessCluster cluster, int session) throws Exception {
    return get(cluster.sessionHttpPort(session), "/api/servers/query");
  }

  private static void markGone(long[] goneAt, int index, boolean gone) {
    if (gone && goneAt[index] == 0) {
      goneAt[index] = System.nanoTime();
    }
  }

  /** The publishers the data servers still running hold, every copy counted. */
  private static int publishersOnLiveData(ProcessCluster cluster) throws Exception {
    int total = 0;
    for (int d = 0; d < cluster.dataServers().size(); d++) {
      total += ClusterHttp.publishersOnData(cluster, d);
    }
    return total;
  }

  private static int leaderIndex(ProcessCluster cluster) throws Exception {
    for (int m = 0; m < cluster.metaServers().size(); m++) {
      if (cluster.meta(m).address().equals(leaderAddress(cluster, m))) {
        return m;
      }
    }
    throw new IllegalStateException("no meta leads");
  }

  private static String leaderAddress(ProcessCluster cluster, int meta) throws Exception {
    return json(cluster.metaHttpPort(meta), "/meta/leader/query")
        .path("data")
        .path("address")
        .asText();
  }

  private static long millisSince(long fromNanos, long toNanos) {
    return Duration.ofNanos(toNanos - fromNanos).toMillis();
  }
}
