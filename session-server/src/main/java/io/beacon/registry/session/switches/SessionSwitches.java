package io.beacon.registry.session.switches;

import io.beacon.registry.common.protocol.RegistrySwitches;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry switches this session acts on, as meta last sent them (heartbeat answers and meta's
 * switch notices, in any order). Readers (push gate, registration handlers) see an immutable
 * snapshot through a volatile field; {@link #update} keeps only a newer version. What a change does
 * is {@code SwitchEffects}' business, which reconciles against {@link #current()} after every swap.
 */
public final class SessionSwitches {

  private static final Logger log = LoggerFactory.getLogger(SessionSwitches.class);

  private volatile RegistrySwitches current = RegistrySwitches.INITIAL;

  public RegistrySwitches current() {
    return current;
  }

  /** Adopts {@code next} if it is newer; returns whether it did. */
  public boolean update(RegistrySwitches next) {
    synchronized (this) {
      if (next == null || next.version() <= current.version()) {
        return false;
      }
      current = next;
    }
    log.info(
        "switches updated version={} stopPush={} grayOpen={} pubBlacklist={} subBlacklist={}"
            + " blacklistVersion={} dataInfoIdBlacklist={} clientOff={}",
        next.version(),
        next.stopPush(),
        next.grayOpenIps().size(),
        next.publisherIpBlacklist().size(),
        next.subscriberIpBlacklist().size(),
        next.blacklistVersion(),
        next.dataInfoIdBlacklist().size(),
        next.clientOffIps().size());
    return true;
  }
}
