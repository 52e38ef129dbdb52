package io.beacon.registry.bench;

import java.util.List;
import java.util.Map;

/**
 * A running registry under measurement: where clients connect, how many publishers its data servers
 * hold, and which server processes to weigh. {@link #close()} stops everything it started. Used by
 * one scenario thread at a time.
 */
interface RegistryTarget extends AutoCloseable {

  /** A server process of the target and its role ({@code standalone}, {@code data}, ...). */
  record ServerPid(String role, long pid) {}

  String name();

  /** Session client ports, {@code host:port}; clients are spread over them round-robin. */
  List<String> sessionAddresses();

  /**
   * Publisher copies over all data servers now (a publisher kept by a leader and a follower counts
   * twice), or -1 when unknown.
   */
  long storedPublisherCopies();

  /** How many copies of one publisher the data servers keep once it is stored everywhere. */
  int copiesPerPublisher();

  /**
   * The HTTP ports ({@code host:port}) of Beacon's session servers, whose {@code
   * /digest/push/latency} tells where the time of a push went; empty for other registries.
   */
  default List<String> beaconSessionHttpAddresses() {
    return List.of();
  }

  /** The server processes to measure; empty when the servers share this JVM. */
  List<ServerPid> servers();

  /** What describes the run: JVM options, timers, node counts. */
  Map<String, Object> description();

  @Override
  void close();
}
