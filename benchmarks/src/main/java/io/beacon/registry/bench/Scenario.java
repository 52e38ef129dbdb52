package io.beacon.registry.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

  /**
   * Below this share of one core, over {@link #QUIET_WINDOW}, the target and the load generator are
   * quiet.
   */
  double QUIET_CORES = 0.25;

  /** The window {@link #QUIET_CORES} is measured over. */
  Duration QUIET_WINDOW = Duration.ofSeconds(1);

  /**
   * Waits until the data servers hold no publisher ({@link #awaitNoPublishers}), then (at most the
   * scale's {@link Scale#quietWait}) until the target's server processes and this load generator
   * together used less than {@link #QUIET_CORES} over one {@link #QUIET_WINDOW}: what an earlier
   * scenario left behind (removing its publishers' leftovers, compaction, garbage collection,
   * compilation) is not measured as this scenario's. Puts {@code publishersBefore}, {@code
   * quietAfterMs} and {@code coresBusyBefore} (the cores busy over the last window, null when it
   * was not measured) into {@code results}; returns the publishers left (-1 when the target cannot
   * count).
   */
  static long settle(RegistryTarget target, Scale scale, Map<String, Object> results) {
    long left = awaitNoPublishers(target);
    results.put("publishersBefore", left);
    Quiet quiet = awaitQuiet(target, scale);
    results.put("quietAfterMs", quiet.waitedMs());
    results.put("coresBusyBefore", quiet.coresBusy());
    return left;
  }

  /**
   * How long {@link #awaitQuiet} waited, and the cores busy over its last window (null when none
   * was measured).
   */
  record Quiet(double waitedMs, Double coresBusy) {}

  /**
   * Waits (at most the scale's {@link Scale#quietWait}) until the target's server processes and
   * this load generator together used less than {@link #QUIET_CORES} over one {@link
   * #QUIET_WINDOW}.
   */
  static Quiet awaitQuiet(RegistryTarget target, Scale scale) {
    List<Long> pids = new ArrayList<>();
    target.servers().forEach(s -> pids.add(s.pid()));
    pids.add(ProcessHandle.current().pid());
    long start = System.nanoTime();
    double[] busy = {Double.NaN};
    long[] last = {System.nanoTime(), cpuMillis(pids)};
    Poll.until(
        () -> {
          long now = System.nanoTime();
          if (now - last[0] < QUIET_WINDOW.toNanos() / 2) {
            return false;
          }
          long cpu = cpuMillis(pids);
          busy[0] = (cpu - last[1]) * 1e6 / Math.max(1, now - last[0]);
          last[0] = now;
          last[1] = cpu;
          return busy[0] < QUIET_CORES;
        },
        scale.quietWait(),
        QUIET_WINDOW);
    return new Quiet(
        Latencies.millis(System.nanoTime() - start),
        Double.isNaN(busy[0]) ? null : Math.round(busy[0] * 100) / 100.0);
  }

  private static long cpuMillis(List<Long> pids) {
    return pids.stream().mapToLong(Profiler::cpuMillis).sum();
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
