package io.beacon.registry.data.store;

import io.beacon.registry.common.protocol.Status;
import java.util.Map;

/**
 * The outcome of removing every publisher of one session process from one slot. Immutable.
 *
 * @param status OK if applied, otherwise why nothing was
 * @param removedPublishers how many publishers were removed
 * @param changedVersions dataInfoId to its new datum version, for the datums whose version grew
 */
public record ExpiryResult(
    Status status, int removedPublishers, Map<String, Long> changedVersions) {

  public ExpiryResult {
    changedVersions = Map.copyOf(changedVersions);
  }

  static ExpiryResult rejected(Status status) {
    return new ExpiryResult(status, 0, Map.of());
  }
}
