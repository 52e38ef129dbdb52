package io.beacon.registry.it;

import static io.beacon.registry.it.AdminHttp.ok;
import static io.beacon.registry.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.alipay.sofa.registry.client.api.Publisher;
import com.alipay.sofa.registry.core.model.ScopeEnum;
import io.beacon.registry.data.DataServer;
import io.beacon.registry.it.OfficialClient.Recorder;
import io.beacon.registry.session.SessionServer;
import io.beacon.registry.testing.cluster.InProcessCluster;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Switches set through the meta admin endpoints (the reference's paths) reach every session through
 * the heartbeat, and sessions act on them, seen through the official 6.3.0 client. Every official
 * client here connects from 127.0.0.1, so a switch by IP applies to all of them; a raw client from
 * 127.0.0.2 watches from outside. Each test restores the switches it set.
 */
class SwitchesIT {

  private static final String CLIENT_IP = "127.0.0.1";
  private static final String OTHER_IP = "127.0.0.2";
  private static InProcessCluster cluster;
  @RegisterExtension final OfficialClients clients = new OfficialClients();

  @BeforeAll
  static void startCluster() {
    cluster = InProcessCluster.builder().metaNodes(1).dataNodes(2).sessionNodes(2).build();
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  private OfficialClient client(int session) {
    return clients.pinnedTo(cluster.session(session));
  }

  private static int metaHttp() {
    return cluster.meta(0).httpPort();
  }

  /** Waits until every session acts on the switches meta holds now. */
  private static void awaitSessionsCaughtUp() {
    long version = cluster.meta(0).switches().version();
    for (SessionServer session : cluster.sessionServers()) {
      await().until(() -> session.switches().version() >= version);
    }
  }

  private static void blacklist(String document) {
    ok(AdminHttp.postJson(metaHttp(), "/blacklist/update", document));
  }

  /** What session {@code index} answers to {@code /digest/<type>/data/query?dataInfoId=}. */
  private static String digest(int index, String type, String dataInfoId) {
    return ok(
        AdminHttp.get(
            cluster.session(index).httpPort(),
            "/digest/"
                + type
                + "/data/query?dataInfoId="
                + URLEncoder.encode(dataInfoId, StandardCharsets.UTF_8)));
  }

  /** The most publishers any data server holds for {@code dataId} (leader and followers). */
  private static int publishersInData(String dataId) {
    String dataInfoId = dataId + "#@#DEFAULT_INSTANCE_ID#@#DEFAULT_GROUP";
    int most = 0;
    for (DataServer data : cluster.dataServers()) {
      String datum =
          ok(
              AdminHttp.get(
                  data.httpPort(),
                  "/digest/datum/query?dataInfoId="
                      + URLEncoder.encode(dataInfoId, StandardCharsets.UTF_8)));
      most = Math.max(most, datum.split("\"registerId\"", -1).length - 1);
    }
    return most;
  }

  private static String dataId() {
    return "switch.Service-" + UUID.randomUUID();
  }

  @Test
  void stopPushHoldsBackEveryPushUntilItIsTurnedOff() {
    String dataId = dataId();
    Recorder recorder = client(1).subscribe(dataId, ScopeEnum.dataCenter);
    await().until(recorder::received);
    try {
      ok(AdminHttp.get(metaHttp(), "/stopPushDataSwitch/open"));
      awaitSessionsCaughtUp();

      client(0).publish(dataId, "held-back");

      await()
          .during(Duration.ofMillis(1500))
          .atMost(Duration.ofSeconds(3))
          .until(() -> recorder.values().isEmpty());
    } finally {
      ok(AdminHttp.get(metaHttp(), "/stopPushDataSwitch/close"));
    }
    await().untilAsserted(() -> assertThat(recorder.values()).containsExactly("held-back"));
  }

  @Test
  void grayOpenLetsPushesThroughToItsIpsOnlyWhileStopPushIsOn() {
    String dataId = dataId();
    Recorder recorder = client(1).subscribe(dataId, ScopeEnum.dataCenter);
    await().until(recorder::received);
    try {
      ok(AdminHttp.get(metaHttp(), "/stopPushDataSwitch/open"));
      ok(
          AdminHttp.postJson(
              metaHttp(), "/stopPushDataSwitch/grayOpen", "{\"ips\":[\"10.9.9.9\"]}"));
      awaitSessionsCaughtUp();
      Publisher publisher = client(0).publish(dataId, "v1");
      await()
          .during(Duration.ofMillis(1000))
          .atMost(Duration.ofSeconds(3))
          .until(() -> recorder.values().isEmpty());

      ok(
          AdminHttp.postJson(
              metaHttp(), "/stopPushDataSwitch/grayOpen", "{\"ips\":[\"" + CLIENT_IP + "\"]}"));

      await().untilAsserted(() -> assertThat(recorder.values()).containsExactly("v1"));
      publisher.republish("v2");
      await().untilAsserted(() -> assertThat(recorder.values()).containsExactly("v2"));
      assertThat(cluster.meta(0).switches().stopPush()).isTrue();
    } finally {
      ok(AdminHttp.postJson(metaHttp(), "/stopPushDataSwitch/grayOpen", "{\"ips\":[]}"));
      ok(AdminHttp.get(metaHttp(), "/stopPushDataSwitch/close"));
    }
  }

  @Test
  void aBlacklistedPublisherIpNeverReachesSubscribers() {
    String dataId = dataId();
    Recorder recorder = client(1).subscribe(dataId, ScopeEnum.dataCenter);
    await().until(recorder::received);
    try {
      ok(
          AdminHttp.postJson(
              metaHttp(),
              "/blacklist/update",
              "{\"FORBIDDEN_PUB\":{\"IP_FULL\":[\""
                  + CLIENT_IP
                  + "\"]},"
                  + "\"FORBIDDEN_SUB_BY_PREFIX\":{\"IP_FULL\":[]}}"));
      awaitSessionsCaughtUp();

      client(0).publish(dataId, "forbidden");

      await()
          .during(Duration.ofMillis(1500))
          .atMost(Duration.ofSeconds(3))
          .until(() -> recorder.values().isEmpty());
      assertThat(cluster.session(0).registry().publishers())
          .noneMatch(p -> p.dataInfoId().startsWith(dataId));
    } finally {
      ok(
          AdminHttp.postJson(
              metaHttp(),
              "/blacklist/update",
              "{\"FORBIDDEN_PUB\":{\"IP_FULL\":[]},\"FORBIDDEN_SUB_BY_PREFIX\":{\"IP_FULL\":[]}}"));
    }
  }

  /**
   * {@code FORBIDDEN_PUB} takes the publishers the IP already has out of every datum, keeps the
   * ones it registers meanwhile out, and its lift brings all of them back with no client action (a
   * documented improvement: the reference never restores). Watched by a subscriber at another IP
   * (127.0.0.2), which the blacklist does not touch.
   */
  @Test
  void aPublisherBlacklistTakesTheIpsPublishersFromEverySubscriberAndItsLiftBringsThemBack()
      throws Exception {
    String dataId = dataId();
    try (RawBoltSubscriber watcher =
        new RawBoltSubscriber(cluster.session(1).clientPort(), OTHER_IP)) {
      watcher.subscribe("watcher", dataId);
      client(0).publish(dataId, "before");
      await()
          .untilAsserted(
              () -> assertThat(watcher.newestValues("watcher")).containsExactly("before"));
      try {
        blacklist("{\"FORBIDDEN_PUB\":{\"IP_FULL\":[\"" + CLIENT_IP + "\"]}}");
        awaitSessionsCaughtUp();

        await().untilAsserted(() -> assertThat(watcher.newestValues("watcher")).isEmpty());
        await().until(() -> publishersInData(dataId) == 0);
        client(0).publish(dataId, "while");
        await()
            .during(Duration.ofMillis(1500))
            .atMost(Duration.ofSeconds(3))
            .until(() -> watcher.newestValues("watcher").isEmpty());
        assertThat(cluster.session(0).registry().blockedPublisherCount()).isEqualTo(2);
      } finally {
        blacklist("{}");
      }
      await()
          .untilAsserted(
              () ->
                  assertThat(watcher.newestValues("watcher"))
                      .containsExactlyInAnyOrder("before", "while"));
      // Renews run every second here: two periods later the digest sync has kept both.
      await()
          .during(Duration.ofMillis(2500))
          .atMost(Duration.ofSeconds(5))
          .until(() -> watcher.newestValues("watcher").size() == 2);
      assertThat(publishersInData(dataId)).isEqualTo(2);
    }
  }

  /**
   * {@code FORBIDDEN_SUB_BY_PREFIX}, as the reference does it: at the update, everything the IP's
   * connections registered leaves (its subscriber hears nothing more, its publisher is out of the
   * datum); subscribers it registers afterwards are accepted and pushed. Beacon's lift restores
   * what left: the old subscriber gets a push again and the publisher is back.
   */
  @Test
  void aSubscriberBlacklistTakesOutWhatTheIpHeldAcceptsLaterSubscribersAndItsLiftRestores()
      throws Exception {
    String dataId = dataId();
    String dataInfoId = dataId + "#@#DEFAULT_INSTANCE_ID#@#DEFAULT_GROUP";
    try (RawBoltSubscriber otherIp =
        new RawBoltSubscriber(cluster.session(0).clientPort(), OTHER_IP)) {
      otherIp.publish("other", dataId, "other-ip", 1);
      Recorder old = client(1).subscribe(dataId, ScopeEnum.dataCenter);
      client(0).publish(dataId, "listed-ip");
      await()
          .untilAsserted(() -> assertThat(old.values()).containsExactly("listed-ip", "other-ip"));
      int heardBefore;
      try {
        blacklist("{\"FORBIDDEN_SUB_BY_PREFIX\":{\"IP_FULL\":[\"" + CLIENT_IP + "\"]}}");
        awaitSessionsCaughtUp();
        heardBefore = old.pushes().size();

        assertThat(digest(1, "sub", dataInfoId)).isEqualTo("[]");
        await().until(() -> publishersInData(dataId) == 1);
        Recorder later = client(1).subscribe(dataId, ScopeEnum.dataCenter);
        await().untilAsserted(() -> assertThat(later.values()).containsExactly("other-ip"));
        assertThat(digest(1, "sub", dataInfoId)).contains(CLIENT_IP);
        assertThat(old.pushes()).hasSize(heardBefore);
      } finally {
        blacklist("{}");
      }
      await().until(() -> old.pushes().size() > heardBefore);
      await()
          .untilAsserted(() -> assertThat(old.values()).containsExactly("listed-ip", "other-ip"));
      assertThat(publishersInData(dataId)).isEqualTo(2);
    }
  }

  @Test
  void nobodyCanPublishToABlacklistedDataInfoId() {
    String dataId = dataId();
    Recorder recorder = client(1).subscribe(dataId, ScopeEnum.dataCenter);
    await().until(recorder::received);
    String form = "dataId=" + dataId + "&group=DEFAULT_GROUP&instanceId=DEFAULT_INSTANCE_ID";
    try {
      ok(AdminHttp.postForm(metaHttp(), "/datainfoid/blacklist/add", form));
      assertThat(ok(AdminHttp.get(metaHttp(), "/datainfoid/blacklist/query"))).contains(dataId);
      awaitSessionsCaughtUp();

      client(0).publish(dataId, "blocked");

      await()
          .during(Duration.ofMillis(1500))
          .atMost(Duration.ofSeconds(3))
          .until(() -> recorder.values().isEmpty());
    } finally {
      ok(AdminHttp.postForm(metaHttp(), "/datainfoid/blacklist/delete", form));
    }
  }

  @Test
  void clientOffRemovesAnIpsPublishersUntilClientOpenBringsThemBack() {
    String dataId = dataId();
    Publisher publisher = client(0).publish(dataId, "online");
    Recorder recorder = client(1).subscribe(dataId, ScopeEnum.dataCenter);
    await().untilAsserted(() -> assertThat(recorder.values()).containsExactly("online"));
    try {
      ok(AdminHttp.postForm(metaHttp(), "/api/clientManager/clientOff", "ips=" + CLIENT_IP));
      assertThat(ok(AdminHttp.get(metaHttp(), "/api/clientManager/query"))).contains(CLIENT_IP);

      await().untilAsserted(() -> assertThat(recorder.values()).isEmpty());
      publisher.republish("still-off");
      await()
          .during(Duration.ofMillis(1500))
          .atMost(Duration.ofSeconds(3))
          .until(() -> recorder.values().isEmpty());
    } finally {
      ok(AdminHttp.postForm(metaHttp(), "/api/clientManager/clientOpen", "ips=" + CLIENT_IP));
    }
    // Client-open closes the IP's connections; the clients reconnect and register everything again.
    await().untilAsserted(() -> assertThat(recorder.values()).containsExactly("still-off"));
  }

  /**
   * {@code clientOffWithSub} turns the IP off like {@code clientOff}; its {@code sub} flag is
   * stored and reported but, as in 6.3.0, changes nothing: the IP's subscriber keeps being pushed.
   */
  @Test
  void clientOffWithSubRemovesTheIpsPublishersAndKeepsItsSubscribersPushed() throws Exception {
    String dataId = dataId();
    try (RawBoltSubscriber outside =
        new RawBoltSubscriber(cluster.session(0).clientPort(), OTHER_IP)) {
      outside.publish("outside", dataId, "outside", 1);
      client(0).publish(dataId, "inside");
      Recorder recorder = client(1).subscribe(dataId, ScopeEnum.dataCenter);
      await()
          .untilAsserted(() -> assertThat(recorder.values()).containsExactly("inside", "outside"));
      try {
        ok(
            AdminHttp.postForm(
                metaHttp(),
                "/api/clientManager/clientOffWithSub",
                "ips="
                    + URLEncoder.encode(
                        "[{\"address\":\"" + CLIENT_IP + "\",\"pub\":true,\"sub\":true}]",
                        StandardCharsets.UTF_8)));
        assertThat(ok(AdminHttp.get(metaHttp(), "/api/clientManager/query")))
            .contains("\"address\":\"" + CLIENT_IP + "\",\"pub\":true,\"sub\":true");

        await().untilAsserted(() -> assertThat(recorder.values()).containsExactly("outside"));
        outside.publish("outside", dataId, "outside-2", 2);
        await().untilAsserted(() -> assertThat(recorder.values()).containsExactly("outside-2"));
      } finally {
        ok(AdminHttp.postForm(metaHttp(), "/api/clientManager/clientOpen", "ips=" + CLIENT_IP));
      }
      await()
          .untilAsserted(
              () -> assertThat(recorder.values()).containsExactly("inside", "outside-2"));
    }
  }

  /**
   * {@code reduce} turns a client-off IP back on without closing its connections: it may publish
   * again at once, and what the client-off removed stays removed (no reconnect replays it), as in
   * the reference.
   */
  @Test
  void reduceLetsTheIpPublishAgainWithoutReconnectingAndWhatWasRemovedStaysRemoved()
      throws Exception {
    String dataId = dataId();
    try (RawBoltSubscriber watcher =
        new RawBoltSubscriber(cluster.session(1).clientPort(), OTHER_IP)) {
      watcher.subscribe("watcher", dataId);
      OfficialClient publisher = client(0);
      publisher.publish(dataId, "old");
      await()
          .untilAsserted(() -> assertThat(watcher.newestValues("watcher")).containsExactly("old"));
      try {
        ok(AdminHttp.postForm(metaHttp(), "/api/clientManager/clientOff", "ips=" + CLIENT_IP));
        await().untilAsserted(() -> assertThat(watcher.newestValues("watcher")).isEmpty());

        ok(AdminHttp.postForm(metaHttp(), "/api/clientManager/reduce", "ips=" + CLIENT_IP));
        assertThat(ok(AdminHttp.get(metaHttp(), "/api/clientManager/query")))
            .contains("\"reduces\":[\"" + CLIENT_IP + "\"]");
        await()
            .during(Duration.ofMillis(1500))
            .atMost(Duration.ofSeconds(3))
            .until(() -> watcher.newestValues("watcher").isEmpty());

        publisher.publish(dataId, "new");
        await()
            .untilAsserted(
                () -> assertThat(watcher.newestValues("watcher")).containsExactly("new"));
      } finally {
        ok(AdminHttp.postForm(metaHttp(), "/api/clientManager/clientOpen", "ips=" + CLIENT_IP));
      }
    }
  }

  @Test
  void provideDataIsStoredQueriedAndRemovedThroughTheReferencePaths() {
    String body =
        "{\"dataId\":\"beacon.it.flag\",\"group\":\"CONFIG\",\"instanceId\":\"9600\","
            + "\"version\":1,\"data\":\"on\"}";
    ok(AdminHttp.postJson(metaHttp(), "/persistentData/put", body));
    assertThat(
            ok(
                AdminHttp.get(
                    metaHttp(),
                    "/persistentData/query?dataId=beacon.it.flag&group=CONFIG&instanceId=9600")))
        .contains("\"data\":\"on\"");
    assertThat(
            ok(
                AdminHttp.get(
                    metaHttp(),
                    "/persistentData/query?dataInfoId=beacon.it.flag%23%40%239600%23%40%23CONFIG")))
        .contains("\"dataId\":\"beacon.it.flag\"")
        .contains("\"data\":\"on\"");
    ok(AdminHttp.postJson(metaHttp(), "/persistentData/remove", body));
    // An absent key is a 200 with null data, as in the reference.
    assertThat(
            ok(
                AdminHttp.get(
                    metaHttp(),
                    "/persistentData/query?dataId=beacon.it.flag&group=CONFIG&instanceId=9600")))
        .isEqualTo("{\"success\":true,\"message\":null,\"data\":null}");
  }
}
