package io.beacon.registry.client.internal;

import java.util.random.RandomGenerator;

/**
 * A "random" generator that always picks the top of the range: jittered delays become their bounds,
 * and shuffles keep the list's order. For exact timing assertions.
 */
final class MaxRandom implements RandomGenerator {

  @Override
  public long nextLong() {
    return Long.MAX_VALUE;
  }

  @Override
  public long nextLong(long bound) {
    return bound - 1;
  }

  @Override
  public int nextInt(int bound) {
    return bound - 1;
  }
}
