package io.beacon.registry.common.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Validation shared by the servers' config records, with messages of the form {@code "name: value
 * (expected: ...)"}. Each check returns its value so a compact constructor can normalize in place.
 */
public final class ConfigChecks {

  private ConfigChecks() {}

  /** A TCP port, 0 meaning "pick a free one". */
  public static int port(String name, int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(name + ": " + port + " (expected: 0..65535)");
    }
    return port;
  }

  public static Duration positive(String name, Duration duration) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + ": " + duration + " (expected: > 0)");
    }
    return duration;
  }

  public static Duration notNegative(String name, Duration duration) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative()) {
      throw new IllegalArgumentException(name + ": " + duration + " (expected: >= 0)");
    }
    return duration;
  }

  public static int atLeast(String name, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: >= " + min + ")");
    }
    return value;
  }

  public static int powerOfTwo(String name, int value) {
    if (value <= 0 || Integer.bitCount(value) != 1) {
      throw new IllegalArgumentException(
          name + ": " + value + " (expected: a positive power of two)");
    }
    return value;
  }

  /** An unmodifiable copy of a list that must not be empty. */
  public static <T> List<T> notEmpty(String name, List<T> values) {
    Objects.requireNonNull(values, name);
    if (values.isEmpty()) {
      throw new IllegalArgumentException(name + ": [] (expected: at least one)");
    }
    return List.copyOf(values);
  }
}
