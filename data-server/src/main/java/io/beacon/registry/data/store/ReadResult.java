package io.beacon.registry.data.store;

import io.beacon.registry.common.model.Datum;
import io.beacon.registry.common.model.DatumDelta;
import io.beacon.registry.common.protocol.Status;
import java.util.List;

/**
 * The outcome of reading datums from one slot. Immutable.
 *
 * @param status OK if read, otherwise why not
 * @param datums the requested dataInfoIds answered whole, in order; empty unless OK
 * @param deltas the requested dataInfoIds answered with what changed since a version the caller
 *     holds, in order; each requested dataInfoId is in exactly one of the two lists
 */
public record ReadResult(Status status, List<Datum> datums, List<DatumDelta> deltas) {

  public ReadResult {
    datums = List.copyOf(datums);
    deltas = List.copyOf(deltas);
  }

  /** A result of whole datums only. */
  public ReadResult(Status status, List<Datum> datums) {
    this(status, datums, List.of());
  }
}
