package io.beacon.registry.it.process;

import static io.beacon.registry.it.process.ClusterHttp.copiesPerSlot;
import static io.beacon.registry.it.process.ClusterHttp.json;
import static io.beacon.registry.it.process.ClusterHttp.publishersOnData;
import static io.beacon.registry.it.process.ClusterHttp.slotStatus;
import static io.beacon.registry.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.beacon.registry.common.slot.SlotFunction;
import io.beacon.registry.testing.process.ProcessCluster;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 4, acceptance item 5 on real processes (1 meta, 3 data, 3 sessions, each a JVM) under the
 * {@link RegistryLoad}: a data server killed, dropped by meta, then restarted with empty memory on
 * the same ports follows slots again and catches up from their leaders, so that every data server
 * holds its copies again and, for every slot it follows, its datums hold the same publishers at the
 * same versions as the leader's; no subscriber loses a live publisher meanwhile. The catch-up time
 * is printed (recorded in {@code docs/reliability.md}).
 */
class FollowerRestartIT {

  private static final int SLOTS = 16;
  private static final int RESTARTED = 1;
  private static final String INSTANCE_AND_GROUP = "#@#DEFAULT_INSTANCE_ID#@#DEFAULT_GROUP";

  @RegisterExtension final ProcessLogsOnFailure logs = new ProcessLogsOnFailure();

  @Test
  void aDataServerRestartedWithEmptyMemoryFollowsAgainAndHoldsItsLeadersDatums(TestInfo test)
      throws Exception {
    try (ProcessCluster cluster = cluster(test);
        RegistryLoad load = RegistryLoad.start(cluster)) {
      int copies = awaitSteadyState(cluster, load);

      // Meta sees data-1 gone first and moves its slots to the survivors.
      cluster.killData(RESTARTED);
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(ProcessCluster.POLL_INTERVAL)
          .until(() -> ledBySurvivors(cluster) == SLOTS);
      long restartedAt = System.nanoTime();
      cluster.restartData(RESTARTED);
      awaitCaughtUp(cluster, load, copies, restartedAt, "after meta dropped it");
    }
  }

  /**
   * Restarted within meta's node lease, data-1 reappears with a new process id before meta noticed
   * it was gone: meta must treat it as a new, empty node (its slots go to caught-up followers) and
   * it must never serve the slots it led with its empty memory.
   */
  @Test
  void aDataServerRestartedWithinMetasNodeLeaseComesBackAsAFollowerAndLosesNothing(TestInfo test)
      throws Exception {
    try (ProcessCluster cluster = cluster(test);
        RegistryLoad load = RegistryLoad.start(cluster)) {
      int copies = awaitSteadyState(cluster, load);
      assertThat(slotStatus(cluster, RESTARTED).get("leaderCount").asInt()).isPositive();

      long killedAt = System.nanoTime();
      cluster.killData(RESTARTED);
      cluster.restartData(RESTARTED);
      long restartedMillis = Duration.ofNanos(System.nanoTime() - killedAt).toMillis();
      assertThat(restartedMillis)
          .as("restarted within meta's node lease")
          .isLessThan(cluster.timers().nodeLease().toMillis());
      awaitCaughtUp(cluster, load, copies, killedAt, "restarted within the node lease");
    }
  }

  private static int awaitSteadyState(ProcessCluster cluster, RegistryLoad load) throws Exception {
    load.awaitCompleteViews();
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(ProcessCluster.POLL_INTERVAL)
        .until(() -> caughtUp(cluster));
    return copiesPerSlot(cluster);
  }

  private static void awaitCaughtUp(
      ProcessCluster cluster, RegistryLoad load, int copies, long sinceNanos, String how)
      throws Exception {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(ProcessCluster.POLL_INTERVAL)
        .until(() -> caughtUp(cluster) && copiesPerSlot(cluster) == copies);
    long caughtUpMillis = Duration.ofNanos(System.nanoTime() - sinceNanos).toMillis();
    System.out.printf(
        "FollowerRestartIT item 5: data-%d %s caught up as follower after %d ms "
            + "(%d followed slots equal to their leaders, %d publishers over %d copies)%n",
        RESTARTED,
        how,
        caughtUpMillis,
        followedSlots(cluster, RESTARTED).size(),
        RegistryLoad.PUBLISHERS * copies,
        copies);

    assertThat(followedSlots(cluster, RESTARTED)).as("slots data-1 follows").isNotEmpty();
    load.awaitEverySubscriberCurrent(Duration.ofSeconds(30));
    assertThat(load.lostPushes()).as("pushes missing a live publisher").isEmpty();
  }

  private static ProcessCluster cluster(TestInfo test) {
    return ProcessClusters.forLoad(test).slotCount(SLOTS).build();
  }

  /**
   * The restarted server follows slots, the data servers hold the load once per copy of a slot, and
   * every datum of a slot the restarted server follows equals its leader's.
   */
  private static boolean caughtUp(ProcessCluster cluster) throws Exception {
    Set<Integer> followed = followedSlots(cluster, RESTARTED);
    if (followed.isEmpty()
        || publishersOnData(cluster) != RegistryLoad.PUBLISHERS * copiesPerSlot(cluster)) {
      return false;
    }
    SlotFunction slots = new SlotFunction(SLOTS);
    for (int d = 0; d < RegistryLoad.DATA_IDS; d++) {
      String dataInfoId = RegistryLoad.dataId(d) + INSTANCE_AND_GROUP;
      int slot = slots.slotOf(dataInfoId);
      if (followed.contains(slot)
          && !publishers(cluster, RESTARTED, dataInfoId)
              .equals(publishers(cluster, leaderOf(cluster, slot), dataInfoId))) {
        return false;
      }
    }
    return true;
  }

  private static int ledBySurvivors(ProcessCluster cluster) throws Exception {
    int led = 0;
    for (int d = 0; d < cluster.dataServers().size(); d++) {
      if (d != RESTARTED) {
        led += slotStatus(cluster, d).get("leaderCount").asInt();
      }
    }
    return led;
  }

  private static Set<Integer> followedSlots(ProcessCluster cluster, int data) throws Exception {
    return slots(slotStatus(cluster, data).get("followerSlots"));
  }

  private static int leaderOf(ProcessCluster cluster, int slot) throws Exception {
    for (int d = 0; d < cluster.dataServers().size(); d++) {
      if (slots(slotStatus(cluster, d).get("leaderSlots")).contains(slot)) {
        return d;
      }
    }
    throw new IllegalStateException("no leader of slot " + slot);
  }

  /** The datum's publishers as {@code registerId@version}, which the digests are made of. */
  private static Set<String> publishers(ProcessCluster cluster, int data, String dataInfoId)
      throws Exception {
    JsonNode datum =
        json(
            cluster.dataHttpPort(data),
            "/digest/datum/query?dataInfoId="
                + URLEncoder.encode(dataInfoId, StandardCharsets.UTF_8));
    Set<String> publishers = new TreeSet<>();
    for (JsonNode publisher : datum.path("publishers")) {
      publishers.add(publisher.get("registerId").asText() + "@" + publisher.get("version"));
    }
    return publishers;
  }

  private static Set<Integer> slots(JsonNode array) {
    Set<Integer> slots = new HashSet<>();
    array.forEach(slot -> slots.add(slot.asInt()));
    return slots;
  }
}
