package io.beacon.registry.bench;

import io.beacon.registry.bench.LoadClient.PublisherHandle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Change storm. P publishers over D dataIds (P/D each) on C publisher connections, and S
 * subscribers per dataId on C other connections. First every subscriber must hold the initial
 * values of all publishers of its dataId ("initialMs", from the first publish call). Then every
 * publisher republishes at once (a loop over all of them, "republishCallsMs"); "stormMs" runs from
 * just before the first republish call to the moment the last subscriber got a push holding the new
 * value of every publisher of its dataId; "ackMs" until every republish was acknowledged. Bounded
 * by the scale's converge timeout per phase.
 */
final class StormScenario implements Scenario {

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
    results.put("publishersBefore", Scenario.awaitNoPublishers(target));
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
      tracker.expect(1, everyPublisherAt(1, perDataId));
      long stormStart = System.nanoTime();
      for (int p = 0; p < publishers; p++) {
        handles.get(p).republish(Scenario.value(p, 1));
      }
      results.put("republishCallsMs", Latencies.millis(System.nanoTime() - stormStart));
      boolean current = tracker.await(timeout);
      results.put("allCurrent", current);
      results.put("subscribersNotCurrent", tracker.remaining());
      results.put("stormMs", current ? Latencies.millis(tracker.lastNanos() - stormStart) : null);
      results.put("pushesDuringStorm", tracker.pushes() - pushesBefore);
      boolean acked =
          Poll.until(
              () -> handles.stream().allMatch(PublisherHandle::acknowledged),
              scale.convergeTimeout(),
              java.time.Duration.ofMillis(20));
      results.put(
          "ackMsUpperBound", acked ? Latencies.millis(System.nanoTime() - stormStart) : null);
    }
    return new Result(parameters, results);
  }

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
