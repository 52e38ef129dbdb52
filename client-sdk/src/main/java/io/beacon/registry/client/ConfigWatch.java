package io.beacon.registry.client;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** One watched config dataId. Thread-safe; no method blocks. */
public interface ConfigWatch {

  String registId();

  String dataId();

  /**
   * Completes when the session acknowledged the watch; exceptionally with {@link
   * RegistrationRefusedException} if it refused it.
   */
  CompletableFuture<Void> acknowledged();

  /** The newest value shown to the listener, empty before the first push. */
  Optional<ConfigSnapshot> latest();

  /**
   * Stops watching; completes when the session acknowledged it. A second call returns the same
   * future.
   */
  CompletableFuture<Void> cancel();
}
