package io.beacon.registry.client.internal;

import io.beacon.registry.client.ConfigSnapshot;
import io.beacon.registry.client.ConfigWatch;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The user's side of a {@link ConfiguratorRegistration}. Thread-safe. */
final class ConfigWatchHandle extends RegistrationHandle<ConfiguratorRegistration>
    implements ConfigWatch {

  private final CompletableFuture<Void> acknowledged;

  ConfigWatchHandle(
      DefaultRegistryClient client,
      ConfiguratorRegistration registration,
      CompletableFuture<Void> acknowledged) {
    super(client, registration, "ConfigWatch");
    this.acknowledged = acknowledged;
  }

  @Override
  public CompletableFuture<Void> acknowledged() {
    return acknowledged;
  }

  @Override
  public Optional<ConfigSnapshot> latest() {
    return Optional.ofNullable(registration.latest());
  }

  @Override
  public CompletableFuture<Void> cancel() {
    return unregisterOnce();
  }
}
