package io.beacon.registry.client;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One subscription. Thread-safe; no method blocks. Futures complete as described on {@link
 * Publication}.
 */
public interface Subscription {

  String registId();

  String dataId();

  String group();

  Scope scope();

  /** Completes when the session has acknowledged the subscription. */
  CompletableFuture<Void> acknowledged();

  /**
   * The newest snapshot shown to the listener, empty before the first push. Stays during a
   * reconnect: data received is kept until the server sends newer data.
   */
  Optional<Snapshot> latest();

  /** Ends the subscription; the listener gets no more snapshots. A second call is a no-op. */
  CompletableFuture<Void> unsubscribe();
}
