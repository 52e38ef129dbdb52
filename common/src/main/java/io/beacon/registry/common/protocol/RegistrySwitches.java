package io.beacon.registry.common.protocol;

import java.util.Map;
import java.util.Set;

/**
 * The registry-wide switches meta distributes to every session and data server, in heartbeat
 * answers and in the notice it sends when they change. Immutable; {@code version} grows with every
 * change, so a node keeps the newest. A component added later decodes as null (or 0) from an older
 * meta during a rolling upgrade, and the compact constructor turns that into "not set".
 *
 * @param version the cluster's config version; 0 before meta has loaded any
 * @param stopPush no pushes to subscribers (the reference's stop-push switch)
 * @param grayOpenIps client IPs still pushed while {@code stopPush} is on
 * @param publisherIpBlacklist client IPs whose publishers are blocked: kept by their session but
 *     out of every datum until the IP leaves the list (the client still gets success)
 * @param dataInfoIdBlacklist dataInfoIds whose publishers are blocked the same way
 * @param clientOffIps client IPs turned off: their publishers are removed and new ones dropped
 *     until client-open
 * @param subscriberIpBlacklist client IPs whose registrations (publishers, subscribers,
 *     configurators) are blocked at each new {@code blacklistVersion}; later ones are accepted, as
 *     in the reference
 * @param blacklistVersion the version of the IP blacklist document; it grows with every update,
 *     also one that changes nothing, and each growth blocks again what listed IPs registered since
 * @param clientReducedIps client IPs reduced: no longer off (they may publish again), but unlike a
 *     client-open their connections are not closed, so what the client-off removed stays removed
 * @param provideData the provide data configurators watch, by dataInfoId (every entry but the
 *     switches' own keys, which the components above carry parsed)
 */
public record RegistrySwitches(
    long version,
    boolean stopPush,
    Set<String> grayOpenIps,
    Set<String> publisherIpBlacklist,
    Set<String> dataInfoIdBlacklist,
    Set<String> clientOffIps,
    Set<String> subscriberIpBlacklist,
    long blacklistVersion,
    Set<String> clientReducedIps,
    Map<String, ProvideDatum> provideData) {

  public static final RegistrySwitches INITIAL =
      new RegistrySwitches(
          0, false, Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), 0, Set.of(), Map.of());

  public RegistrySwitches {
    grayOpenIps = orEmpty(grayOpenIps);
    publisherIpBlacklist = orEmpty(publisherIpBlacklist);
    dataInfoIdBlacklist = orEmpty(dataInfoIdBlacklist);
    clientOffIps = orEmpty(clientOffIps);
    subscriberIpBlacklist = orEmpty(subscriberIpBlacklist);
    clientReducedIps = orEmpty(clientReducedIps);
    provideData = provideData == null ? Map.of() : Map.copyOf(provideData);
  }

  /** Whether a push to a client at {@code clientIp} may go out now. */
  public boolean allowsPushTo(String clientIp) {
    return !stopPush || grayOpenIps.contains(clientIp);
  }

  /** Whether a publisher from {@code clientIp} to {@code dataInfoId} is blocked. */
  public boolean blocksPublisher(String clientIp, String dataInfoId) {
    return publisherIpBlacklist.contains(clientIp) || dataInfoIdBlacklist.contains(dataInfoId);
  }

  /** Whether {@code clientIp} is on either IP blacklist. */
  public boolean listsIp(String clientIp) {
    return publisherIpBlacklist.contains(clientIp) || subscriberIpBlacklist.contains(clientIp);
  }

  /** Whether {@code clientIp} is turned off (its publishers are dropped). */
  public boolean isClientOff(String clientIp) {
    return clientOffIps.contains(clientIp);
  }

  private static Set<String> orEmpty(Set<String> values) {
    return values == null ? Set.of() : Set.copyOf(values);
  }
}
