package io.beacon.registry.common.http;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;

/** Picks the address a server advertises to others when none is configured. */
public final class NetworkAddresses {

  private NetworkAddresses() {}

  /**
   * {@code configured} if set; otherwise the first site-local or global IPv4 address of an up,
   * non-loopback interface; otherwise 127.0.0.1. Servers bound to loopback advertise loopback.
   */
  public static String advertised(String configured, String bindHost) {
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    if (bindHost != null && !bindHost.isBlank() && !bindHost.equals("0.0.0.0")) {
      return bindHost;
    }
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!nic.isUp() || nic.isLoopback()) {
          continue;
        }
        for (InetAddress address : Collections.list(nic.getInetAddresses())) {
          if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
            return address.getHostAddress();
          }
        }
      }
    } catch (SocketException e) {
      return "127.0.0.1";
    }
    return "127.0.0.1";
  }
}
