package io.beacon.registry.client.internal;

import io.beacon.registry.client.ClientConfig;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where the client learns the session servers' client addresses ({@code host:port}). Never blocks:
 * the answer comes in the future.
 */
public interface SessionDiscovery {

  /**
   * The sessions to connect to, in no particular order; an empty list means none are known. Fails
   * if the source could not be asked.
   */
  CompletableFuture<List<String>> sessions();

  /** Always {@code sessions}. */
  static SessionDiscovery fixed(List<String> sessions) {
    List<String> copy = List.copyOf(sessions);
    return () -> CompletableFuture.completedFuture(copy);
  }

  /** The fixed list of {@code config}, or HTTP discovery through its endpoints. */
  static SessionDiscovery of(ClientConfig config) {
    return config.sessions().isEmpty()
        ? new HttpSessionDiscovery(config)
        : fixed(config.sessions());
  }
}
