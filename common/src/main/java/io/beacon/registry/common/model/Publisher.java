package io.beacon.registry.common.model;

import java.util.List;
import java.util.Objects;

/**
 * One published registration as the servers keep it. Immutable; {@code values} is an unmodifiable
 * copy. The fields many publishers repeat (dataInfoId, zone, appName, connectId, sessionProcessId)
 * are replaced by one shared instance per distinct value, whoever builds the publisher (a handler,
 * or Hessian decoding a write), so a server keeps them once, not once per publisher.
 *
 * @param dataInfoId the data it publishes to
 * @param registerId the client's id for this registration (stable across republish and reconnect)
 * @param values the published values, in the client's order
 * @param version the client version and the session's registration time
 * @param zone the zone of the publishing client
 * @param appName the publishing application, informational
 * @param connectId {@code clientIp:clientPort_sessionIp:sessionPort} of the owning connection
 * @param sessionProcessId the session process that owns this publisher
 */
public record Publisher(
    String dataInfoId,
    String registerId,
    List<String> values,
    RegisterVersion version,
    String zone,
    String appName,
    String connectId,
    ProcessId sessionProcessId) {

  public Publisher {
    Objects.requireNonNull(dataInfoId, "dataInfoId");
    Objects.requireNonNull(registerId, "registerId");
    Objects.requireNonNull(version, "version");
    values = values == null ? List.of() : List.copyOf(values);
    dataInfoId = SharedValues.word(dataInfoId);
    zone = SharedValues.word(zone);
    appName = SharedValues.word(appName);
    connectId = SharedValues.word(connectId);
    sessionProcessId = SharedValues.processId(sessionProcessId);
  }

  /** This publisher with another version (a blocked one restored is re-stamped). */
  public Publisher withVersion(RegisterVersion newVersion) {
    return new Publisher(
        dataInfoId, registerId, values, newVersion, zone, appName, connectId, sessionProcessId);
  }

  /** The client's address part of {@link #connectId()}, or an empty string if unknown. */
  public String clientIp() {
    return ConnectId.clientIp(connectId);
  }
}
