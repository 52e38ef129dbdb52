package io.beacon.registry.it;

import static io.beacon.registry.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.alipay.sofa.registry.client.api.Publisher;
import com.alipay.sofa.registry.core.model.ScopeEnum;
import io.beacon.registry.common.slot.Slot;
import io.beacon.registry.common.slot.SlotTable;
import io.beacon.registry.data.DataServer;
import io.beacon.registry.it.OfficialClient.Recorder;
import io.beacon.registry.meta.MetaServer;
import io.beacon.registry.session.SessionServer;
import io.beacon.registry.testing.cluster.InProcessCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Three meta servers on one database: exactly one leads; when it dies (its lease is not released),
 * another takes over within the lease bound, sessions and data servers follow it by themselves, no
 * node ever sees the slot table epoch go back, and no slot changes leader because of the meta
 * change.
 */
class MetaFailoverIT {

  @Test
  void anotherMetaTakesOverAndNothingElseMoves() throws Exception {
    try (InProcessCluster cluster =
            InProcessCluster.builder().metaNodes(3).dataNodes(2).sessionNodes(2).build();
        OfficialClient publisherClient = OfficialClient.pinnedTo(cluster.session(0));
        OfficialClient subscriberClient = OfficialClient.pinnedTo(cluster.session(1))) {
      await().until(() -> leaders(cluster, -1) == 1);
      Recorder recorder = subscriberClient.subscribe("failover.Service", ScopeEnum.dataCenter);
      Publisher publisher = publisherClient.publish("failover.Service", "before");
      await().untilAsserted(() -> assertThat(recorder.values()).containsExactly("before"));
      await()
          .until(
              () ->
                  everyNodeHolds(
                      cluster, cluster.meta(cluster.metaLeaderIndex()).slotTable().epoch()));
      SlotTable before = cluster.session(0).slotTable();
      int follower = (cluster.metaLeaderIndex() + 1) % 3;
      var redirect = AdminHttp.get(cluster.meta(follower).httpPort(), "/digest/pushSwitch?x=1");
      assertThat(redirect.statusCode()).isEqualTo(307);
      assertThat(redirect.headers().firstValue("Location"))
          .hasValue(
              "http://127.0.0.1:"
                  + cluster.meta(cluster.metaLeaderIndex()).httpPort()
                  + "/digest/pushSwitch?x=1");

      int oldLeader = cluster.metaLeaderIndex();
      List<String> violations = new CopyOnWriteArrayList<>();
      ScheduledExecutorService monitor = Executors.newSingleThreadScheduledExecutor();
      Map<String, Long> lastEpochs = new HashMap<>();
      monitor.scheduleAtFixedRate(
          () -> watch(cluster, oldLeader, lastEpochs, violations), 0, 10, TimeUnit.MILLISECONDS);
      try {
        long haltedAt = System.nanoTime();
        cluster.haltMeta(oldLeader);

        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> cluster.metaLeaderIndex() >= 0 && cluster.metaLeaderIndex() != oldLeader);
        Duration takeover = Duration.ofNanos(System.nanoTime() - haltedAt);
        MetaServer newLeader = cluster.meta(cluster.metaLeaderIndex());
        System.out.printf(
            "meta leader %s halted; %s took over after %d ms (lease %s, renew %s)%n",
            cluster.meta(oldLeader).address(),
            newLeader.address(),
            takeover.toMillis(),
            InProcessCluster.LEADER_LEASE,
            InProcessCluster.LEADER_RENEW_INTERVAL);
        assertThat(takeover)
            .isLessThanOrEqualTo(
                InProcessCluster.LEADER_LEASE
                    .plus(InProcessCluster.LEADER_RENEW_INTERVAL)
                    .plus(Duration.ofSeconds(2)));

        for (DataServer data : cluster.dataServers()) {
          await().until(() -> newLeader.address().equals(data.metaLeader()));
        }
        for (SessionServer session : cluster.sessionServers()) {
          await().until(() -> newLeader.address().equals(session.metaLeader()));
        }
        // The new leader relearns the table from the nodes and carries on from it.
        await().until(() -> newLeader.slotTable().epoch() >= before.epoch());
        publisher.republish("after");
        await().untilAsserted(() -> assertThat(recorder.values()).containsExactly("after"));
      } finally {
        monitor.shutdownNow();
      }
      assertThat(violations).isEmpty();
      for (Supplier<SlotTable> table : tables(cluster)) {
        assertThat(leadersOf(table.get())).isEqualTo(leadersOf(before));
      }
    }
  }

  private static void watch(
      InProcessCluster cluster, int halted, Map<String, Long> lastEpochs, List<String> violations) {
    if (leaders(cluster, halted) > 1) {
      violations.add("two meta leaders at once");
    }
    List<Supplier<SlotTable>> tables = tables(cluster);
    for (int i = 0; i < tables.size(); i++) {
      long epoch = tables.get(i).get().epoch();
      Long last = lastEpochs.put("node-" + i, epoch);
      if (last != null && epoch < last) {
        violations.add("node-" + i + " epoch went back from " + last + " to " + epoch);
      }
    }
  }

  private static int leaders(InProcessCluster cluster, int halted) {
    int count = 0;
    for (int i = 0; i < 3; i++) {
      if (i != halted && cluster.meta(i).isLeader()) {
        count++;
      }
    }
    return count;
  }

  private static boolean everyNodeHolds(InProcessCluster cluster, long epoch) {
    return tables(cluster).stream().allMatch(table -> table.get().epoch() >= epoch);
  }

  private static List<Supplier<SlotTable>> tables(InProcessCluster cluster) {
    List<Supplier<SlotTable>> tables = new ArrayList<>();
    cluster.dataServers().forEach(data -> tables.add(data::slotTable));
    cluster.sessionServers().forEach(session -> tables.add(session::slotTable));
    return tables;
  }

  private static List<String> leadersOf(SlotTable table) {
    return table.slots().stream().map(Slot::leader).toList();
  }
}
