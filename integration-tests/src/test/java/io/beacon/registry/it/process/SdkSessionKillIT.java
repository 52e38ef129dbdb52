package io.beacon.registry.it.process;

import static io.beacon.registry.it.SdkSnapshots.last;
import static io.beacon.registry.it.SdkSnapshots.sinceFirstData;
import static io.beacon.registry.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.alipay.sofa.registry.core.model.ScopeEnum;
import io.beacon.registry.client.ClientConfig;
import io.beacon.registry.client.Publication;
import io.beacon.registry.client.RegistryClient;
import io.beacon.registry.client.Scope;
import io.beacon.registry.client.Snapshot;
import io.beacon.registry.client.Subscription;
import io.beacon.registry.it.OfficialClient;
import io.beacon.registry.it.OfficialClient.Recorder;
import io.beacon.registry.testing.process.ProcessCluster;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * kill -9 of the session Beacon's SDK is connected to (1 meta, 2 data, 2 sessions, each its own
 * JVM): the SDK is on the other session within 5 s, its publishers never miss from the pushes an
 * official client subscribed on the other session records, and its own listener never sees an empty
 * snapshot.
 */
class SdkSessionKillIT {

  private static final String DATA_ID = "process.it.SdkService";

  @RegisterExtension final ProcessLogsOnFailure logs = new ProcessLogsOnFailure();

  @Test
  void theSdkOfASessionKilledWithSignal9IsOnTheOtherSessionWithin5sAndLosesNothing(TestInfo test)
      throws Exception {
    try (ProcessCluster cluster = ProcessClusters.twoSessions(test);
        RegistryClient sdk =
            RegistryClient.create(
                ClientConfig.builder()
                    .appName("sdk-kill-it")
                    .discovery(
                        ProcessCluster.HOST + ":" + cluster.sessionHttpPort(0),
                        ProcessCluster.HOST + ":" + cluster.sessionHttpPort(1))
                    .build())) {
      List<Publication> publications =
          List.of(
              sdk.publish(DATA_ID, null, "10.0.1.1:12200"),
              sdk.publish(DATA_ID, null, "10.0.1.2:12200"));
      for (Publication publication : publications) {
        publication.acknowledged().get(20, TimeUnit.SECONDS);
      }
      List<Snapshot> snapshots = new CopyOnWriteArrayList<>();
      Subscription subscription = sdk.subscribe(DATA_ID, null, Scope.DATA_CENTER, snapshots::add);
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(() -> assertThat(last(snapshots).values()).hasSize(2));

      String connectedAddress = sdk.connectedSession().orElseThrow();
      int killed = connectedAddress.endsWith(":" + cluster.sessionClientPort(0)) ? 0 : 1;
      int other = 1 - killed;
      try (OfficialClient watcher = OfficialClient.pinnedToPort(cluster.sessionClientPort(other))) {
        Recorder recorder = watcher.subscribe(DATA_ID, ScopeEnum.dataCenter);
        await()
            .atMost(Duration.ofSeconds(20))
            .untilAsserted(
                () ->
                    assertThat(recorder.values())
                        .containsExactlyInAnyOrder("10.0.1.1:12200", "10.0.1.2:12200"));

        long killedAt = System.nanoTime();
        cluster.killSession(killed);
        String otherAddress = ProcessCluster.HOST + ":" + cluster.sessionClientPort(other);
        await()
            .atMost(Duration.ofSeconds(5))
            .until(() -> sdk.connectedSession().filter(otherAddress::equals).isPresent());
        long movedAt = System.nanoTime();
        subscription.acknowledged().get(20, TimeUnit.SECONDS);
        publications.get(0).republish("10.0.1.1:12201").get(20, TimeUnit.SECONDS);
        await()
            .atMost(Duration.ofSeconds(20))
            .untilAsserted(
                () ->
                    assertThat(recorder.values())
                        .containsExactlyInAnyOrder("10.0.1.1:12201", "10.0.1.2:12200"));
        await()
            .atMost(Duration.ofSeconds(20))
            .untilAsserted(
                () ->
                    assertThat(last(snapshots).values())
                        .containsExactlyInAnyOrder("10.0.1.1:12201", "10.0.1.2:12200"));
        long currentAt = recorder.pushes().get(recorder.pushes().size() - 1).atNanos();
        System.out.printf(
            "session-%d killed (-9): the SDK was on session-%d after %d ms, "
                + "the other session's subscriber current after %d ms%n",
            killed,
            other,
            Duration.ofNanos(movedAt - killedAt).toMillis(),
            Duration.ofNanos(currentAt - killedAt).toMillis());

        assertThat(recorder.pushes())
            .as("both SDK publishers are in every push the other session's subscriber got")
            .allSatisfy(push -> assertThat(push.values()).hasSize(2));
        assertThat(sinceFirstData(snapshots))
            .as("no empty snapshot reached the SDK listener once it had data")
            .noneMatch(Snapshot::isEmpty);
        assertThat(cluster.session(killed).isAlive()).isFalse();
      }
    }
  }
}
