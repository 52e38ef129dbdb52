package io.beacon.registry.client.internal;

import io.beacon.registry.client.ClientConfig;

/** The production transport of {@link io.beacon.registry.client.RegistryClient#create}. */
final class Transports {

  private Transports() {}

  static Transport bolt(ClientConfig config) {
    return new BoltTransport(config.connectTimeout());
  }
}
