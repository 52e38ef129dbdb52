package io.beacon.registry.data.store;

import io.beacon.registry.common.protocol.Status;

/**
 * The outcome of a read of one slot that passed (or failed) the access check under the slot's lock.
 * Immutable.
 *
 * @param status OK if read, otherwise why not
 * @param value what was read; null unless OK
 */
public record SlotRead<T>(Status status, T value) {

  static <T> SlotRead<T> ok(T value) {
    return new SlotRead<>(Status.OK, value);
  }

  static <T> SlotRead<T> refused(Status status) {
    return new SlotRead<>(status, null);
  }

  public boolean isOk() {
    return status == Status.OK;
  }
}
