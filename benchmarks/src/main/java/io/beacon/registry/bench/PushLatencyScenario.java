package io.beacon.registry.bench;

import io.beacon.registry.bench.LoadClient.PublisherHandle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Push latency on a calm registry. For each subscriber count S: one publisher on its own
 * connection, S subscribers of the same dataId spread over at most the scale's latency connections
 * (other connections than the publisher's). Each round republishes a new value; a round's latency
 * runs from just before the publishing client's {@code republish} call to the callback of the LAST
 * subscriber that saw the new value (and to the first, reported too). One round at a time: the next
 * starts once every subscriber saw the value. Rounds are measured only after a warm-up of at least
 * the scale's warm-up rounds and warm-up time ({@code warmupRoundsRun}): with a handful of warm-up
 * rounds the push path ran interpreted or half compiled in every server JVM, and the process
 * cluster (five JVMs compiling on two cores) measured its JIT, not its steady state. The same rule
 * applies to every target; SOFARegistry's rounds, which wait on its timers, finish the warm-up
 * after its minimum rounds. The rounds of one S stop at the scale's count or time budget (warm-up
 * included), and a round that does not complete within the round timeout ends that S (counted as
 * {@code timedOutRounds}).
 */
final class PushLatencyScenario implements Scenario {

  @Override
  public String name() {
    return "push-latency";
  }

  @Override
  public Result run(RegistryTarget target, LoadClient.Kind client, Scale scale) {
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("subscribers", scale.latencySubscribers());
    parameters.put("maxSubscriberConnections", scale.latencyConnections());
    parameters.put("rounds", scale.latencyRounds());
    parameters.put("warmupRounds", scale.warmupRounds());
    parameters.put("warmupSeconds", scale.latencyWarmup().toSeconds());
    parameters.put("budgetSecondsPerCount", scale.latencyBudget().toSeconds());
    Map<String, Object> results = new LinkedHashMap<>();
    Scenario.settle(target, scale, results);
    List<Object> bySubscribers = new ArrayList<>();
    for (int subscribers : scale.latencySubscribers()) {
      bySubscribers.add(measure(target, client, scale, subscribers));
    }
    results.put("bySubscribers", bySubscribers);
    // Beacon's sessions time every stage of a push; their digest covers about the last 2 minutes,
    // so all subscriber counts of this run.
    Map<String, Object> stages = new LinkedHashMap<>();
    for (String session : target.beaconSessionHttpAddresses()) {
      String body = HttpCounts.get(session, "/digest/push/latency");
      stages.put(session, body == null ? null : new Json.Raw(body));
    }
    if (!stages.isEmpty()) {
      results.put("sessionPushStages", stages);
    }
    return new Result(parameters, results);
  }

  private Map<String, Object> measure(
      RegistryTarget target, LoadClient.Kind client, Scale scale, int subscribers) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("subscribers", subscribers);
    int connections = Math.min(subscribers, scale.latencyConnections());
    out.put("subscriberConnections", connections);
    String dataId = Scenario.uniquePrefix(name() + "." + subscribers, client);
    RoundTracker tracker = new RoundTracker(subscribers);
    try (ClientPool publisherPool = new ClientPool(client, target.sessionAddresses(), 1);
        ClientPool subscriberPool =
            new ClientPool(client, rotate(target.sessionAddresses()), connections)) {
      tracker.expect(0, holding(Scenario.value(0, 0)));
      for (int i = 0; i < subscribers; i++) {
        int index = i;
        subscriberPool.get(i).subscribe(dataId, values -> tracker.onValues(index, values));
      }
      PublisherHandle publisher = publisherPool.get(0).publish(dataId, Scenario.value(0, 0));
      if (!tracker.await(scale.convergeTimeout().toMillis())) {
        out.put("error", "initial value reached only " + (subscribers - tracker.remaining()));
        return out;
      }
      long[] last = new long[scale.latencyRounds()];
      long[] first = new long[scale.latencyRounds()];
      int measured = 0;
      int timedOut = 0;
      int warmup = 0;
      long warmupEnd = System.nanoTime() + scale.latencyWarmup().toNanos();
      long budgetEnd = System.nanoTime() + scale.latencyBudget().toNanos();
      for (int round = 1; measured < last.length && System.nanoTime() - budgetEnd < 0; round++) {
        String value = Scenario.value(0, round);
        tracker.expect(round, holding(value));
        long start = System.nanoTime();
        publisher.republish(value);
        if (!tracker.await(scale.roundTimeout().toMillis())) {
          timedOut++;
          out.put("timedOutRoundMissing", tracker.remaining());
          break;
        }
        if (measured == 0 && (warmup < scale.warmupRounds() || System.nanoTime() - warmupEnd < 0)) {
          warmup++;
        } else {
          last[measured] = tracker.lastNanos() - start;
          first[measured] = tracker.firstNanos() - start;
          measured++;
        }
      }
      out.put("warmupRoundsRun", warmup);
      out.put("rounds", measured);
      out.put("timedOutRounds", timedOut);
      out.put("toLastSubscriber", Latencies.summary(java.util.Arrays.copyOf(last, measured)));
      out.put("toFirstSubscriber", Latencies.summary(java.util.Arrays.copyOf(first, measured)));
    }
    return out;
  }

  /** Subscribers start on another session than the publisher when there is more than one. */
  private static List<String> rotate(List<String> sessions) {
    List<String> rotated = new ArrayList<>(sessions.subList(1, sessions.size()));
    rotated.add(sessions.get(0));
    return rotated;
  }

  private static Predicate<List<String>> holding(String value) {
    return values -> values.contains(value);
  }
}
