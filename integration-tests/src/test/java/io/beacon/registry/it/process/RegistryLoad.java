package io.beacon.registry.it.process;

import static io.beacon.registry.testing.Awaits.await;

import com.alipay.sofa.registry.client.api.Publisher;
import com.alipay.sofa.registry.core.model.ScopeEnum;
import io.beacon.registry.it.OfficialClient;
import io.beacon.registry.it.OfficialClient.Recorder;
import io.beacon.registry.testing.process.ProcessCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A load of {@link #PUBLISHERS} publishers over {@link #DATA_IDS} dataIds published through the
 * official client by {@link #PUBLISHER_CLIENTS} clients, two landing first on each of three
 * sessions, and one subscriber client per session subscribing to every dataId (dataCenter scope)
 * whose every push is recorded. Publisher {@code p} belongs to client {@code p % 6} and publishes
 * dataId {@code p % 100}. Knows which values each publisher may show and which clients live, so it
 * can tell whether a recorded push missed a live publisher. Driven by the test thread; recorders
 * are filled by the clients' threads.
 *
 * <p>Beyond the initial publishers a test may {@link #publishNew add} publishers (index {@link
 * #PUBLISHERS} and up, still of client {@code p % 6}) and {@link #unpublish} any. A publisher is
 * live from its publication until its unpublication or its client's close; a push must show a live
 * publisher if it is an initial one (from the first complete view on), or once an earlier or the
 * same push of that subscriber showed it (a new publisher may take a while to arrive, but never
 * flaps).
 */
final class RegistryLoad implements AutoCloseable {

  static final int PUBLISHERS = 504;
  static final int DATA_IDS = 100;
  static final int PUBLISHER_CLIENTS = 6;
  static final int SESSIONS = 3;

  private final List<OfficialClient> publisherClients = new ArrayList<>();
  private final List<OfficialClient> subscriberClients = new ArrayList<>();
  private final Map<Integer, Publisher> publishers = new ConcurrentHashMap<>();

  /** Unpublished publisher to {@link System#nanoTime()} just before its unregister was sent. */
  private final Map<Integer, Long> unpublishedAt = new ConcurrentHashMap<>();

  private int nextIndex = PUBLISHERS;

  /** Publisher index to its value now; every value it ever had is in {@link #acceptable}. */
  private final Map<Integer, String> current = new ConcurrentHashMap<>();

  private final Map<Integer, Set<String>> acceptable = new ConcurrentHashMap<>();
  private final Set<Integer> closedClients = ConcurrentHashMap.newKeySet();

  /** One map per subscriber session: dataId to its recorder. */
  private final List<Map<String, Recorder>> recorders = new ArrayList<>();

  /** Recorder to the index of its first complete push. */
  private final Map<Recorder, Integer> baselines = new ConcurrentHashMap<>();

  private RegistryLoad() {}

  /** Clients on session {@code s} discover through a session that is not session 0. */
  static RegistryLoad start(ProcessCluster cluster) {
    RegistryLoad load = new RegistryLoad();
    for (int s = 0; s < SESSIONS; s++) {
      OfficialClient subscriber = client(cluster, s);
      load.subscriberClients.add(subscriber);
      Map<String, Recorder> byDataId = new LinkedHashMap<>();
      for (int d = 0; d < DATA_IDS; d++) {
        byDataId.put(dataId(d), subscriber.subscribe(dataId(d), ScopeEnum.dataCenter));
      }
      load.recorders.add(byDataId);
    }
    for (int c = 0; c < PUBLISHER_CLIENTS; c++) {
      load.publisherClients.add(client(cluster, c / 2));
    }
    for (int p = 0; p < PUBLISHERS; p++) {
      String value = "p" + p + "-v1";
      load.current.put(p, value);
      load.acceptable.computeIfAbsent(p, k -> ConcurrentHashMap.newKeySet()).add(value);
      load.publishers.put(p, load.publisherClients.get(clientOf(p)).publish(dataId(p), value));
    }
    return load;
  }

  private static OfficialClient client(ProcessCluster cluster, int session) {
    int discovery = session == 1 ? 2 : 1;
    return OfficialClient.firstThenDiscovering(
        cluster.sessionClientPort(session), cluster.sessionHttpPort(discovery));
  }

  static String dataId(int publisherOrDataId) {
    return "fault.it.Service-" + (publisherOrDataId % DATA_IDS);
  }

  static int clientOf(int publisher) {
    return publisher % PUBLISHER_CLIENTS;
  }

  /** Closes publisher client {@code c} as an exiting process would. */
  void closeClient(int c) {
    closedClients.add(c);
    publisherClients.get(c).close();
  }

  /** Gives publisher {@code p} a new value. */
  void republish(int p, String value) {
    if (unpublishedAt.containsKey(p)) {
      throw new IllegalArgumentException("publisher: p" + p + " (expected: not unpublished)");
    }
    acceptable.get(p).add(value);
    current.put(p, value);
    publishers.get(p).republish(value);
  }

  /**
   * Publishes a new publisher through client {@code client} (a dataId chosen by its index, value
   * {@code p<index>-v1}); returns its index.
   */
  int publishNew(int client) {
    if (client < 0 || client >= PUBLISHER_CLIENTS || closedClients.contains(client)) {
      throw new IllegalArgumentException("client: " + client + " (expected: an open client)");
    }
    int p = nextIndex + Math.floorMod(client - nextIndex, PUBLISHER_CLIENTS);
    nextIndex = p + 1;
    String value = "p" + p + "-v1";
    acceptable.computeIfAbsent(p, k -> ConcurrentHashMap.newKeySet()).add(value);
    current.put(p, value);
    publishers.put(p, publisherClients.get(client).publish(dataId(p), value));
    return p;
  }

  /** Unregisters publisher {@code p} through its client; from now on it is not live. */
  void unpublish(int p) {
    Publisher publisher = publishers.get(p);
    if (publisher == null || unpublishedAt.containsKey(p)) {
      throw new IllegalArgumentException("publisher: p" + p + " (expected: published, live)");
    }
    unpublishedAt.put(p, System.nanoTime());
    current.remove(p);
    publisher.unregister();
  }

  /** Live publishers now: published, not unpublished, client open. */
  int livePublishers() {
    return (int)
        current.keySet().stream().filter(p -> !closedClients.contains(clientOf(p))).count();
  }

  /** The current publishers of client {@code c} (not unpublished), in index order. */
  List<Integer> publishersOfClient(int c) {
    return current.keySet().stream().filter(p -> clientOf(p) == c).sorted().toList();
  }

  int publishersOf(int client) {
    return (int) current.keySet().stream().filter(p -> clientOf(p) == client).count();
  }

  /** The sorted current values of the live publishers of {@code dataId}. */
  List<String> expected(String dataId) {
    List<String> values = new ArrayList<>();
    current.forEach(
        (p, value) -> {
          if (dataId(p).equals(dataId) && !closedClients.contains(clientOf(p))) {
            values.add(value);
          }
        });
    values.sort(null);
    return values;
  }

  /** Whether every subscriber's latest push holds exactly the live publishers' current values. */
  boolean everySubscriberCurrent() {
    for (Map<String, Recorder> byDataId : recorders) {
      for (Map.Entry<String, Recorder> entry : byDataId.entrySet()) {
        if (!entry.getValue().values().equals(expected(entry.getKey()))) {
          return false;
        }
      }
    }
    return true;
  }

  /** Waits up to {@code atMost} for every subscriber to be current. */
  void awaitEverySubscriberCurrent(Duration atMost) {
    await()
        .atMost(atMost)
        .pollInterval(ProcessCluster.POLL_INTERVAL)
        .until(this::everySubscriberCurrent);
  }

  /**
   * Waits up to 60 s for every subscriber to be current, then {@link #markCompleteViews marks} the
   * views {@link #lostPushes} checks from.
   */
  void awaitCompleteViews() {
    awaitEverySubscriberCurrent(Duration.ofSeconds(60));
    markCompleteViews();
  }

  /** Marks the latest push of every recorder as its first complete view. */
  void markCompleteViews() {
    recorders.forEach(
        byDataId -> byDataId.values().forEach(r -> baselines.put(r, r.pushes().size() - 1)));
  }

  /**
   * Every push since the first complete view that misses a live publisher (none of the values it
   * ever had) or shows a value no publisher ever had.
   */
  List<String> lostPushes() {
    List<String> lost = new ArrayList<>();
    for (int s = 0; s < recorders.size(); s++) {
      for (Map.Entry<String, Recorder> entry : recorders.get(s).entrySet()) {
        List<Recorder.Push> pushes = entry.getValue().pushes();
        Set<Integer> seen = new HashSet<>();
        for (int i = baselines.get(entry.getValue()); i < pushes.size(); i++) {
          String problem = problem(entry.getKey(), pushes.get(i), seen);
          if (problem != null) {
            lost.add("session-" + s + " " + entry.getKey() + " push " + i + ": " + problem);
          }
        }
      }
    }
    return lost;
  }

  /**
   * What is wrong with {@code push} of {@code dataId}, or null; {@code seen} holds the new
   * publishers this subscriber was shown so far and is updated with this push.
   */
  private String problem(String dataId, Recorder.Push push, Set<Integer> seen) {
    List<String> values = push.values();
    Set<String> shown = new HashSet<>(values);
    Set<String> known = new HashSet<>();
    for (Map.Entry<Integer, Set<String>> entry : acceptable.entrySet()) {
      int p = entry.getKey();
      if (!dataId(p).equals(dataId)) {
        continue;
      }
      known.addAll(entry.getValue());
      boolean showsIt = entry.getValue().stream().anyMatch(shown::contains);
      if (showsIt && p >= PUBLISHERS) {
        seen.add(p);
      }
      Long removed = unpublishedAt.get(p);
      boolean live =
          !closedClients.contains(clientOf(p)) && (removed == null || push.atNanos() < removed);
      boolean required = p < PUBLISHERS || seen.contains(p);
      if (live && required && !showsIt) {
        return "misses live publisher p" + p + " in " + values;
      }
    }
    return known.containsAll(shown) ? null : "unknown values in " + values;
  }

  /**
   * When the last subscriber became current for good: the latest arrival, over all recorders, of
   * the push from which every later push is exact; {@code sinceNanos} for a recorder that was
   * current already.
   */
  long everySubscriberCurrentSince(long sinceNanos) {
    long latest = sinceNanos;
    for (Map<String, Recorder> byDataId : recorders) {
      for (Map.Entry<String, Recorder> entry : byDataId.entrySet()) {
        List<Recorder.Push> pushes = entry.getValue().pushes();
        List<String> expected = expected(entry.getKey());
        int k = pushes.size();
        while (k > 0 && pushes.get(k - 1).values().equals(expected)) {
          k--;
        }
        if (k < pushes.size()) {
          latest = Math.max(latest, pushes.get(k).atNanos());
        }
      }
    }
    return latest;
  }

  /**
   * Which subscriber became current last for good, as {@code session-<s> <dataId>} (see {@link
   * #everySubscriberCurrentSince}); null if every one was current already at {@code sinceNanos}.
   */
  String lastSubscriberCurrent(long sinceNanos) {
    long latest = sinceNanos;
    String last = null;
    for (int s = 0; s < recorders.size(); s++) {
      for (Map.Entry<String, Recorder> entry : recorders.get(s).entrySet()) {
        List<Recorder.Push> pushes = entry.getValue().pushes();
        List<String> expected = expected(entry.getKey());
        int k = pushes.size();
        while (k > 0 && pushes.get(k - 1).values().equals(expected)) {
          k--;
        }
        if (k < pushes.size() && pushes.get(k).atNanos() > latest) {
          latest = pushes.get(k).atNanos();
          last = "session-" + s + " " + entry.getKey();
        }
      }
    }
    return last;
  }

  /** Whether every recorder of subscriber session {@code session} got a push after the time. */
  boolean everyRecorderPushedSince(int session, long sinceNanos) {
    return recorders.get(session).values().stream()
        .allMatch(r -> r.pushes().stream().anyMatch(push -> push.atNanos() > sinceNanos));
  }

  int recorderCount() {
    return recorders.stream().mapToInt(Map::size).sum();
  }

  @Override
  public void close() {
    for (int c = 0; c < publisherClients.size(); c++) {
      if (!closedClients.contains(c)) {
        publisherClients.get(c).close();
      }
    }
    subscriberClients.forEach(OfficialClient::close);
  }
}
