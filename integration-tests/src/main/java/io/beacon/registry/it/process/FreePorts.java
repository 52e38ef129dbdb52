package io.beacon.registry.it.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Ports of 127.0.0.1 that were free a moment ago: bound to port 0 together (so they differ), then
 * released for a server process to bind. A port is never handed out twice in this JVM. Another
 * process may take one in between; the server then fails to start and says so in its log.
 * Process-wide state: the set of ports handed out, guarded by the class monitor.
 */
final class FreePorts {

  private FreePorts() {}

  private static final Set<Integer> HANDED_OUT = new HashSet<>();

  static synchronized int[] allocate(int count) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      int[] ports = new int[count];
      int found = 0;
      while (found < count) {
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        sockets.add(socket);
        if (HANDED_OUT.add(socket.getLocalPort())) {
          ports[found++] = socket.getLocalPort();
        }
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      for (ServerSocket socket : sockets) {
        try {
          socket.close();
        } catch (IOException e) {
          // Released anyway.
        }
      }
    }
  }
}
