package io.beacon.registry.bench;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** One benchmark scenario: run once against a target with one client kind. */
interface Scenario {

  /** What was asked and what was measured; both become the JSON line. */
  record Result(Map<String, Object> parameters, Map<String, Object> results) {}

  String name();

  Result run(RegistryTarget target, LoadClient.Kind client, Scale scale);

  /** Makes dataIds unique per run, so a scenario never sees what an earlier one left behind. */
  AtomicLong RUNS = new AtomicLong();

  static String uniquePrefix(String scenario, LoadClient.Kind client) {
    return String.format(
        Locale.ROOT,
        "bench.%s.%s.%d.%d",
        scenario,
        client.id(),
        ProcessHandle.current().pid(),
        RUNS.incrementAndGet());
  }

  /**
   * Waits (at most 60 s) until the data servers hold no publisher: the clients of an earlier
   * scenario are closed, and their publishers are removed asynchronously. Returns the count left
   * (-1 when the target cannot count).
   */
  static long awaitNoPublishers(RegistryTarget target) {
    Poll.until(
        () -> target.storedPublisherCopies() <= 0, Duration.ofSeconds(60), Duration.ofMillis(200));
    return target.storedPublisherCopies();
  }

  /** A provider address of typical length, distinct per publisher and round. */
  static String value(int publisher, int round) {
    return String.format(
        Locale.ROOT,
        "10.%d.%d.%d:12200?_TIMEOUT=3000&_SERIALIZETYPE=hessian2&app=bench&p=%d&r=%d",
        (publisher >> 16) & 0xff,
        (publisher >> 8) & 0xff,
        publisher & 0xff,
        publisher,
        round);
  }
}
