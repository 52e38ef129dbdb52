package io.beacon.registry.client.internal;

import io.beacon.registry.client.ClientConfig;

/**
 * The client's meters, if the user configured a Micrometer registry. Micrometer is optional: only
 * {@link MicrometerClientMetrics} touches its types, and the JVM loads that class only when a
 * registry was given, so without one the client runs with Micrometer absent from the classpath.
 */
interface ClientMetrics extends AutoCloseable {

  ClientMetrics NOOP = () -> {};

  /** Removes the meters from the registry. */
  @Override
  void close();

  static ClientMetrics bind(ClientConfig config, ClientCounters counters, String clientName) {
    Object registry = config.meterRegistry().orElse(null);
    return registry == null ? NOOP : MicrometerClientMetrics.bind(registry, counters, clientName);
  }
}
