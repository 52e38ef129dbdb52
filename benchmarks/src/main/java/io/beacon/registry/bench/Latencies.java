package io.beacon.registry.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Percentiles (nearest rank) of latency samples in nanoseconds, reported in milliseconds. */
final class Latencies {

  private Latencies() {}

  static Map<String, Object> summary(long[] nanos) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("samples", nanos.length);
    if (nanos.length == 0) {
      return out;
    }
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    out.put("p50Ms", millis(percentile(sorted, 50)));
    out.put("p90Ms", millis(percentile(sorted, 90)));
    out.put("p99Ms", millis(percentile(sorted, 99)));
    out.put("maxMs", millis(sorted[sorted.length - 1]));
    out.put("minMs", millis(sorted[0]));
    out.put("meanMs", millis((long) Arrays.stream(sorted).average().orElse(0)));
    return out;
  }

  static long percentile(long[] sorted, double p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  static double millis(long nanos) {
    return Math.round(nanos / 1_000.0) / 1_000.0;
  }

  /** Items per second for {@code count} items in {@code nanos}, rounded to one decimal. */
  static double perSecond(long count, long nanos) {
    return nanos <= 0 ? Double.NaN : Math.round(count * 1e10 / nanos) / 10.0;
  }
}
