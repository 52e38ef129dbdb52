package io.beacon.registry.client.internal;

import io.beacon.registry.client.ConfigSnapshot;
import io.beacon.registry.client.ConfigWatch;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The user's side of a {@link ConfiguratorRegistration}. Thread-safe. */
final class ConfigWatchHandle implements ConfigWatch {

  private final DefaultRegistryClient client;
  private final ConfiguratorRegistration registration;
  private final CompletableFuture<Void> acknowledged;
  private CompletableFuture<Void> cancelled;

  ConfigWatchHandle(
      DefaultRegistryClient client,
      ConfiguratorRegistration registration,
      CompletableFuture<Void> acknowledged) {
    this.client = client;
    this.registration = registration;
    this.acknowledged = acknowledged;
  }

  @Override
  public String registId() {
    return registration.registId;
  }

  @Override
  public String dataId() {
    return registration.dataId;
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
  public synchronized CompletableFuture<Void> cancel() {
    if (cancelled == null) {
      CompletableFuture<Void> ack = new CompletableFuture<>();
      cancelled = ack;
      client.onWorker(ack, loop -> loop.unregister(registration, ack));
    }
    return cancelled;
  }

  @Override
  public String toString() {
    return "ConfigWatch[registId=" + registId() + ", dataId=" + dataId() + "]";
  }
}
