package io.beacon.registry.common.protocol;

import java.util.Map;

/**
 * The leader's datum versions for a {@link DatumVersionsRequest}: dataInfoId to version, {@code 0}
 * for one it never saw. Empty unless {@code status} is OK.
 */
public record DatumVersionsResponse(Status status, long tableEpoch, Map<String, Long> versions) {

  public DatumVersionsResponse {
    versions = versions == null ? Map.of() : Map.copyOf(versions);
  }
}
