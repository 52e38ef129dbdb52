package io.beacon.registry.client.internal;

import io.beacon.registry.client.ClientConfig;
import io.beacon.registry.client.RegistryClient;
import io.beacon.registry.client.RegistryClientProvider;

/** Registers {@link DefaultRegistryClient} as the SDK's client (see {@code META-INF/services}). */
public final class DefaultRegistryClientProvider implements RegistryClientProvider {

  @Override
  public RegistryClient create(ClientConfig config) {
    return DefaultRegistryClient.start(config);
  }
}
