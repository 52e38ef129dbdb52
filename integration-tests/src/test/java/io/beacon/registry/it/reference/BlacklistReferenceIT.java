package io.beacon.registry.it.reference;

import static io.beacon.registry.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.alipay.sofa.registry.core.model.ScopeEnum;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.beacon.registry.it.AdminHttp;
import io.beacon.registry.it.OfficialClient;
import io.beacon.registry.it.OfficialClient.Recorder;
import io.beacon.registry.it.RawBoltSubscriber;
import io.beacon.registry.testing.cluster.InProcessCluster;
import io.beacon.registry.testing.reference.ReferenceRegistry;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The client-IP blacklists ({@code POST /blacklist/update}) on the published SOFARegistry 6.3.0
 * server and on Beacon, with the same script: official clients at 127.0.0.1 (the listed IP), raw
 * Bolt clients at 127.0.0.2 watching and publishing from outside the lists.
 *
 * <p>While a list is on, both behave alike: {@code FORBIDDEN_PUB} takes the IP's publishers out of
 * the datum (the watcher is pushed the empty list) and keeps a publisher registered meanwhile out;
 * {@code FORBIDDEN_SUB_BY_PREFIX} takes out what the IP registered before the update, its
 * subscriber and its publisher, and accepts and pushes a subscriber registered afterwards. After
 * the lift they differ, as documented: the reference restores nothing, Beacon restores everything
 * the lists took out, without any client re-registering.
 */
class BlacklistReferenceIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LISTED_IP = "127.0.0.1";
  private static final String OTHER_IP = "127.0.0.2";
  private static final String LIFT =
      "{\"FORBIDDEN_PUB\":{\"IP_FULL\":[]},\"FORBIDDEN_SUB_BY_PREFIX\":{\"IP_FULL\":[]}}";
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Duration QUIET = Duration.ofSeconds(8);

  @RegisterExtension final ReferenceLogsOnFailure logs = new ReferenceLogsOnFailure();

  /** Where one server is reached, and how its data server counts a datum's publishers. */
  private record Target(
      String name,
      int clientPort,
      int sessionHttp,
      int metaHttp,
      ToIntFunction<String> publishersInData) {}

  /** What the script saw after the lift. */
  private record AfterLift(
      List<String> watcherValues, int publishers, boolean oldSubscriberPushed) {}

  @Test
  void whileOnBothTakeOutTheSameRegistrationsAndOnlyBeaconRestoresThemAfterTheLift(TestInfo test)
      throws Exception {
    AfterLift reference;
    try (ReferenceRegistry registry =
        ReferenceRegistry.start(ReferenceLogsOnFailure.runName(test))) {
      reference =
          script(
              new Target(
                  "reference",
                  ReferenceRegistry.SESSION_CLIENT_PORT,
                  ReferenceRegistry.SESSION_HTTP_PORT,
                  ReferenceRegistry.META_HTTP_PORT,
                  BlacklistReferenceIT::referenceDatumPublishers),
              false);
      assertThat(registry.isAlive()).isTrue();
    }
    AfterLift beacon;
    try (InProcessCluster cluster =
        InProcessCluster.builder().metaNodes(1).dataNodes(1).sessionNodes(1).build()) {
      int dataHttp = cluster.data(0).httpPort();
      beacon =
          script(
              new Target(
                  "beacon",
                  cluster.session(0).clientPort(),
                  cluster.session(0).httpPort(),
                  cluster.meta(0).httpPort(),
                  dataId -> beaconDatumPublishers(dataHttp, dataId)),
              true);
    }
    System.out.printf(
        "after the lift: reference %s%nafter the lift: beacon %s%n", reference, beacon);
  }

  /**
   * Runs the script against {@code target}, asserting what both do while the lists are on, then the
   * restore (or its absence) after the lift.
   */
  private static AfterLift script(Target target, boolean restores) throws Exception {
    String pubData = "bl-pub-" + UUID.randomUUID();
    String subData = "bl-sub-" + UUID.randomUUID();
    try (RawBoltSubscriber outside = new RawBoltSubscriber(target.clientPort(), OTHER_IP);
        OfficialClient listed = OfficialClient.pinnedToPort(target.clientPort())) {
      // FORBIDDEN_PUB: the listed IP's publisher leaves every subscriber; one registered meanwhile
      // stays out.
      outside.subscribe("watcher", pubData);
      listed.publish(pubData, "before");
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> assertThat(outside.newestValues("watcher")).containsExactly("before"));
      blacklist(target, "{\"FORBIDDEN_PUB\":{\"IP_FULL\":[\"" + LISTED_IP + "\"]}}");
      await()
          .atMost(WAIT)
          .untilAsserted(() -> assertThat(outside.newestValues("watcher")).isEmpty());
      assertThat(target.publishersInData().applyAsInt(pubData)).isZero();
      listed.publish(pubData, "while");
      await()
          .during(Duration.ofSeconds(3))
          .atMost(WAIT)
          .until(() -> outside.newestValues("watcher").isEmpty());
      System.out.printf(
          "%s: FORBIDDEN_PUB on: watcher sees [], datum has 0 publishers%n", target.name());
      blacklist(target, LIFT);
      if (restores) {
        await()
            .atMost(WAIT)
            .untilAsserted(
                () ->
                    assertThat(outside.newestValues("watcher"))
                        .containsExactlyInAnyOrder("before", "while"));
      } else {
        await()
            .during(QUIET)
            .atMost(QUIET.plus(WAIT))
            .until(() -> outside.newestValues("watcher").isEmpty());
      }
      List<String> watcherAfterLift = outside.newestValues("watcher");

      // FORBIDDEN_SUB_BY_PREFIX: what the IP held leaves, a subscriber registered later is pushed.
      outside.publish("outside", subData, "other-ip", 1);
      Recorder old = listed.subscribe(subData, ScopeEnum.dataCenter);
      listed.publish(subData, "listed-ip");
      await()
          .atMost(WAIT)
          .untilAsserted(() -> assertThat(old.values()).containsExactly("listed-ip", "other-ip"));
      blacklist(target, "{\"FORBIDDEN_SUB_BY_PREFIX\":{\"IP_FULL\":[\"" + LISTED_IP + "\"]}}");
      await().atMost(WAIT).until(() -> digestCount(target, "sub", subData) == 0);
      await().atMost(WAIT).until(() -> digestCount(target, "pub", subData) == 1);
      int heard = old.pushes().size();
      Recorder later = listed.subscribe(subData, ScopeEnum.dataCenter);
      await()
          .atMost(WAIT)
          .untilAsserted(() -> assertThat(later.values()).containsExactly("other-ip"));
      assertThat(digestCount(target, "sub", subData)).isEqualTo(1);
      assertThat(old.pushes()).hasSize(heard);
      System.out.printf(
          "%s: FORBIDDEN_SUB_BY_PREFIX on: old subscriber and publisher out, later subscriber"
              + " pushed %s%n",
          target.name(), later.values());

      blacklist(target, LIFT);
      if (restores) {
        await().atMost(WAIT).until(() -> old.pushes().size() > heard);
        await().atMost(WAIT).until(() -> digestCount(target, "pub", subData) == 2);
      } else {
        await()
            .during(QUIET)
            .atMost(QUIET.plus(WAIT))
            .until(() -> old.pushes().size() == heard && digestCount(target, "pub", subData) == 1);
      }
      return new AfterLift(
          watcherAfterLift, digestCount(target, "pub", subData), old.pushes().size() > heard);
    }
  }

  private static void blacklist(Target target, String document) {
    AdminHttp.ok(AdminHttp.postJson(target.metaHttp(), "/blacklist/update", document));
  }

  private static int digestCount(Target target, String type, String dataId) {
    return SessionDigests.count(target.sessionHttp(), type, dataId);
  }

  private static int referenceDatumPublishers(String dataId) {
    try {
      JsonNode answer =
          JSON.readTree(
              AdminHttp.ok(
                  AdminHttp.get(
                      ReferenceRegistry.DATA_HTTP_PORT,
                      "/digest/datum/query?dataId="
                          + encode(dataId)
                          + "&group=DEFAULT_GROUP&instanceId=DEFAULT_INSTANCE_ID"
                          + "&dataCenter=DefaultDataCenter")));
      return answer.path("DefaultDataCenter").path("pubMap").size();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int beaconDatumPublishers(int dataHttp, String dataId) {
    try {
      JsonNode datum =
          JSON.readTree(
              AdminHttp.ok(
                  AdminHttp.get(
                      dataHttp, "/digest/datum/query?dataInfoId=" + encode(dataInfoId(dataId)))));
      return datum.path("publishers").size();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String dataInfoId(String dataId) {
    return SessionDigests.dataInfoId(dataId);
  }

  private static String encode(String value) {
    return SessionDigests.encode(value);
  }
}
