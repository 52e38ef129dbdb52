package io.beacon.registry.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * A bounded set of client connections of one kind, spread round-robin over the target's sessions;
 * {@link #close()} closes every one, even when some fail. Confined to the scenario thread.
 */
final class ClientPool implements AutoCloseable {

  private final List<LoadClient> clients = new ArrayList<>();

  ClientPool(LoadClient.Kind kind, List<String> sessions, int connections) {
    if (connections < 1 || connections > 1_000) {
      throw new IllegalArgumentException("connections: " + connections + " (expected: 1..1000)");
    }
    try {
      for (int i = 0; i < connections; i++) {
        clients.add(kind.connect(sessions.get(i % sessions.size())));
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  int size() {
    return clients.size();
  }

  LoadClient get(int index) {
    return clients.get(index % clients.size());
  }

  @Override
  public void close() {
    RuntimeException failure = null;
    for (LoadClient client : clients) {
      try {
        client.close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    clients.clear();
    if (failure != null) {
      throw failure;
    }
  }
}
