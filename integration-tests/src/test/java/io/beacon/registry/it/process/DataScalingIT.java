package io.beacon.registry.it.process;

import static io.beacon.registry.it.process.ClusterHttp.get;
import static io.beacon.registry.it.process.ClusterHttp.json;
import static io.beacon.registry.it.process.ClusterHttp.publishersOnData;
import static io.beacon.registry.it.process.ClusterHttp.put;
import static io.beacon.registry.it.process.ClusterHttp.slotStatus;
import static io.beacon.registry.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.beacon.registry.testing.process.ProcessCluster;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 4, acceptance item 3 on real processes (1 meta, 3 data, 3 sessions, each a JVM) under the
 * {@link RegistryLoad}: a fourth data server is added while publishers keep changing, and meta
 * moves slots onto it; later data-0 is drained through meta's ops endpoint ({@code PUT
 * /opsapi/v1/server/group/quit/{address}}), meta moves every slot off it, and once meta reports it
 * drained it is stopped. No recorded push to any subscriber misses a live publisher (so none is
 * empty: every dataId has live publishers), and the times are printed (recorded in {@code
 * docs/reliability.md}).
 */
class DataScalingIT {

  private static final int SLOTS = 16;

  @RegisterExtension final ProcessLogsOnFailure logs = new ProcessLogsOnFailure();

  private final AtomicInteger changes = new AtomicInteger();

  @Test
  void aDataServerAddedAndAnotherDrainedAndRemovedUnderLoadLoseNoPublisher(TestInfo test)
      throws Exception {
    try (ProcessCluster cluster = ProcessClusters.forLoad(test).slotCount(SLOTS).build();
        RegistryLoad load = RegistryLoad.start(cluster)) {
      load.awaitCompleteViews();
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(ProcessCluster.POLL_INTERVAL)
          .until(() -> copiesCaughtUp(cluster, 3));

      long addedAt = System.nanoTime();
      int added = cluster.addDataServer();
      long healthyAt = System.nanoTime();
      underLoad(load, () -> leadersEach(cluster, 4) && copiesCaughtUp(cluster, 4));
      long balancedAt = System.nanoTime();
      load.awaitEverySubscriberCurrent(Duration.ofSeconds(30));
      System.out.printf(
          "DataScalingIT item 3: data-%d added (healthy after %d ms): every data server leads %d"
              + " slots and every copy caught up after %d ms, every subscriber current after"
              + " %d ms, %d publishers changed meanwhile%n",
          added,
          millisBetween(addedAt, healthyAt),
          SLOTS / 4,
          millisBetween(addedAt, balancedAt),
          millisBetween(addedAt, load.everySubscriberCurrentSince(addedAt)),
          changes.get());
      assertThat(load.lostPushes()).as("pushes missing a live publisher").isEmpty();

      int drained = 0;
      String drainedAddress = ProcessCluster.HOST + ":" + cluster.dataRpcPort(drained);
      long drainAt = System.nanoTime();
      int changesBeforeDrain = changes.get();
      assertThat(put(cluster.metaHttpPort(0), "/opsapi/v1/server/group/quit/" + drainedAddress))
          .isEqualTo(200);
      underLoad(load, () -> isDrained(cluster, drainedAddress));
      long drainedAt = System.nanoTime();
      int leadsAtStop = slotStatus(cluster, drained).get("leaderCount").asInt();
      int followsAtStop = slotStatus(cluster, drained).get("followerCount").asInt();
      cluster.stopData(drained);
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(ProcessCluster.POLL_INTERVAL)
          .until(() -> metaForgot(cluster, drainedAddress) && copiesCaughtUp(cluster, 3));
      load.awaitEverySubscriberCurrent(Duration.ofSeconds(30));
      System.out.printf(
          "DataScalingIT item 3: data-%d drained (no slot led or followed) after %d ms, stopped;"
              + " every subscriber current after %d ms, %d publishers changed meanwhile%n",
          drained,
          millisBetween(drainAt, drainedAt),
          millisBetween(drainAt, load.everySubscriberCurrentSince(drainAt)),
          changes.get() - changesBeforeDrain);

      assertThat(leadsAtStop + followsAtStop).as("slots data-0 held when stopped").isZero();
      assertThat(load.lostPushes()).as("pushes missing a live publisher").isEmpty();
    }
  }

  /**
   * Waits for {@code condition} while the load keeps changing: each poll republishes two publishers
   * (bounded by the poll count of the 90 s limit).
   */
  private void underLoad(RegistryLoad load, Callable<Boolean> condition) {
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              for (int i = 0; i < 2; i++) {
                int round = changes.getAndIncrement();
                int p = (round * 37) % RegistryLoad.PUBLISHERS;
                load.republish(p, "p" + p + "-c" + round);
              }
              return condition.call();
            });
  }

  /** Every live data server leads exactly {@code each} slots. */
  private static boolean leadersEach(ProcessCluster cluster, int each) throws Exception {
    for (int d = 0; d < cluster.dataServers().size(); d++) {
      if (!cluster.isHealthy(cluster.data(d))) {
        continue;
      }
      if (slotStatus(cluster, d).get("leaderCount").asInt() != each) {
        return false;
      }
    }
    return true;
  }

  /**
   * The {@code servers} live data servers hold every slot's copies: the publishers over them are
   * the load times the copies per slot (1 + followers per slot).
   */
  private static boolean copiesCaughtUp(ProcessCluster cluster, int servers) throws Exception {
    int leaders = 0;
    int followers = 0;
    int publishers = 0;
    int live = 0;
    for (int d = 0; d < cluster.dataServers().size(); d++) {
      if (!cluster.isHealthy(cluster.data(d))) {
        continue;
      }
      live++;
      JsonNode status = slotStatus(cluster, d);
      leaders += status.get("leaderCount").asInt();
      followers += status.get("followerCount").asInt();
      publishers += publishersOnData(cluster, d);
    }
    return live == servers
        && leaders == SLOTS
        && followers % SLOTS == 0
        && publishers == RegistryLoad.PUBLISHERS * (1 + followers / SLOTS);
  }

  /** Meta's drain status lists {@code address} as drained: it leads and follows nothing. */
  private static boolean isDrained(ProcessCluster cluster, String address) throws Exception {
    JsonNode status = json(cluster.metaHttpPort(0), "/opsapi/v1/server/group/status");
    for (JsonNode node : status.path("nodes")) {
      if (address.equals(node.path("address").asText())) {
        return node.path("drained").asBoolean();
      }
    }
    return false;
  }

  private static boolean metaForgot(ProcessCluster cluster, String address) throws Exception {
    return !get(cluster.metaHttpPort(0), "/digest/data/node/query").contains(address);
  }

  private static long millisBetween(long fromNanos, long toNanos) {
    return Duration.ofNanos(toNanos - fromNanos).toMillis();
  }
}
