package io.beacon.registry.testing.process;

import java.util.ArrayList;
import java.util.List;

/**
 * The link between one session server and the data servers of a {@link ProcessCluster}, routed
 * through {@link FaultProxy} instances so a test can break it in both directions at once: one proxy
 * in front of each data server's internal port, which the session dials instead ({@code
 * data-address-overrides}: writes, fetches, renews, version scans), and one in front of the
 * session's internal port, which the session advertises to meta and in its renews ({@code
 * advertised-internal-port}: change notices and slot syncs from data servers). The session's
 * heartbeats to meta go straight to meta, so meta keeps listing it.
 *
 * <p>Only the data servers the cluster started with are proxied: one added later is reached
 * directly. Proxies are created before the servers start and closed with the cluster. The test
 * thread drives {@link #cut()} and {@link #heal()}; the proxies are thread-safe.
 */
public final class SessionDataLink implements AutoCloseable {

  private final int session;
  private final List<FaultProxy> toData;
  private final FaultProxy fromData;

  private SessionDataLink(int session, List<FaultProxy> toData, FaultProxy fromData) {
    this.session = session;
    this.toData = List.copyOf(toData);
    this.fromData = fromData;
  }

  /** Starts the proxies for {@code session}, in front of {@code dataServers} and the session. */
  static SessionDataLink open(ServerProcess session, List<ServerProcess> dataServers) {
    // Listen ports from FreePorts: a port the kernel picked could be one just handed out to a
    // server of the cluster that has not bound it yet.
    int[] ports = FreePorts.allocate(dataServers.size() + 1);
    List<FaultProxy> toData = new ArrayList<>();
    try {
      for (int d = 0; d < dataServers.size(); d++) {
        toData.add(
            FaultProxy.start(
                ProcessCluster.HOST,
                dataServers.get(d).rpcPort(),
                FaultProxy.DEFAULT_MAX_CONNECTIONS,
                ports[d]));
      }
      FaultProxy fromData =
          FaultProxy.start(
              ProcessCluster.HOST,
              session.rpcPort(),
              FaultProxy.DEFAULT_MAX_CONNECTIONS,
              ports[dataServers.size()]);
      return new SessionDataLink(session.index(), toData, fromData);
    } catch (RuntimeException e) {
      toData.forEach(FaultProxy::close);
      throw e;
    }
  }

  /** The session's command-line arguments that route its data traffic through the proxies. */
  List<String> arguments() {
    List<String> args = new ArrayList<>();
    for (FaultProxy proxy : toData) {
      String dataAddress = ProcessCluster.HOST + ":" + proxy.target().getPort();
      args.add(
          ServerProcess.Role.SESSION.argument(
              "data-address-overrides[" + dataAddress + "]", proxy.address()));
    }
    args.add(ServerProcess.Role.SESSION.argument("advertised-internal-port", fromData.port()));
    return args;
  }

  public int session() {
    return session;
  }

  /** Resets every connection between the session and the data servers, and every new one. */
  public void cut() {
    fromData.cut();
    toData.forEach(FaultProxy::cut);
  }

  /** Lets traffic flow again in both directions. */
  public void heal() {
    toData.forEach(FaultProxy::heal);
    fromData.heal();
  }

  /** Whether the link is cut now. */
  public boolean isCut() {
    return fromData.mode() == FaultProxy.Mode.CUT;
  }

  /** Connections refused while cut (or over the limit) over all proxies: shows traffic tried. */
  public long refusedConnections() {
    long refused = fromData.refusedConnections();
    for (FaultProxy proxy : toData) {
      refused += proxy.refusedConnections();
    }
    return refused;
  }

  /** The proxies towards data server 0, 1, ... in the order the cluster started them. */
  public List<FaultProxy> toData() {
    return toData;
  }

  /** The proxy data servers call the session through. */
  public FaultProxy fromData() {
    return fromData;
  }

  @Override
  public void close() {
    toData.forEach(FaultProxy::close);
    fromData.close();
  }

  @Override
  public String toString() {
    return "SessionDataLink{session-"
        + session
        + ", toData="
        + toData
        + ", fromData="
        + fromData
        + "}";
  }
}
