package io.beacon.registry.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks {@link ClientConfig.Builder#build()} runs, with messages of the form {@code "name:
 * value (expected: ...)"}. Durations are bounded on both sides: the client works in whole
 * milliseconds, so a value under 1 ms would become 0 (a busy loop), and every deadline is computed
 * as {@code now + duration}, which a day keeps far from overflow. Stateless.
 */
final class ConfigChecks {

  static final Duration MIN_DURATION = Duration.ofMillis(1);
  static final Duration MAX_DURATION = Duration.ofDays(1);

  /** Asking discovery more often than this would load the session HTTP endpoints for nothing. */
  static final Duration MIN_DISCOVERY_REFRESH = Duration.ofSeconds(1);

  private ConfigChecks() {}

  static List<String> addresses(String name, List<String> values, int defaultPort) {
    List<String> normalized = new ArrayList<>(values.size());
    for (String value : values) {
      String address = HostPort.normalize(value, defaultPort);
      if (address == null) {
        throw new IllegalArgumentException(
            name + ": " + value + " (expected: host[:port] with port 1..65535)");
      }
      normalized.add(address);
    }
    return List.copyOf(normalized);
  }

  static String notBlank(String name, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: non-blank)");
    }
    return value;
  }

  /** A duration of at least 1 ms and at most a day. */
  static Duration duration(String name, Duration value) {
    return between(name, value, MIN_DURATION, "1 ms");
  }

  /** A duration of at least {@code min} and at most a day. */
  static Duration between(String name, Duration value, Duration min, String minText) {
    if (value == null || value.compareTo(min) < 0 || value.compareTo(MAX_DURATION) > 0) {
      throw new IllegalArgumentException(
          name + ": " + value + " (expected: >= " + minText + ", <= 1 day)");
    }
    return value;
  }

  /** A duration of 0 or more, at most a day. */
  static Duration notNegative(String name, Duration value) {
    if (value == null || value.isNegative() || value.compareTo(MAX_DURATION) > 0) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: >= 0, <= 1 day)");
    }
    return value;
  }
}
