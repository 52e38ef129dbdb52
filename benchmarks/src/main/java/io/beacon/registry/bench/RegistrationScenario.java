package io.beacon.registry.bench;

import io.beacon.registry.bench.LoadClient.PublisherHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Registration throughput. N publishers over D dataIds, spread over K client connections (made
 * before the clock starts), are registered as fast as the client takes them. The clock starts just
 * before the first {@code publish} call; "acknowledged" stops when every publisher's client says
 * the session acknowledged it (polled every 5 ms), "stored" when the data servers' publisher counts
 * (polled every 25 ms over HTTP) reach N times the copies each publisher has. Both are reported as
 * publishers per second; both are bounded by the scale's converge timeout.
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
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("publishers", n);
    parameters.put("dataIds", dataIds);
    parameters.put("connections", connections);
    Map<String, Object> results = new LinkedHashMap<>();
    long leftBefore = Scenario.awaitNoPublishers(target);
    results.put("publishersBefore", leftBefore);
    long expectedCopies = (long) n * target.copiesPerPublisher();
    String prefix = Scenario.uniquePrefix(name(), client);
    try (ClientPool pool = new ClientPool(client, target.sessionAddresses(), connections)) {
      List<PublisherHandle> published = new ArrayList<>(n);
      long start = System.nanoTime();
      for (int p = 0; p < n; p++) {
        published.add(pool.get(p).publish(prefix + "." + (p % dataIds), Scenario.value(p, 0)));
      }
      long callsDone = System.nanoTime();
      Progress progress =
          new Progress(target, published, leftBefore >= 0, Math.max(0, leftBefore), expectedCopies);
      Poll.until(progress::check, scale.convergeTimeout().minusNanos(callsDone - start), ACK_POLL);
      long ackedAt = progress.ackedAt;
      long storedAt = progress.storedAt;
      boolean storedMeasurable = progress.storedMeasurable;
      results.put("publishCallsMs", Latencies.millis(callsDone - start));
      results.put("acknowledged", published.stream().filter(PublisherHandle::acknowledged).count());
      results.put("ackMs", ackedAt < 0 ? null : Latencies.millis(ackedAt - start));
      results.put("ackPerSecond", ackedAt < 0 ? null : Latencies.perSecond(n, ackedAt - start));
      results.put("storedCopiesExpected", expectedCopies);
      results.put("storedCopies", storedMeasurable ? target.storedPublisherCopies() : null);
      results.put("storedMs", storedAt < 0 ? null : Latencies.millis(storedAt - start));
      results.put(
          "storedPerSecond", storedAt < 0 ? null : Latencies.perSecond(n, storedAt - start));
      results.put("complete", ackedAt >= 0 && (storedAt >= 0 || !storedMeasurable));
    }
    return new Result(parameters, results);
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
