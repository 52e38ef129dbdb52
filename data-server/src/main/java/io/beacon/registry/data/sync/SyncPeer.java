package io.beacon.registry.data.sync;

import io.beacon.registry.common.model.ProcessId;
import java.util.Objects;

/**
 * The responder of a sync pass: its process (which every answer must name, so a restarted peer on
 * the same address is never mistaken for the old one) and its internal address. Immutable.
 */
public record SyncPeer(ProcessId processId, String address) {

  public SyncPeer {
    Objects.requireNonNull(processId, "processId");
    Objects.requireNonNull(address, "address");
  }
}
