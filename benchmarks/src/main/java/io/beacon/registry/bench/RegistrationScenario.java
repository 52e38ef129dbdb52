package io.beacon.registry.bench;

import io.beacon.registry.bench.LoadClient.PublisherHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Registration throughput. First W publishers (the warm-up) are registered on K connections of
 * their own and awaited until acknowledged and stored, unmeasured, and the machine is let go quiet:
 * a registry's JIT compiles its registration path, and recompiles it after the teardown of an
 * earlier scenario, in the first seconds of a burst, on the same 2 cores. Then N publishers over D
 * dataIds, spread over K other client connections (made before the clock starts), are registered as
 * fast as the client takes them. The clock starts just before the first {@code publish} call;
 * "acknowledged" stops when every publisher's client says the session acknowledged it (polled every
 * 5 ms), "stored" when the data servers' publisher counts (polled every 25 ms over HTTP) grew by N
 * times the copies each publisher has. Both are reported as publishers per second; both are bounded
 * by the scale's converge timeout. The warm-up's publishers stay registered until the end.
 */
final class RegistrationScenario implements Scenario {

  private static final Duration ACK_POLL = Duration.ofMillis(5);
  private static final int STORED_POLL_EVERY = 5;

  @Override
  public String name() {
    return "registration";
  }

  @Override
  public Result run(RegistryTarget target, LoadClient.Kind client, Scale scale) {
    int n = scale.regPublishers();
    int dataIds = scale.regDataIds();
    int connections = scale.regConnections();
    int warmup = scale.regWarmupPublishers();
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("publishers", n);
    parameters.put("dataIds", dataIds);
    parameters.put("connections", connections);
    parameters.put("warmupPublishers", warmup);
    Map<String, Object> results = new LinkedHashMap<>();
    long leftBefore = Scenario.settle(target, scale, results);
    long expectedCopies = (long) n * target.copiesPerPublisher();
    String prefix = Scenario.uniquePrefix(name(), client);
    // A null resource is skipped on close: no warm-up, no connections for it.
    try (ClientPool warmPool =
            warmup > 0 ? new ClientPool(client, target.sessionAddresses(), connections) : null;
        ClientPool pool = new ClientPool(client, target.sessionAddresses(), connections)) {
      long storedBefore = Math.max(0, leftBefore);
      if (warmup > 0) {
        long warmStart = System.nanoTime();
        List<PublisherHandle> warm = publish(warmPool, warmup, prefix + ".warmup", dataIds, n);
        long warmCopies = (long) warmup * target.copiesPerPublisher();
        Progress warming = new Progress(target, warm, leftBefore >= 0, storedBefore, warmCopies);
        boolean warmed = Poll.until(warming::check, scale.convergeTimeout(), ACK_POLL);
        results.put("warmupMs", Latencies.millis(System.nanoTime() - warmStart));
        results.put("warmupComplete", warmed);
        // The cold rate: what the first burst after an earlier scenario's teardown gets.
        results.put(
            "warmupAckPerSecond",
            warming.ackedAt < 0 ? null : Latencies.perSecond(warmup, warming.ackedAt - warmStart));
        storedBefore += warmCopies;
        Scenario.Quiet quiet = Scenario.awaitQuiet(target, scale);
        results.put("quietAfterWarmupMs", quiet.waitedMs());
        results.put("coresBusyAfterWarmup", quiet.coresBusy());
      }
      long start = System.nanoTime();
      List<PublisherHandle> published = publish(pool, n, prefix, dataIds, 0);
      long callsDone = System.nanoTime();
      Progress progress =
          new Progress(target, published, leftBefore >= 0, storedBefore, expectedCopies);
      Poll.until(progress::check, scale.convergeTimeout().minusNanos(callsDone - start), ACK_POLL);
      long ackedAt = progress.ackedAt;
      long storedAt = progress.storedAt;
      boolean storedMeasurable = progress.storedMeasurable;
      results.put("publishCallsMs", Latencies.millis(callsDone - start));
      results.put("acknowledged", published.stream().filter(PublisherHandle::acknowledged).count());
      results.put("ackMs", ackedAt < 0 ? null : Latencies.millis(ackedAt - start));
      results.put("ackPerSecond", ackedAt < 0 ? null : Latencies.perSecond(n, ackedAt - start));
      results.put("storedCopiesExpected", expectedCopies);
      results.put(
          "storedCopies", storedMeasurable ? target.storedPublisherCopies() - storedBefore : null);
      results.put("storedMs", storedAt < 0 ? null : Latencies.millis(storedAt - start));
      results.put(
          "storedPerSecond", storedAt < 0 ? null : Latencies.perSecond(n, storedAt - start));
      results.put("complete", ackedAt >= 0 && (storedAt >= 0 || !storedMeasurable));
    }
    return new Result(parameters, results);
  }

  /**
   * Publishes {@code count} publishers round-robin over {@code pool}'s connections and {@code
   * dataIds} dataIds named after {@code prefix}; publisher p's value is that of number {@code
   * firstValue + p}.
   */
  private static List<PublisherHandle> publish(
      ClientPool pool, int count, String prefix, int dataIds, int firstValue) {
    List<PublisherHandle> handles = new ArrayList<>(count);
    for (int p = 0; p < count; p++) {
      handles.add(
          pool.get(p).publish(prefix + "." + (p % dataIds), Scenario.value(firstValue + p, 0)));
    }
    return handles;
  }

  /**
   * What the polls found so far: when every publisher was acknowledged and when the stored copies
   * reached the expected count (-1 until then). Confined to the polling thread.
   */
  private static final class Progress {
    private final RegistryTarget target;
    private final AcknowledgementWalk acknowledgements;
    private final boolean storedMeasurable;
    private final long storedBefore;
    private final long expectedCopies;
    private long ackedAt = -1;
    private long storedAt = -1;
    private int polls;

    Progress(
        RegistryTarget target,
        List<PublisherHandle> published,
        boolean storedMeasurable,
        long storedBefore,
        long expectedCopies) {
      this.target = target;
      this.acknowledgements = new AcknowledgementWalk(published);
      this.storedMeasurable = storedMeasurable;
      this.storedBefore = storedBefore;
      this.expectedCopies = expectedCopies;
    }

    /** One poll; true once everything measurable is done. */
    boolean check() {
      if (ackedAt < 0) {
        if (acknowledgements.allAcknowledged()) {
          ackedAt = System.nanoTime();
        }
      }
      if (storedMeasurable && storedAt < 0 && polls % STORED_POLL_EVERY == 0) {
        if (target.storedPublisherCopies() - storedBefore >= expectedCopies) {
          storedAt = System.nanoTime();
        }
      }
      polls++;
      return ackedAt >= 0 && (storedAt >= 0 || !storedMeasurable);
    }
  }
}
