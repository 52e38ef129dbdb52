package io.beacon.registry.session.registration;

import io.beacon.registry.common.model.DataInfo;

/**
 * One subscriber of one client connection. Immutable; its push progress lives in the push package.
 *
 * @param registerId the client's id of this registration
 * @param dataInfo what it subscribes to
 * @param scope {@code zone}, {@code dataCenter} or {@code global}
 * @param zone the subscribing client's zone: a zone-scoped subscriber sees only this zone's data
 * @param appName informational
 * @param connectId the client connection it arrived on
 * @param version the client's registration version
 */
public record Subscriber(
    String registerId,
    DataInfo dataInfo,
    String scope,
    String zone,
    String appName,
    String connectId,
    long version) {

  public String dataInfoId() {
    return dataInfo.id();
  }
}
