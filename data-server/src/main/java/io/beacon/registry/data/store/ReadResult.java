package io.beacon.registry.data.store;

import io.beacon.registry.common.model.Datum;
import io.beacon.registry.common.protocol.Status;
import java.util.List;

/**
 * The outcome of reading datums from one slot. Immutable.
 *
 * @param status OK if read, otherwise why not
 * @param datums one per requested dataInfoId, in order; empty unless OK
 */
public record ReadResult(Status status, List<Datum> datums) {

  public ReadResult {
    datums = List.copyOf(datums);
  }
}
