package io.beacon.registry.common.model;

import java.util.Objects;

/**
 * How a server describes itself to meta, and how meta describes it to the others. Immutable.
 *
 * @param role the server role
 * @param address {@code host:port} of the server's internal Bolt port; the node's identity
 * @param clientAddress {@code host:port} of a session's client port; null for other roles
 * @param httpAddress {@code host:port} of the server's HTTP port
 * @param processId the incarnation of the server process
 * @param dataCenter the data center the server belongs to
 * @param zone the zone (region) the server belongs to
 */
public record NodeInfo(
    NodeRole role,
    String address,
    String clientAddress,
    String httpAddress,
    ProcessId processId,
    String dataCenter,
    String zone) {

  public NodeInfo {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(processId, "processId");
  }
}
