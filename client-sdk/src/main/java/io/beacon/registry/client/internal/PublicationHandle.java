package io.beacon.registry.client.internal;

import io.beacon.registry.client.Publication;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The user's side of a {@link PublisherRegistration}: checks on the caller's thread, then hands
 * each change to the worker in call order. Thread-safe: changes are serialized by {@code this}, so
 * the version order on the wire is the call order.
 */
final class PublicationHandle implements Publication {

  private final DefaultRegistryClient client;
  private final PublisherRegistration registration;
  private CompletableFuture<Void> latest;
  private CompletableFuture<Void> unpublished;

  PublicationHandle(
      DefaultRegistryClient client,
      PublisherRegistration registration,
      CompletableFuture<Void> first) {
    this.client = client;
    this.registration = registration;
    this.latest = first;
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
  public synchronized CompletableFuture<Void> acknowledged() {
    return latest;
  }

  @Override
  public synchronized CompletableFuture<Void> republish(String... data) {
    List<String> values = DefaultRegistryClient.values(data);
    if (unpublished != null) {
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
    if (unpublished == null) {
      CompletableFuture<Void> ack = new CompletableFuture<>();
      unpublished = ack;
      latest = ack;
      client.onWorker(ack, loop -> loop.unregister(registration, ack));
    }
    return unpublished;
  }

  @Override
  public String toString() {
    return "Publication[registId=" + registId() + ", dataId=" + dataId() + "]";
  }
}
