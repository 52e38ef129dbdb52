package io.beacon.registry.session.connection;

import io.beacon.registry.common.model.ConnectId;
import io.beacon.registry.common.rpc.ConnectionListener;
import io.beacon.registry.common.rpc.RpcConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open client connections of this session, by connectId. Told of opens and closes by the client
 * port's {@code RpcServer}; every request also registers its connection, so a request that races
 * its connection's open event still finds it. What a close means for the connection's registrations
 * is {@code ClientOff}'s business, a listener of its own. Thread-safe (a concurrent map; events
 * arrive on Bolt's event thread, requests on the Bolt I/O threads (publisher registrations) and the
 * client RPC threads).
 */
public final class ClientConnections implements ConnectionListener {

  private final Map<String, RpcConnection> connections = new ConcurrentHashMap<>();

  public static String connectIdOf(RpcConnection connection) {
    return ConnectId.of(connection.remoteAddress(), connection.localAddress());
  }

  /** Records {@code connection} if it is open; returns its connectId. */
  public String register(RpcConnection connection) {
    String connectId = connectIdOf(connection);
    if (connection.isOpen()) {
      connections.putIfAbsent(connectId, connection);
    }
    return connectId;
  }

  /** The open connection of {@code connectId}, or null. */
  public RpcConnection get(String connectId) {
    RpcConnection connection = connections.get(connectId);
    return connection != null && connection.isOpen() ? connection : null;
  }

  public boolean isOpen(String connectId) {
    return get(connectId) != null;
  }

  /** The connectIds of the open connections (a copy). */
  public List<String> connectIds() {
    return new ArrayList<>(connections.keySet());
  }

  public int count() {
    return connections.size();
  }

  /** Bytes written to the open connections and not yet taken by their sockets, summed. */
  public long pendingWriteBytes() {
    long total = 0;
    for (RpcConnection connection : connections.values()) {
      total += connection.pendingWriteBytes();
    }
    return total;
  }

  /** Closes every client connection whose IP is {@code ip}; returns how many. */
  public int closeByIp(String ip) {
    int closed = 0;
    for (RpcConnection connection : connections.values()) {
      if (connection.remoteIp().equals(ip)) {
        connection.close();
        closed++;
      }
    }
    return closed;
  }

  @Override
  public void onOpen(RpcConnection connection) {
    register(connection);
  }

  @Override
  public void onClose(RpcConnection connection) {
    connections.remove(connectIdOf(connection), connection);
  }

  /** Forgets connections that closed without an event reaching us; returns their connectIds. */
  public List<String> sweepClosed() {
    List<String> closed = new ArrayList<>();
    connections.forEach(
        (connectId, connection) -> {
          if (!connection.isOpen() && connections.remove(connectId, connection)) {
            closed.add(connectId);
          }
        });
    return closed;
  }
}
