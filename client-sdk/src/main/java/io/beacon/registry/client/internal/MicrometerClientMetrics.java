package io.beacon.registry.client.internal;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Meters over {@link ClientCounters}, tagged {@code client=<name>}. The only class of the SDK that
 * uses Micrometer types. Immutable after construction; the meters read the counters on any thread.
 */
final class MicrometerClientMetrics implements ClientMetrics {

  private final MeterRegistry registry;
  private final List<Meter> meters;

  private final ClientCounters counters;

  private MicrometerClientMetrics(
      MeterRegistry registry, ClientCounters counters, List<Meter> meters) {
    this.registry = registry;
    this.counters = counters;
    this.meters = meters;
  }

  /** {@code registry} is a {@link MeterRegistry}, typed loosely so callers need not load it. */
  static ClientMetrics bind(Object registry, ClientCounters counters, String clientName) {
    MeterRegistry meterRegistry = (MeterRegistry) registry;
    List<Meter> meters =
        List.of(
            counter(
                meterRegistry,
                "beacon.client.reconnects",
                clientName,
                counters,
                s -> s.stats().reconnects()),
            counter(
                meterRegistry,
                "beacon.client.pushes.received",
                clientName,
                counters,
                s -> s.stats().pushesReceived()),
            counter(
                meterRegistry,
                "beacon.client.pushes.applied",
                clientName,
                counters,
                s -> s.stats().pushesApplied()),
            counter(
                meterRegistry,
                "beacon.client.pushes.empty.held",
                clientName,
                counters,
                s -> s.stats().emptyPushesHeld()),
            Gauge.builder(
                    "beacon.client.registrations.pending",
                    counters,
                    s -> s.stats().pendingRegistrations())
                .description("registrations the session has not acknowledged yet")
                .tag("client", clientName)
                .register(meterRegistry),
            Gauge.builder("beacon.client.connected", counters, s -> s.connected() ? 1 : 0)
                .description("1 while connected to a session server")
                .tag("client", clientName)
                .register(meterRegistry));
    Timer pushAge =
        Timer.builder("beacon.client.push.age")
            .description(
                "from the data change (its version's time) to the push reaching the client")
            .tag("client", clientName)
            .register(meterRegistry);
    Timer acknowledged =
        Timer.builder("beacon.client.registration.ack")
            .description("from the first send of a registration version to its acknowledgement")
            .tag("client", clientName)
            .register(meterRegistry);
    counters.timings(
        new ClientCounters.Timings() {
          @Override
          public void pushAge(long millis) {
            pushAge.record(millis, TimeUnit.MILLISECONDS);
          }

          @Override
          public void acknowledgedAfter(long millis) {
            acknowledged.record(millis, TimeUnit.MILLISECONDS);
          }
        });
    List<Meter> all = new ArrayList<>(meters);
    all.add(pushAge);
    all.add(acknowledged);
    return new MicrometerClientMetrics(meterRegistry, counters, List.copyOf(all));
  }

  private static Meter counter(
      MeterRegistry registry,
      String name,
      String clientName,
      ClientCounters counters,
      ToDoubleFunction<ClientCounters> value) {
    return FunctionCounter.builder(name, counters, value)
        .tag("client", clientName)
        .register(registry);
  }

  @Override
  public void close() {
    counters.timings(ClientCounters.Timings.NONE);
    meters.forEach(registry::remove);
  }
}
