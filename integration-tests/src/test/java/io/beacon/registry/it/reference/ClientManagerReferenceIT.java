package io.beacon.registry.it.reference;

import static io.beacon.registry.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.alipay.sofa.registry.core.model.ScopeEnum;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.beacon.registry.it.AdminHttp;
import io.beacon.registry.it.OfficialClient;
import io.beacon.registry.testing.cluster.InProcessCluster;
import io.beacon.registry.testing.reference.ReferenceRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The persistent client manager ({@code /api/clientManager/*}) on the published SOFARegistry 6.3.0
 * server and on Beacon, with the same calls: the same answers to {@code clientOff}, {@code
 * clientOffWithSub} and {@code reduce}, the same {@code query} shape (and "data not found" before
 * anything was written), and the same effect on an official client at 127.0.0.1: turned off with
 * {@code sub:true} its publisher is removed and its subscriber stays; reduced, the removed
 * publisher stays removed.
 */
class ClientManagerReferenceIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FORM_OFF_WITH_SUB =
      "[{\"address\":\"127.0.0.1\",\"pub\":true,\"sub\":true},"
          + "{\"address\":\"10.1.1.4\",\"pub\":true,\"sub\":false}]";
  private static final Duration WAIT = Duration.ofSeconds(20);

  @RegisterExtension final ReferenceLogsOnFailure logs = new ReferenceLogsOnFailure();

  /** What one server answered. */
  private record Answers(
      JsonNode notFound,
      List<String> writes,
      JsonNode query,
      boolean subscriberKept,
      boolean publisherStayedRemoved) {}

  @Test
  void theReferenceAndBeaconAnswerAndActAlike(TestInfo test) throws Exception {
    Answers reference;
    try (ReferenceRegistry registry =
        ReferenceRegistry.start(ReferenceLogsOnFailure.runName(test))) {
      reference =
          script(
              ReferenceRegistry.META_HTTP_PORT,
              ReferenceRegistry.SESSION_CLIENT_PORT,
              ReferenceRegistry.SESSION_HTTP_PORT);
      assertThat(registry.isAlive()).isTrue();
    }
    Answers beacon;
    try (InProcessCluster cluster =
        InProcessCluster.builder().metaNodes(1).dataNodes(1).sessionNodes(1).build()) {
      beacon =
          script(
              cluster.meta(0).httpPort(),
              cluster.session(0).clientPort(),
              cluster.session(0).httpPort());
    }
    System.out.printf("reference: %s%nbeacon:    %s%n", reference, beacon);

    assertThat(beacon.notFound()).isEqualTo(reference.notFound());
    assertThat(beacon.writes()).isEqualTo(reference.writes());
    JsonNode referenceData = reference.query().get("data");
    JsonNode beaconData = beacon.query().get("data");
    assertThat(fieldNames(beacon.query())).isEqualTo(fieldNames(reference.query()));
    assertThat(fieldNames(beaconData)).isEqualTo(fieldNames(referenceData));
    assertThat(beaconData.get("version").isIntegralNumber()).isTrue();
    JsonNode referenceOff = referenceData.get("clientOffAddress");
    JsonNode beaconOff = beaconData.get("clientOffAddress");
    assertThat(fieldNames(beaconOff)).isEqualTo(fieldNames(referenceOff)).containsOnly("10.1.1.4");
    for (JsonNode entry : List.of(referenceOff.get("10.1.1.4"), beaconOff.get("10.1.1.4"))) {
      assertThat(fieldNames(entry)).containsExactly("version", "address", "pub", "sub");
      assertThat(entry.get("pub").asBoolean()).isTrue();
      assertThat(entry.get("sub").asBoolean()).isFalse();
    }
    assertThat(strings(beaconData.get("reduces")))
        .isEqualTo(strings(referenceData.get("reduces")))
        .containsExactly("10.1.1.2", "127.0.0.1");
    assertThat(beacon.subscriberKept()).isTrue().isEqualTo(reference.subscriberKept());
    assertThat(beacon.publisherStayedRemoved())
        .isTrue()
        .isEqualTo(reference.publisherStayedRemoved());
  }

  private static Answers script(int metaHttp, int clientPort, int sessionHttp) throws Exception {
    JsonNode notFound = JSON.readTree(AdminHttp.get(metaHttp, "/api/clientManager/query").body());
    String dataId = "client-manager-" + UUID.randomUUID();
    try (OfficialClient client = OfficialClient.pinnedToPort(clientPort)) {
      client.subscribe(dataId, ScopeEnum.dataCenter);
      client.publish(dataId, "p");
      await().atMost(WAIT).until(() -> SessionDigests.count(sessionHttp, "pub", dataId) == 1);
      await().atMost(WAIT).until(() -> SessionDigests.count(sessionHttp, "sub", dataId) == 1);

      List<String> writes = new ArrayList<>();
      writes.add(write(metaHttp, "clientOff", "10.1.1.2"));
      writes.add(write(metaHttp, "clientOffWithSub", FORM_OFF_WITH_SUB));
      await().atMost(WAIT).until(() -> SessionDigests.count(sessionHttp, "pub", dataId) == 0);
      boolean subscriberKept =
          await()
              .during(Duration.ofSeconds(3))
              .atMost(WAIT)
              .until(() -> SessionDigests.count(sessionHttp, "sub", dataId) == 1, kept -> kept);
      writes.add(write(metaHttp, "reduce", "10.1.1.2;127.0.0.1"));
      JsonNode query =
          await()
              .atMost(WAIT)
              .until(
                  () -> JSON.readTree(AdminHttp.get(metaHttp, "/api/clientManager/query").body()),
                  answer -> answer.path("data").path("reduces").size() == 2);
      boolean publisherStayedRemoved =
          await()
              .during(Duration.ofSeconds(5))
              .atMost(WAIT)
              .until(() -> SessionDigests.count(sessionHttp, "pub", dataId) == 0, gone -> gone);
      return new Answers(notFound, writes, query, subscriberKept, publisherStayedRemoved);
    }
  }

  private static String write(int metaHttp, String operation, String ips) {
    return AdminHttp.ok(
        AdminHttp.postForm(
            metaHttp, "/api/clientManager/" + operation, "ips=" + SessionDigests.encode(ips)));
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static Set<String> strings(JsonNode array) {
    Set<String> values = new TreeSet<>();
    array.forEach(value -> values.add(value.asText()));
    return values;
  }
}
