package io.beacon.registry.data.heartbeat;

import io.beacon.registry.common.protocol.HeartbeatResponse;

/**
 * The newest {@link MetaView}. Written by heartbeat answers (one at a time), read by request
 * handlers, the lease expiry, slot migration and follower sync through a volatile field.
 */
public final class MetaViewHolder {

  private volatile MetaView current = MetaView.NONE;

  public MetaView current() {
    return current;
  }

  /** Adopts what {@code response} says; returns the new view. */
  MetaView update(HeartbeatResponse response) {
    MetaView next = current.next(response);
    current = next;
    return next;
  }
}
