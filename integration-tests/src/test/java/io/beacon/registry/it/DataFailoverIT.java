package io.beacon.registry.it;

import static io.beacon.registry.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.alipay.sofa.registry.core.model.ScopeEnum;
import io.beacon.registry.common.slot.SlotTable;
import io.beacon.registry.data.DataServer;
import io.beacon.registry.it.OfficialClient.Recorder;
import io.beacon.registry.testing.cluster.InProcessCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A data server goes away: the followers it replicated to take over its slots with the data in
 * place, so no subscriber ever misses a live publisher, and pushes go on.
 */
class DataFailoverIT {

  private static final int DATA_IDS = 12;

  @Test
  void followersTakeOverWithTheirReplicatedDataAndNothingIsLost() {
    try (InProcessCluster cluster =
            InProcessCluster.builder().metaNodes(1).dataNodes(2).sessionNodes(2).build();
        OfficialClient publishers = OfficialClient.pinnedTo(cluster.session(0));
        OfficialClient subscribers = OfficialClient.pinnedTo(cluster.session(1))) {
      Map<String, String> expected = new LinkedHashMap<>();
      Map<String, Recorder> recorders = new LinkedHashMap<>();
      for (int i = 0; i < DATA_IDS; i++) {
        String dataId = "failover.Data-" + i;
        publishers.publish(dataId, dataId + "@live");
        expected.put(dataId, dataId + "@live");
        recorders.put(dataId, subscribers.subscribe(dataId, ScopeEnum.dataCenter));
      }
      recorders.forEach(
          (dataId, recorder) ->
              await()
                  .untilAsserted(
                      () -> assertThat(recorder.values()).containsExactly(expected.get(dataId))));
      DataServer survivor = cluster.data(1);
      // Every slot the survivor follows is caught up with its leader.
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  survivor
                      .syncedFollowerSlots()
                      .containsAll(survivor.slotTable().slotsFollowedBy(survivor.address())));
      Map<String, Integer> pushesBefore = new LinkedHashMap<>();
      recorders.forEach((dataId, recorder) -> pushesBefore.put(dataId, recorder.pushes().size()));

      long stoppedAt = System.nanoTime();
      String gone = cluster.data(0).address();
      cluster.stopData(0);

      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                SlotTable table = cluster.session(1).slotTable();
                return table.slotsLedBy(gone).isEmpty()
                    && !table.slotsLedBy(survivor.address()).isEmpty();
              });
      System.out.printf(
          "data server stopped; its slots led by the survivor after %d ms%n",
          Duration.ofNanos(System.nanoTime() - stoppedAt).toMillis());
      publishers.publish("failover.After", "after");
      Recorder after = subscribers.subscribe("failover.After", ScopeEnum.dataCenter);
      await().untilAsserted(() -> assertThat(after.values()).containsExactly("after"));

      List<String> lost = new ArrayList<>();
      recorders.forEach(
          (dataId, recorder) -> {
            List<Recorder.Push> pushes = recorder.pushes();
            for (int i = pushesBefore.get(dataId); i < pushes.size(); i++) {
              if (!pushes.get(i).values().contains(expected.get(dataId))) {
                lost.add(dataId + " push " + i + " = " + pushes.get(i).values());
              }
            }
            assertThat(recorder.values()).containsExactly(expected.get(dataId));
          });
      assertThat(lost).as("pushes missing a live publisher").isEmpty();
    }
  }
}
