package io.beacon.registry.client.internal;

import io.beacon.registry.client.Scope;
import io.beacon.registry.client.Snapshot;
import io.beacon.registry.client.Subscription;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The user's side of a {@link SubscriberRegistration}. Thread-safe. */
final class SubscriptionHandle implements Subscription {

  private final DefaultRegistryClient client;
  private final SubscriberRegistration registration;
  private final CompletableFuture<Void> acknowledged;
  private CompletableFuture<Void> unsubscribed;

  SubscriptionHandle(
      DefaultRegistryClient client,
      SubscriberRegistration registration,
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
  public String group() {
    return registration.group;
  }

  @Override
  public Scope scope() {
    return registration.scope;
  }

  @Override
  public CompletableFuture<Void> acknowledged() {
    return acknowledged;
  }

  @Override
  public Optional<Snapshot> latest() {
    return Optional.ofNullable(registration.visible());
  }

  @Override
  public synchronized CompletableFuture<Void> unsubscribe() {
    if (unsubscribed == null) {
      CompletableFuture<Void> ack = new CompletableFuture<>();
      unsubscribed = ack;
      client.onWorker(ack, loop -> loop.unregister(registration, ack));
    }
    return unsubscribed;
  }

  @Override
  public String toString() {
    return "Subscription[registId=" + registId() + ", dataId=" + dataId() + "]";
  }
}
