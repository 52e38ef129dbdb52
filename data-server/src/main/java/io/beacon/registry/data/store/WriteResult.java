package io.beacon.registry.data.store;

import io.beacon.registry.common.protocol.Status;
import java.util.Map;

/**
 * The outcome of a batch of writes to one slot. Immutable.
 *
 * @param status OK if the writes were applied, otherwise why none was
 * @param changedVersions dataInfoId to its new datum version, for the datums whose version grew
 */
public record WriteResult(Status status, Map<String, Long> changedVersions) {

  public WriteResult {
    changedVersions = Map.copyOf(changedVersions);
  }

  static WriteResult rejected(Status status) {
    return new WriteResult(status, Map.of());
  }
}
