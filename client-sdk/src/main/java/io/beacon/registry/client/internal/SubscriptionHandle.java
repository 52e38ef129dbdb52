package io.beacon.registry.client.internal;

import io.beacon.registry.client.Scope;
import io.beacon.registry.client.Snapshot;
import io.beacon.registry.client.Subscription;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The user's side of a {@link SubscriberRegistration}. Thread-safe. */
final class SubscriptionHandle extends RegistrationHandle<SubscriberRegistration>
    implements Subscription {

  private final CompletableFuture<Void> acknowledged;

  SubscriptionHandle(
      DefaultRegistryClient client,
      SubscriberRegistration registration,
      CompletableFuture<Void> acknowledged) {
    super(client, registration, "Subscription");
    this.acknowledged = acknowledged;
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
  public CompletableFuture<Void> unsubscribe() {
    return unregisterOnce();
  }
}
