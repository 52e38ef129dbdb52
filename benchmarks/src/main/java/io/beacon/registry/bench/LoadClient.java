package io.beacon.registry.bench;

import java.util.List;

/**
 * One client connection to a session, official 6.3.0 client or Beacon SDK, seen through what the
 * scenarios need. Implementations are thread-safe as their clients are; listeners run on the
 * client's callback threads.
 */
interface LoadClient extends AutoCloseable {

  /** Which client library. */
  enum Kind {
    OFFICIAL("official"),
    SDK("sdk");

    private final String id;

    Kind(String id) {
      this.id = id;
    }

    String id() {
      return id;
    }

    LoadClient connect(String sessionHostPort) {
      return this == OFFICIAL
          ? new OfficialLoadClient(sessionHostPort)
          : new SdkLoadClient(sessionHostPort);
    }
  }

  /** A publisher: its value can change, and it says when the session acknowledged the latest. */
  interface PublisherHandle {
    void republish(String value);

    /** Whether the session acknowledged the newest version (registration or republish). */
    boolean acknowledged();
  }

  /** Called with every value of a push, all zones together, on a client callback thread. */
  @FunctionalInterface
  interface ValuesListener {
    void onValues(List<String> values);
  }

  PublisherHandle publish(String dataId, String value);

  /** A dataCenter-scope subscriber of {@code dataId} in DEFAULT_GROUP. */
  void subscribe(String dataId, ValuesListener listener);

  /** Closes the connection; the session removes this client's registrations. */
  @Override
  void close();
}
