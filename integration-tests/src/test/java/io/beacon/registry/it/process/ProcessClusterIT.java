package io.beacon.registry.it.process;

import static io.beacon.registry.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.alipay.sofa.registry.client.api.Publisher;
import com.alipay.sofa.registry.core.model.ScopeEnum;
import io.beacon.registry.it.OfficialClient;
import io.beacon.registry.it.OfficialClient.Recorder;
import io.beacon.registry.testing.process.ProcessCluster;
import io.beacon.registry.testing.process.ServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The multi-process fixture end to end, every server in its own JVM. With 1 meta, 2 data and 2
 * session servers, a client publishing on session 0 survives {@code kill -9} of that session by
 * reconnecting to session 1 (the official client's own reconnection), and a subscriber on session 1
 * never loses the value; pause and resume freeze and thaw a server. A data server restarts on its
 * ports and another joins.
 */
class ProcessClusterIT {

  private static final String DATA_ID = "process.it.Service";
  private static final Pattern PUBLISHERS = Pattern.compile("\"publishers\"\\s*:\\s*(\\d+)");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @RegisterExtension final ProcessLogsOnFailure logs = new ProcessLogsOnFailure();

  @Test
  void aPublisherOfASessionKilledWithSignal9MovesToTheOtherSessionAndIsNeverLost(TestInfo test)
      throws Exception {
    try (ProcessCluster cluster = ProcessClusters.twoSessions(test);
        OfficialClient subscriberClient =
            OfficialClient.pinnedToPort(cluster.sessionClientPort(1));
        OfficialClient publisherClient =
            OfficialClient.firstThenDiscovering(
                cluster.sessionClientPort(0), cluster.sessionHttpPort(1))) {
      Recorder recorder = subscriberClient.subscribe(DATA_ID, ScopeEnum.dataCenter);
      Publisher publisher = publisherClient.publish(DATA_ID, "before-kill");
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(() -> assertThat(recorder.values()).containsExactly("before-kill"));
      assertThat(publishersOn(cluster, 0)).isEqualTo(1);
      assertThat(publishersOn(cluster, 1)).isZero();
      int firstValue = recorder.pushes().size() - 1;

      long killedAt = System.nanoTime();
      cluster.killSession(0);
      publisher.republish("after-kill");

      await().atMost(Duration.ofSeconds(20)).until(() -> publishersOn(cluster, 1) == 1);
      long movedAt = System.nanoTime();
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(() -> assertThat(recorder.values()).containsExactly("after-kill"));
      long currentAt = recorder.pushes().get(recorder.pushes().size() - 1).atNanos();
      System.out.printf(
          "session-0 killed (-9): publisher re-registered on session-1 after %d ms, "
              + "subscriber current after %d ms%n",
          Duration.ofNanos(movedAt - killedAt).toMillis(),
          Duration.ofNanos(currentAt - killedAt).toMillis());

      List<Recorder.Push> sinceFirstValue =
          recorder.pushes().subList(firstValue, recorder.pushes().size());
      assertThat(sinceFirstValue)
          .allSatisfy(push -> assertThat(push.values()).hasSize(1).isSubsetOf(values()));
      // SIGKILL: the server had no chance to close (kill() itself checked exit status 137).
      assertThat(cluster.session(0).isAlive()).isFalse();
      assertThat(Files.readString(cluster.session(0).logFile()))
          .contains("session server started")
          .doesNotContain("session server closed");

      assertPauseFreezesAndResumeThaws(cluster);
    }
  }

  @Test
  void aDataServerRestartsOnItsPortsAndAnotherJoins(TestInfo test) {
    ProcessCluster cluster =
        ProcessCluster.builder(ProcessLogsOnFailure.clusterName(test))
            .metaNodes(1)
            .dataNodes(1)
            .sessionNodes(0)
            .build();
    try (cluster) {
      ServerProcess data = cluster.data(0);
      long firstPid = data.pid();
      int rpcPort = data.rpcPort();

      long killedAt = System.nanoTime();
      cluster.restartData(0);
      System.out.printf(
          "data-0 killed (-9) and healthy again on its ports after %d ms%n",
          Duration.ofNanos(System.nanoTime() - killedAt).toMillis());

      assertThat(data.pid()).isNotEqualTo(firstPid);
      assertThat(data.rpcPort()).isEqualTo(rpcPort);
      assertThat(data.incarnation()).isEqualTo(2);
      assertThat(data.logFile().getFileName()).hasToString("data-0.1.log");
      int added = cluster.addDataServer();
      assertThat(added).isEqualTo(1);
      assertThat(cluster.isHealthy(cluster.data(1))).isTrue();
    }
    assertThat(cluster.dataServers()).noneMatch(ServerProcess::isAlive);
  }

  private static void assertPauseFreezesAndResumeThaws(ProcessCluster cluster) {
    ServerProcess data = cluster.data(1);
    data.pause();
    try {
      assertThat(cluster.isHealthy(data)).as("a stopped process cannot answer").isFalse();
      assertThat(data.isAlive()).isTrue();
    } finally {
      data.resume();
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> cluster.isHealthy(data));
  }

  private static List<String> values() {
    return List.of("before-kill", "after-kill");
  }

  /** Publishers session {@code index} holds, from its {@code /digest/data/count}. */
  private static int publishersOn(ProcessCluster cluster, int index) throws Exception {
    String body =
        HTTP.send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:"
                                + cluster.sessionHttpPort(index)
                                + "/digest/data/count"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    Matcher matcher = PUBLISHERS.matcher(body);
    if (!matcher.find()) {
      throw new IllegalStateException("no publisher count in " + body);
    }
    return Integer.parseInt(matcher.group(1));
  }
}
