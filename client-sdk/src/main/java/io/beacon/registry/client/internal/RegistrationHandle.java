package io.beacon.registry.client.internal;

import java.util.concurrent.CompletableFuture;

/**
 * What the user's side of every {@link Registration} shares: the registration's identity, read on
 * any thread, and an unregistration that is handed to the worker once; every later call returns the
 * first call's future. Thread-safe: the unregistration is guarded by {@code this}, the monitor
 * subclasses synchronize their own changes on.
 */
abstract class RegistrationHandle<R extends Registration> {

  final DefaultRegistryClient client;
  final R registration;
  private final String kind;

  private CompletableFuture<Void> unregistered; // guarded by this

  RegistrationHandle(DefaultRegistryClient client, R registration, String kind) {
    this.client = client;
    this.registration = registration;
    this.kind = kind;
  }

  public String registId() {
    return registration.registId;
  }

  public String dataId() {
    return registration.dataId;
  }

  public String group() {
    return registration.group;
  }

  /** Hands the unregistration to the worker on the first call; returns its future on every call. */
  final synchronized CompletableFuture<Void> unregisterOnce() {
    if (unregistered == null) {
      CompletableFuture<Void> ack = new CompletableFuture<>();
      unregistered = ack;
      client.onWorker(ack, loop -> loop.unregister(registration, ack));
    }
    return unregistered;
  }

  final synchronized boolean isUnregistered() {
    return unregistered != null;
  }

  @Override
  public String toString() {
    return kind + "[registId=" + registId() + ", dataId=" + dataId() + "]";
  }
}
