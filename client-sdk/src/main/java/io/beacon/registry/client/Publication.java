package io.beacon.registry.client;

import java.util.concurrent.CompletableFuture;

/**
 * One published registration. Thread-safe; no method blocks. The returned futures complete on the
 * client's worker thread, except one that fails because the client is already closed, which fails
 * on the calling thread before the method returns: attach blocking work with the {@code *Async}
 * methods.
 *
 * <p>A future of version {@code n} completes when the connected session has acknowledged version
 * {@code n} or a newer one of this publication; it completes exceptionally with {@link
 * RegistrationRefusedException} if the session refused it, or with {@link IllegalStateException} if
 * the client was closed first. A lost connection does not fail it: the client republishes on the
 * next connection and the future completes with that acknowledgement.
 */
public interface Publication {

  /** Unique id of this registration on the wire. */
  String registId();

  String dataId();

  String group();

  /** Acknowledgement of the newest version sent so far (publish, republish or unpublish). */
  CompletableFuture<Void> acknowledged();

  /**
   * Replaces the published values with {@code data} (a new version).
   *
   * @throws IllegalStateException after {@link #unpublish()}, or once the server refused this
   *     publication
   */
  CompletableFuture<Void> republish(String... data);

  /**
   * Withdraws the values. Final: {@link #republish} throws afterwards; a second call returns the
   * same future.
   */
  CompletableFuture<Void> unpublish();
}
