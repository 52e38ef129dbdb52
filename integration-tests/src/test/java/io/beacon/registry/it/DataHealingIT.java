package io.beacon.registry.it;

import static io.beacon.registry.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.alipay.sofa.registry.core.model.ScopeEnum;
import io.beacon.registry.it.OfficialClient.Recorder;
import io.beacon.registry.testing.cluster.InProcessCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The data tier repairs itself from the sessions: a data server that comes back with empty memory
 * at the same address (its slots, leader epochs unchanged, are still its own) gets every publisher
 * back through the sessions' renew and the slot diff sync, and no subscriber of a dataId with live
 * publishers is ever pushed an empty list meanwhile.
 */
class DataHealingIT {

  private static final int DATA_IDS = 10;

  @Test
  void aDataServerRestartedWithEmptyMemoryIsRefilledFromTheSessions() throws Exception {
    try (InProcessCluster cluster =
            InProcessCluster.builder().metaNodes(1).dataNodes(2).sessionNodes(2).build();
        OfficialClient publishers0 = OfficialClient.pinnedTo(cluster.session(0));
        OfficialClient publishers1 = OfficialClient.pinnedTo(cluster.session(1));
        OfficialClient subscribers = OfficialClient.pinnedTo(cluster.session(1))) {
      Map<String, List<String>> expected = new LinkedHashMap<>();
      Map<String, Recorder> recorders = new LinkedHashMap<>();
      for (int i = 0; i < DATA_IDS; i++) {
        String dataId = "healing.Service-" + i;
        publishers0.publish(dataId, dataId + "@s0");
        publishers1.publish(dataId, dataId + "@s1");
        expected.put(dataId, List.of(dataId + "@s0", dataId + "@s1"));
        recorders.put(dataId, subscribers.subscribe(dataId, ScopeEnum.dataCenter));
      }
      for (Map.Entry<String, Recorder> entry : recorders.entrySet()) {
        await()
            .untilAsserted(
                () ->
                    assertThat(entry.getValue().values())
                        .containsExactlyElementsOf(expected.get(entry.getKey())));
      }
      Map<String, Integer> pushesBefore = new LinkedHashMap<>();
      recorders.forEach((dataId, recorder) -> pushesBefore.put(dataId, recorder.pushes().size()));

      long restartedAt = System.nanoTime();
      cluster.restartData(0);

      for (Map.Entry<String, Recorder> entry : recorders.entrySet()) {
        await()
            .atMost(Duration.ofSeconds(20))
            .untilAsserted(
                () ->
                    assertThat(entry.getValue().values())
                        .containsExactlyElementsOf(expected.get(entry.getKey())));
      }
      // Every datum is back on its leader.
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> {
                for (String dataId : expected.keySet()) {
                  String json =
                      AdminHttp.ok(
                          AdminHttp.get(
                              leaderHttpPort(cluster, dataId),
                              "/digest/datum/query?dataInfoId="
                                  + dataId
                                  + "%23%40%23DEFAULT_INSTANCE_ID%23%40%23DEFAULT_GROUP"));
                  assertThat(json).contains(dataId + "@s0").contains(dataId + "@s1");
                }
              });
      System.out.printf(
          "restarted data server refilled from the sessions in %d ms%n",
          Duration.ofNanos(System.nanoTime() - restartedAt).toMillis());
      List<String> emptied = new ArrayList<>();
      recorders.forEach(
          (dataId, recorder) -> {
            List<Recorder.Push> pushes = recorder.pushes();
            for (int i = pushesBefore.get(dataId); i < pushes.size(); i++) {
              if (pushes.get(i).values().isEmpty()) {
                emptied.add(dataId);
              }
            }
          });
      assertThat(emptied).as("dataIds pushed empty while their publishers lived").isEmpty();
    }
  }

  private static int leaderHttpPort(InProcessCluster cluster, String dataId) {
    String dataInfoId = dataId + "#@#DEFAULT_INSTANCE_ID#@#DEFAULT_GROUP";
    String leader =
        cluster
            .session(0)
            .slotTable()
            .slot(new io.beacon.registry.common.slot.SlotFunction(16).slotOf(dataInfoId))
            .leader();
    return cluster.dataServers().stream()
        .filter(data -> data.address().equals(leader))
        .findFirst()
        .orElseThrow()
        .httpPort();
  }
}
