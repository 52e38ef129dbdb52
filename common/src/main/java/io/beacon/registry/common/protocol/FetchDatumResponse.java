package io.beacon.registry.common.protocol;

import io.beacon.registry.common.model.Datum;
import java.util.List;

/**
 * The datums asked for, one per requested dataInfoId and in the same order; a dataInfoId the leader
 * never saw comes back as {@link Datum#empty(String)}. Empty unless {@code status} is OK.
 */
public record FetchDatumResponse(Status status, long tableEpoch, List<Datum> datums) {

  public FetchDatumResponse {
    datums = datums == null ? List.of() : List.copyOf(datums);
  }
}
