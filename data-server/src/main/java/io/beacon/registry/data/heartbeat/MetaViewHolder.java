package io.beacon.registry.data.heartbeat;

import io.beacon.registry.common.protocol.HeartbeatResponse;
import io.beacon.registry.common.protocol.RegistrySwitches;

/**
 * The newest {@link MetaView}. Written by heartbeat answers (one at a time) and by the meta
 * leader's switch notices ({@link #adopt}), under {@code this}; read by request handlers, the lease
 * expiry, slot migration and follower sync through a volatile field.
 */
public final class MetaViewHolder {

  private volatile MetaView current = MetaView.NONE;

  public MetaView current() {
    return current;
  }

  /** Adopts what {@code response} says; returns the new view. */
  synchronized MetaView update(HeartbeatResponse response) {
    MetaView next = current.next(response);
    current = next;
    return next;
  }

  /**
   * Adopts {@code switches} if they are newer than the view's (a switch notice); returns the
   * version held then. Data servers hold the switches only to report them, so they are in force as
   * soon as they are held.
   */
  public synchronized long adopt(RegistrySwitches switches) {
    MetaView view = current;
    if (switches != null && switches.version() > view.switches().version()) {
      current =
          new MetaView(
              view.answered(),
              view.sessions(),
              view.sessionPeers(),
              view.dataProcesses(),
              switches,
              view.leaving());
    }
    return current.switches().version();
  }
}
