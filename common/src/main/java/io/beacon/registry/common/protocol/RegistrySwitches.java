package io.beacon.registry.common.protocol;

import java.util.Set;

/**
 * The registry-wide switches meta distributes to every session and data server through the
 * heartbeat. Immutable; {@code version} grows with every change, so a node keeps the newest.
 *
 * @param version the cluster's config version; 0 before meta has loaded any
 * @param stopPush no pushes to subscribers (the reference's stop-push switch)
 * @param grayOpenIps client IPs still pushed while {@code stopPush} is on
 * @param publisherIpBlacklist client IPs whose publishers are not stored (the client still gets
 *     success)
 * @param dataInfoIdBlacklist dataInfoIds nobody may publish to (same answer)
 * @param clientOffIps client IPs turned off: their publishers are removed and kept out until
 *     client-open
 */
public record RegistrySwitches(
    long version,
    boolean stopPush,
    Set<String> grayOpenIps,
    Set<String> publisherIpBlacklist,
    Set<String> dataInfoIdBlacklist,
    Set<String> clientOffIps) {

  public static final RegistrySwitches INITIAL =
      new RegistrySwitches(0, false, Set.of(), Set.of(), Set.of(), Set.of());

  public RegistrySwitches {
    grayOpenIps = grayOpenIps == null ? Set.of() : Set.copyOf(grayOpenIps);
    publisherIpBlacklist =
        publisherIpBlacklist == null ? Set.of() : Set.copyOf(publisherIpBlacklist);
    dataInfoIdBlacklist = dataInfoIdBlacklist == null ? Set.of() : Set.copyOf(dataInfoIdBlacklist);
    clientOffIps = clientOffIps == null ? Set.of() : Set.copyOf(clientOffIps);
  }

  /** Whether a push to a client at {@code clientIp} may go out now. */
  public boolean allowsPushTo(String clientIp) {
    return !stopPush || grayOpenIps.contains(clientIp);
  }

  /** Whether a publisher from {@code clientIp} to {@code dataInfoId} is dropped. */
  public boolean dropsPublisher(String clientIp, String dataInfoId) {
    return publisherIpBlacklist.contains(clientIp)
        || clientOffIps.contains(clientIp)
        || dataInfoIdBlacklist.contains(dataInfoId);
  }
}
