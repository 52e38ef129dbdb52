package io.beacon.registry.common.retry;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter between {@code min} and {@code max}: the delay before
 * attempt {@code n} (0-based) is a random value in {@code [base/2, base]} with {@code base = min *
 * 2^n}, capped at {@code max}. Jitter keeps many retrying callers from moving in step. Immutable.
 */
public record Backoff(Duration min, Duration max) {

  public Backoff {
    if (min.isNegative() || max.compareTo(min) < 0) {
      throw new IllegalArgumentException(
          "backoff: " + min + ".." + max + " (expected: 0 <= min <= max)");
    }
  }

  public Duration delay(int attempt) {
    long minMillis = Math.max(1, min.toMillis());
    long base = attempt >= 30 ? max.toMillis() : Math.min(max.toMillis(), minMillis << attempt);
    long half = base / 2;
    return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(base - half + 1));
  }
}
