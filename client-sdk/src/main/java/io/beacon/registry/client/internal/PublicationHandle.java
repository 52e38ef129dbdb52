package io.beacon.registry.client.internal;

import io.beacon.registry.client.Publication;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The user's side of a {@link PublisherRegistration}: checks on the caller's thread, then hands
 * each change to the worker in call order. Thread-safe: changes are serialized by {@code this}, so
 * the version order on the wire is the call order.
 */
final class PublicationHandle extends RegistrationHandle<PublisherRegistration>
    implements Publication {

  private CompletableFuture<Void> latest;

  PublicationHandle(
      DefaultRegistryClient client,
      PublisherRegistration registration,
      CompletableFuture<Void> first) {
    super(client, registration, "Publication");
    this.latest = first;
  }

  @Override
  public synchronized CompletableFuture<Void> acknowledged() {
    return latest;
  }

  @Override
  public synchronized CompletableFuture<Void> republish(String... data) {
    List<String> values = DefaultRegistryClient.values(data);
    if (isUnregistered()) {
      throw new IllegalStateException("publication unpublished: registId=" + registId());
    }
    String refusal = registration.refusal();
    if (refusal != null) {
      throw new IllegalStateException("publication refused: " + refusal);
    }
    CompletableFuture<Void> ack = new CompletableFuture<>();
    latest = ack;
    client.onWorker(ack, loop -> loop.republish(registration, values, ack));
    return ack;
  }

  @Override
  public synchronized CompletableFuture<Void> unpublish() {
    latest = unregisterOnce();
    return latest;
  }
}
