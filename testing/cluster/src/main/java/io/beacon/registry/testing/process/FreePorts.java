package io.beacon.registry.testing.process;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports of 127.0.0.1 that were free a moment ago, for server processes to bind. A port is never
 * handed out twice in this JVM.
 *
 * <p>Ports come from below the kernel's ephemeral range ({@code net.ipv4.ip_local_port_range}):
 * outgoing connections take their local ports from that range, and with dozens of client and server
 * connections open, a port released by a bind-to-0 probe was regularly taken by one of them before
 * the server process bound it ("Address already in use" on a data server's HTTP port). Below the
 * range only another listener can take a port between the probe and the server's bind. Where the
 * range cannot be read, ports below 32768 are used.
 *
 * <p>Process-wide state: the set of ports handed out, guarded by the class monitor.
 */
final class FreePorts {

  private static final int LOWEST = 10_000;
  private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
  private static final int MAX_PROBES = 10_000;

  private FreePorts() {}

  private static final Set<Integer> HANDED_OUT = new HashSet<>();

  static synchronized int[] allocate(int count) {
    int highest = ephemeralRangeStart() - 1;
    int[] ports = new int[count];
    int found = 0;
    for (int probe = 0; found < count; probe++) {
      if (probe >= MAX_PROBES) {
        throw new IllegalStateException(
            "no " + count + " free ports in " + LOWEST + ".." + highest + " after " + probe);
      }
      int port = ThreadLocalRandom.current().nextInt(LOWEST, highest + 1);
      if (!HANDED_OUT.contains(port) && isFree(port)) {
        HANDED_OUT.add(port);
        ports[found++] = port;
      }
    }
    return ports;
  }

  private static boolean isFree(int port) {
    try {
      new ServerSocket(port, 1, InetAddress.getLoopbackAddress()).close();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int ephemeralRangeStart() {
    try {
      int start = Integer.parseInt(Files.readString(EPHEMERAL_RANGE).trim().split("\\s+", -1)[0]);
      return start > LOWEST + 1_000 ? start : 32_768;
    } catch (IOException | RuntimeException e) {
      return 32_768;
    }
  }
}
