package io.beacon.registry.common.protocol;

import io.beacon.registry.common.model.Datum;
import io.beacon.registry.common.model.DatumDelta;
import java.util.List;

/**
 * The datums asked for: each requested dataInfoId is answered once, either whole in {@code datums}
 * or, if the request named a version the leader can still tell the changes from, as a {@link
 * DatumDelta} in {@code deltas}; each list keeps the order of the request, and answers are matched
 * to requested dataInfoIds by their dataInfoId, not by position. A dataInfoId the leader never saw
 * comes back as {@link Datum#empty(String)}. Both lists are empty unless {@code status} is OK.
 */
public record FetchDatumResponse(
    Status status, long tableEpoch, List<Datum> datums, List<DatumDelta> deltas) {

  public FetchDatumResponse {
    datums = datums == null ? List.of() : List.copyOf(datums);
    deltas = deltas == null ? List.of() : List.copyOf(deltas);
  }

  /** An answer with whole datums only. */
  public FetchDatumResponse(Status status, long tableEpoch, List<Datum> datums) {
    this(status, tableEpoch, datums, List.of());
  }
}
