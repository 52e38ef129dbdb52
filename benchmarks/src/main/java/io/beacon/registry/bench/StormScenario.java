package io.beacon.registry.bench;

import io.beacon.registry.bench.LoadClient.PublisherHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * Change storm. P publishers over D dataIds (P/D each) on C publisher connections, and S
 * subscribers per dataId on C other connections. First every subscriber must hold the initial
 * values of all publishers of its dataId ("initialMs", from the first publish call). Then every
 * publisher republishes at once (a loop over all of them, "republishCallsMs"); "stormMs" runs from
 * just before the first republish call to the moment the last subscriber got a push holding the new
 * value of every publisher of its dataId; "republishesAckedMs" until every republish was
 * acknowledged (polled at the same time, so it shows how much of the storm the republishes took).
 * Bounded by the scale's converge timeout per phase.
 */
final class StormScenario implements Scenario {

  private static final String FETCH_STAGE = "noticeToFetched";
  private static final String FRAME_STAGE = "fetchedToSent";

  @Override
  public String name() {
    return "change-storm";
  }

  @Override
  public Result run(RegistryTarget target, LoadClient.Kind client, Scale scale) {
    int publishers = scale.stormPublishers();
    int dataIds = scale.stormDataIds();
    int perDataId = publishers / dataIds;
    int subscribersPerDataId = scale.stormSubscribersPerDataId();
    int subscribers = dataIds * subscribersPerDataId;
    int connections = scale.stormConnections();
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("publishers", publishers);
    parameters.put("dataIds", dataIds);
    parameters.put("subscribers", subscribers);
    parameters.put("publisherConnections", connections);
    parameters.put("subscriberConnections", connections);
    Map<String, Object> results = new LinkedHashMap<>();
    Scenario.settle(target, scale, results);
    String prefix = Scenario.uniquePrefix(name(), client);
    long timeout = scale.convergeTimeout().toMillis();
    RoundTracker tracker = new RoundTracker(subscribers);
    try (ClientPool subscriberPool =
            new ClientPool(client, target.sessionAddresses(), connections);
        ClientPool publisherPool = new ClientPool(client, target.sessionAddresses(), connections)) {
      tracker.expect(0, everyPublisherAt(0, perDataId));
      for (int s = 0; s < subscribers; s++) {
        int index = s;
        subscriberPool
            .get(s)
            .subscribe(
                prefix + "." + (s / subscribersPerDataId),
                values -> tracker.onValues(index, values));
      }
      long start = System.nanoTime();
      List<PublisherHandle> handles = new ArrayList<>(publishers);
      for (int p = 0; p < publishers; p++) {
        handles.add(
            publisherPool.get(p).publish(prefix + "." + (p % dataIds), Scenario.value(p, 0)));
      }
      if (!tracker.await(timeout)) {
        results.put("error", "initial values: " + tracker.remaining() + " subscribers not current");
        return new Result(parameters, results);
      }
      results.put("initialMs", Latencies.millis(tracker.lastNanos() - start));
      long pushesBefore = tracker.pushes();
      List<String> sessions = target.beaconSessionHttpAddresses();
      long fetchesBefore = HttpCounts.beaconPushStageCount(sessions, FETCH_STAGE);
      long framesBefore = HttpCounts.beaconPushStageCount(sessions, FRAME_STAGE);
      tracker.expect(1, everyPublisherAt(1, perDataId));
      long stormStart = System.nanoTime();
      for (int p = 0; p < publishers; p++) {
        handles.get(p).republish(Scenario.value(p, 1));
      }
      results.put("republishCallsMs", Latencies.millis(System.nanoTime() - stormStart));
      CompletableFuture<Acknowledged> acked =
          acknowledgedAt(handles, tracker, scale.convergeTimeout());
      boolean current = tracker.await(timeout);
      results.put("allCurrent", current);
      results.put("subscribersNotCurrent", tracker.remaining());
      results.put("stormMs", current ? Latencies.millis(tracker.lastNanos() - stormStart) : null);
      results.put("pushesDuringStorm", tracker.pushes() - pushesBefore);
      Acknowledged ackedAt = acked.join();
      boolean allAcked = ackedAt.nanos() >= 0;
      results.put(
          "republishesAckedMs", allAcked ? Latencies.millis(ackedAt.nanos() - stormStart) : null);
      results.put("pushesUntilRepublishesAcked", allAcked ? ackedAt.pushes() - pushesBefore : null);
      if (!sessions.isEmpty() && fetchesBefore >= 0 && framesBefore >= 0) {
        // What Beacon's push tracers timed: datums fetched after a notice of their version, and
        // the frames sent from them (one frame may carry several subscribers of one connection).
        // A datum fetched at a version no notice named yet is pushed untraced, so these are lower
        // bounds.
        results.put(
            "sessionTracedFetchesDuringStorm",
            HttpCounts.beaconPushStageCount(sessions, FETCH_STAGE) - fetchesBefore);
        results.put(
            "sessionTracedFramesDuringStorm",
            HttpCounts.beaconPushStageCount(sessions, FRAME_STAGE) - framesBefore);
      }
    }
    return new Result(parameters, results);
  }

  /**
   * When every republish was acknowledged and how many pushes the subscribers had received by then,
   * polled every 5 ms on a thread of its own while the subscribers are being waited for.
   */
  private static CompletableFuture<Acknowledged> acknowledgedAt(
      List<PublisherHandle> handles, RoundTracker tracker, Duration timeout) {
    AcknowledgementWalk walk = new AcknowledgementWalk(handles);
    return CompletableFuture.supplyAsync(
        () ->
            Poll.until(walk::allAcknowledged, timeout, Duration.ofMillis(5))
                ? new Acknowledged(System.nanoTime(), tracker.pushes())
                : new Acknowledged(-1L, -1L),
        runnable -> {
          Thread poller = new Thread(runnable, "storm-ack-poll");
          poller.setDaemon(true);
          poller.start();
        });
  }

  /** The nanoTime every republish was acknowledged at (-1: not in time) and the pushes by then. */
  private record Acknowledged(long nanos, long pushes) {}

  /**
   * Current: the push holds the value of round {@code round} of every publisher of the dataId
   * (values end with {@code &r=<round>}).
   */
  private static Predicate<List<String>> everyPublisherAt(int round, int publishersPerDataId) {
    String suffix = "&r=" + round;
    return values ->
        values.size() == publishersPerDataId && values.stream().allMatch(v -> v.endsWith(suffix));
  }
}
