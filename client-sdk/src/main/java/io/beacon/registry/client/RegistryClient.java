package io.beacon.registry.client;

import java.util.Optional;

/**
 * A connection to Beacon (or any SOFARegistry 6 session server) holding this process's
 * publications, subscriptions and config watches. {@link #create} returns at once and connects in
 * the background; registrations made before the connection is up are sent once it is, and are sent
 * again after every reconnect. Thread-safe; no method blocks on the network.
 *
 * <pre>{@code
 * try (RegistryClient client =
 *     RegistryClient.create(ClientConfig.builder().sessions("127.0.0.1:9600").build())) {
 *   Publication pub = client.publish("com.example.Echo", null, "10.0.0.1:8080");
 *   client.subscribe("com.example.Echo", null, Scope.ZONE, s -> System.out.println(s.values()));
 * }
 * }</pre>
 */
public interface RegistryClient extends AutoCloseable {

  /** A client for {@code config}, connecting in the background. */
  static RegistryClient create(ClientConfig config) {
    return RegistryClientProvider.load().create(config);
  }

  /**
   * Publishes {@code data} under {@code dataId} and {@code group} ({@code null} means {@code
   * DEFAULT_GROUP}).
   */
  Publication publish(String dataId, String group, String... data);

  /** Subscribes to {@code dataId}; {@code listener} gets every newer snapshot. */
  Subscription subscribe(String dataId, String group, Scope scope, SubscriptionListener listener);

  /** Watches the config value of {@code dataId}. */
  ConfigWatch watchConfig(String dataId, ConfigListener listener);

  /** {@code host:port} of the session currently connected, empty while disconnected. */
  Optional<String> connectedSession();

  ClientStats stats();

  /**
   * Closes the connection and the executors the client owns. Registrations end with the connection:
   * the session removes a closed connection's registrations. Pending futures complete exceptionally
   * with {@link IllegalStateException}, and so do the futures of calls made while {@code close}
   * runs (a {@code publish}, {@code republish} or {@code unpublish} racing with it fails, it is
   * never left pending and never reported done). Afterwards {@code publish}, {@code subscribe} and
   * {@code watchConfig} throw {@link IllegalStateException}. May be called from a listener;
   * idempotent.
   */
  @Override
  void close();
}
