package io.beacon.registry.it.process;

import static io.beacon.registry.it.process.ClusterHttp.json;
import static io.beacon.registry.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.beacon.registry.testing.process.ProcessCluster;
import io.beacon.registry.testing.process.ServerProcess.Role;
import io.beacon.registry.testing.process.SessionDataLink;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 4, acceptance item 4 on real processes (1 meta, 3 data, 3 sessions, each a JVM) under the
 * {@link RegistryLoad}: the link between session-0 and every data server is cut, both ways (a
 * {@link SessionDataLink}: proxies that reset every connection), for {@link #CUT} while session-0's
 * clients publish, republish and unpublish, and clients of session-1 republish (so the data servers
 * owe session-0 change notices). Session-0 keeps its clients and its meta lease throughout.
 *
 * <p>Timing: the cut is longer than session-0's write retry, which never gives up (DataWriter
 * retries a failed batch with jittered backoff 50 ms doubling to at most 2 s, for as long as it
 * takes), so the cut spans {@code 8 s}: about ten failed attempts per slot queue, four of them at
 * the 2 s cap; and shorter than the data servers' session lease ({@link #SESSION_LEASE}), so no
 * publisher of session-0 expires. After healing, every data leader's digest of each session's
 * publishers ({@code /digest/session/slots?processId=} on data) must equal that session's renew
 * checksums ({@code /digest/session/slots} on the session) within two renew periods plus {@link
 * #RECONNECT_TOLERANCE}, and every subscriber must be current with no lost push. The times are
 * printed (recorded in {@code docs/reliability.md}).
 */
class LinkCutIT {

  private static final int SLOTS = 16;
  private static final int CUT_SESSION = 0;
  private static final Duration SESSION_LEASE = Duration.ofSeconds(20);
  private static final Duration CUT = Duration.ofSeconds(8);

  /**
   * After a heal the first call through a proxy connects anew (Bolt's connect timeout is 1 s), and
   * a renew answered with a mismatch starts a sync pass back through the other proxy: allowed on
   * top of the two renew periods.
   */
  private static final Duration RECONNECT_TOLERANCE = Duration.ofSeconds(1);

  /** Per publisher client of session-0 while cut. */
  private static final int NEW_PER_CLIENT = 30;

  private static final int UNPUBLISHED_PER_CLIENT = 15;
  private static final int REPUBLISHED_PER_CLIENT = 10;

  @RegisterExtension final ProcessLogsOnFailure logs = new ProcessLogsOnFailure();

  @Test
  void aSessionCutFromTheDataServersWithinItsLeaseConvergesWithinTwoRenewPeriodsOfTheHeal(
      TestInfo test) throws Exception {
    try (ProcessCluster cluster = cluster(test);
        RegistryLoad load = RegistryLoad.start(cluster)) {
      long startedAt = System.nanoTime();
      load.awaitCompleteViews();
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(ProcessCluster.POLL_INTERVAL)
          .until(() -> digestMismatches(cluster).isEmpty());
      System.out.printf(
          "LinkCutIT item 4: %d publishers seen by %d subscribers, digests equal, after %d ms%n",
          RegistryLoad.PUBLISHERS, load.recorderCount(), millisSince(startedAt));

      long cutAt = System.nanoTime();
      cluster.cutSessionFromData(CUT_SESSION);
      int changes = changeWhileCut(load);
      // The writes queue on session-0 and its renews no longer match what the leaders hold.
      await()
          .atMost(Duration.ofSeconds(5))
          .pollInterval(ProcessCluster.POLL_INTERVAL)
          .until(
              () ->
                  pendingWrites(cluster, CUT_SESSION) > 0
                      && mismatchedSessions(cluster).contains(CUT_SESSION));
      // For the rest of the cut nothing gets through: the writes stay queued.
      Duration rest = CUT.minus(Duration.ofNanos(System.nanoTime() - cutAt));
      await()
          .atMost(rest.plusSeconds(5))
          .during(rest)
          .pollInterval(Duration.ofMillis(500))
          .until(() -> pendingWrites(cluster, CUT_SESSION) > 0);
      long refusedWhileCut = cluster.sessionDataLink(CUT_SESSION).refusedConnections();

      long healedAt = System.nanoTime();
      cluster.healSessionToData(CUT_SESSION);
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(ProcessCluster.POLL_INTERVAL)
          .untilAsserted(
              () ->
                  assertThat(digestMismatches(cluster))
                      .as(() -> "digests after the heal; " + cluster.sessionDataLink(CUT_SESSION))
                      .isEmpty());
      long digestsMillis = millisSince(healedAt);
      load.awaitEverySubscriberCurrent(Duration.ofSeconds(60));
      long currentMillis =
          Duration.ofNanos(load.everySubscriberCurrentSince(healedAt) - healedAt).toMillis();
      // The renew's slot sync may repair the leaders before the queued writes' next retry (backoff
      // up to 2 s); those writes are then delivered too, and change nothing (older or equal).
      await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(ProcessCluster.POLL_INTERVAL)
          .until(() -> pendingWrites(cluster, CUT_SESSION) == 0);
      long drainedMillis = millisSince(healedAt);
      System.out.printf(
          "LinkCutIT item 4: session-%d cut from the data servers for %d ms (session lease %d ms, "
              + "%d connections refused) while %d changes were made on it; after the heal every "
              + "data leader's digests equal every session's after %d ms (renew %d ms)%n",
          CUT_SESSION,
          Duration.ofNanos(healedAt - cutAt).toMillis(),
          SESSION_LEASE.toMillis(),
          refusedWhileCut,
          changes,
          digestsMillis,
          ProcessClusters.RENEW.toMillis());
      System.out.printf(
          "LinkCutIT item 4: every subscriber current after %d ms from the heal (%d live "
              + "publishers; last: %s); session-%d's write queue empty after %d ms%n",
          currentMillis,
          load.livePublishers(),
          load.lastSubscriberCurrent(healedAt),
          CUT_SESSION,
          drainedMillis);

      assertThat(Duration.ofNanos(healedAt - cutAt)).isLessThan(SESSION_LEASE);
      assertThat(digestsMillis)
          .as("heal to equal digests (ms)")
          .isLessThanOrEqualTo(
              ProcessClusters.RENEW.multipliedBy(2).plus(RECONNECT_TOLERANCE).toMillis());
      assertThat(load.lostPushes()).as("pushes missing a live publisher").isEmpty();
      assertThat(digestMismatches(cluster)).as("digests after the queue drained").isEmpty();
      assertThat(load.everySubscriberCurrent()).as("every subscriber current at the end").isTrue();
    }
  }

  private static ProcessCluster cluster(TestInfo test) {
    return ProcessClusters.forLoad(test)
        .slotCount(SLOTS)
        .sessionDataLinks(CUT_SESSION)
        .property(Role.DATA, "session-lease", SESSION_LEASE.toMillis() + "ms")
        .build();
  }

  /**
   * Clients 0 and 1 (on session-0) add, republish and unpublish publishers; client 2 (session-1)
   * republishes. Returns how many changes were made on session-0.
   */
  private static int changeWhileCut(RegistryLoad load) {
    int changes = 0;
    for (int c = 0; c < 2; c++) {
      List<Integer> initial = load.publishersOfClient(c);
      for (int i = 0; i < UNPUBLISHED_PER_CLIENT; i++) {
        load.unpublish(initial.get(i));
        changes++;
      }
      for (int i = 0; i < REPUBLISHED_PER_CLIENT; i++) {
        int p = initial.get(UNPUBLISHED_PER_CLIENT + i);
        load.republish(p, "p" + p + "-v2");
        changes++;
      }
      for (int i = 0; i < NEW_PER_CLIENT; i++) {
        load.publishNew(c);
        changes++;
      }
    }
    List<Integer> elsewhere = load.publishersOfClient(2);
    for (int i = 0; i < REPUBLISHED_PER_CLIENT; i++) {
      int p = elsewhere.get(i);
      load.republish(p, "p" + p + "-v2");
    }
    return changes;
  }

  /**
   * Every difference between a session's renew checksums and its slot leaders' digests of that
   * session's publishers, over all sessions and data servers; empty when all are equal.
   */
  private static List<String> digestMismatches(ProcessCluster cluster) throws Exception {
    List<String> mismatches = new ArrayList<>();
    for (int s = 0; s < cluster.sessionServers().size(); s++) {
      mismatches.addAll(mismatchesOf(cluster, s));
    }
    return mismatches;
  }

  private static List<Integer> mismatchedSessions(ProcessCluster cluster) throws Exception {
    List<Integer> sessions = new ArrayList<>();
    for (int s = 0; s < cluster.sessionServers().size(); s++) {
      if (!mismatchesOf(cluster, s).isEmpty()) {
        sessions.add(s);
      }
    }
    return sessions;
  }

  private static List<String> mismatchesOf(ProcessCluster cluster, int session) throws Exception {
    JsonNode own = json(cluster.sessionHttpPort(session), "/digest/session/slots");
    String processId = own.get("processId").asText();
    Map<Integer, JsonNode> bySlot = new HashMap<>();
    own.get("slots").forEach(row -> bySlot.put(row.get("slotId").asInt(), row));
    List<String> mismatches = new ArrayList<>();
    if (bySlot.size() != SLOTS) {
      mismatches.add("session-" + session + " renews " + bySlot.size() + " slots");
    }
    int covered = 0;
    for (int d = 0; d < cluster.dataServers().size(); d++) {
      JsonNode held =
          json(
              cluster.dataHttpPort(d),
              "/digest/session/slots?processId="
                  + URLEncoder.encode(processId, StandardCharsets.UTF_8));
      String node = held.get("node").asText();
      for (JsonNode row : held.get("slots")) {
        int slotId = row.get("slotId").asInt();
        JsonNode mine = bySlot.get(slotId);
        covered++;
        if (mine == null
            || !mine.get("leader").asText().equals(node)
            || mine.get("leaderEpoch").asLong() != row.get("leaderEpoch").asLong()
            || mine.get("publisherCount").asInt() != row.get("publisherCount").asInt()
            || mine.get("signature").asLong() != row.get("signature").asLong()) {
          mismatches.add("session-" + session + " slot " + slotId + ": " + mine + " vs " + row);
        }
      }
    }
    if (covered != SLOTS) {
      mismatches.add("session-" + session + ": data servers lead " + covered + " slots");
    }
    return mismatches;
  }

  private static int pendingWrites(ProcessCluster cluster, int session) throws Exception {
    return json(cluster.sessionHttpPort(session), "/digest/session/slots")
        .get("pendingWrites")
        .asInt();
  }

  private static long millisSince(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
  }
}
