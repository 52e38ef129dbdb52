package io.beacon.registry.bench;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * How big each scenario is. {@code tiny} is the smoke test's (seconds), {@code small} a quick
 * manual comparison, {@code full} the sizes of issue 6. Every load loop is bounded by these counts
 * and by {@link #roundTimeout}, {@link #latencyBudget} (which includes the warm-up) and {@link
 * #convergeTimeout}. Immutable.
 *
 * @param regPublishers publishers registered by the registration scenario
 * @param regDataIds dataIds they are spread over
 * @param regConnections client connections they are spread over
 * @param regWarmupPublishers publishers registered first, on connections of their own, and not
 *     measured (so that the registration path is compiled, and stays so, when the clock starts)
 * @param latencySubscribers subscriber counts of the calm latency scenario, one run each
 * @param latencyConnections most client connections the subscribers are spread over
 * @param latencyRounds measured rounds per subscriber count (after {@link #warmupRounds})
 * @param warmupRounds rounds run first and not measured, at least
 * @param latencyWarmup time spent on unmeasured rounds first, at least (so that every JVM has
 *     compiled the push path: a few hundred rounds ran it interpreted or half compiled)
 * @param latencyBudget most time spent on the rounds of one subscriber count
 * @param stormPublishers publishers of the change storm
 * @param stormDataIds dataIds of the change storm (publishers divide evenly over them)
 * @param stormSubscribersPerDataId subscribers per dataId of the change storm
 * @param stormConnections client connections for publishers, and as many for subscribers
 * @param memoryPublishers publishers registered by the memory scenario
 * @param memoryConnections client connections of the memory scenario
 * @param roundTimeout most time one latency round may take
 * @param convergeTimeout most time a registration, storm or memory phase may take
 * @param quietWait most time a scenario waits, before it starts, for the machine to be quiet (see
 *     {@link Scenario#settle})
 */
record Scale(
    String name,
    int regPublishers,
    int regDataIds,
    int regConnections,
    int regWarmupPublishers,
    List<Integer> latencySubscribers,
    int latencyConnections,
    int latencyRounds,
    int warmupRounds,
    Duration latencyWarmup,
    Duration latencyBudget,
    int stormPublishers,
    int stormDataIds,
    int stormSubscribersPerDataId,
    int stormConnections,
    int memoryPublishers,
    int memoryConnections,
    Duration roundTimeout,
    Duration convergeTimeout,
    Duration quietWait) {

  static final Scale TINY =
      new Scale(
          "tiny",
          200,
          20,
          2,
          100,
          List.of(1, 10),
          2,
          10,
          2,
          Duration.ZERO,
          Duration.ofSeconds(20),
          100,
          10,
          2,
          2,
          1_000,
          2,
          Duration.ofSeconds(10),
          Duration.ofSeconds(30),
          Duration.ZERO);

  static final Scale SMALL =
      new Scale(
          "small",
          5_000,
          500,
          5,
          5_000,
          List.of(1, 100),
          10,
          50,
          5,
          Duration.ofSeconds(2),
          Duration.ofSeconds(45),
          2_000,
          200,
          5,
          4,
          20_000,
          5,
          Duration.ofSeconds(15),
          Duration.ofSeconds(120),
          Duration.ofSeconds(5));

  static final Scale FULL =
      new Scale(
          "full",
          20_000,
          2_000,
          10,
          20_000,
          List.of(1, 100, 1000),
          10,
          200,
          10,
          Duration.ofSeconds(10),
          Duration.ofSeconds(90),
          10_000,
          1_000,
          10,
          10,
          100_000,
          20,
          Duration.ofSeconds(15),
          Duration.ofSeconds(300),
          Duration.ofSeconds(20));

  /** This scale with the registration scenario's publishers spread over {@code connections}. */
  Scale withRegistrationConnections(int connections) {
    return new Scale(
        name,
        regPublishers,
        regDataIds,
        connections,
        regWarmupPublishers,
        latencySubscribers,
        latencyConnections,
        latencyRounds,
        warmupRounds,
        latencyWarmup,
        latencyBudget,
        stormPublishers,
        stormDataIds,
        stormSubscribersPerDataId,
        stormConnections,
        memoryPublishers,
        memoryConnections,
        roundTimeout,
        convergeTimeout,
        quietWait);
  }

  static Scale parse(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "tiny" -> TINY;
      case "small" -> SMALL;
      case "full" -> FULL;
      default ->
          throw new IllegalArgumentException("scale: " + name + " (expected: tiny, small, full)");
    };
  }
}
