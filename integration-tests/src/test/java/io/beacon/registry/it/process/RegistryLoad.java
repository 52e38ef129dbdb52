package io.beacon.registry.it.process;

import com.alipay.sofa.registry.client.api.Publisher;
import com.alipay.sofa.registry.core.model.ScopeEnum;
import io.beacon.registry.it.OfficialClient;
import io.beacon.registry.it.OfficialClient.Recorder;
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
 */
final class RegistryLoad implements AutoCloseable {

  static final int PUBLISHERS = 504;
  static final int DATA_IDS = 100;
  static final int PUBLISHER_CLIENTS = 6;
  static final int SESSIONS = 3;

  private final List<OfficialClient> publisherClients = new ArrayList<>();
  private final List<OfficialClient> subscriberClients = new ArrayList<>();
  private final List<Publisher> publishers = new ArrayList<>();

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
      load.publishers.add(load.publisherClients.get(clientOf(p)).publish(dataId(p), value));
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
    acceptable.get(p).add(value);
    current.put(p, value);
    publishers.get(p).republish(value);
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
        for (int i = baselines.get(entry.getValue()); i < pushes.size(); i++) {
          String problem = problem(entry.getKey(), pushes.get(i).values());
          if (problem != null) {
            lost.add("session-" + s + " " + entry.getKey() + " push " + i + ": " + problem);
          }
        }
      }
    }
    return lost;
  }

  private String problem(String dataId, List<String> values) {
    Set<String> shown = new HashSet<>(values);
    Set<String> known = new HashSet<>();
    for (Map.Entry<Integer, Set<String>> entry : acceptable.entrySet()) {
      int p = entry.getKey();
      if (!dataId(p).equals(dataId)) {
        continue;
      }
      known.addAll(entry.getValue());
      boolean live = !closedClients.contains(clientOf(p));
      if (live && entry.getValue().stream().noneMatch(shown::contains)) {
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
