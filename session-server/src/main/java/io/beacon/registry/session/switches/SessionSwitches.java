package io.beacon.registry.session.switches;

import io.beacon.registry.common.protocol.RegistrySwitches;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry switches this session acts on, as meta last sent them. Readers (push gate,
 * registration handlers) see an immutable snapshot through a volatile field; {@link #update} keeps
 * only a newer version and says what changed, for {@link SwitchEffects} to act on.
 */
public final class SessionSwitches {

  private static final Logger log = LoggerFactory.getLogger(SessionSwitches.class);

  private volatile RegistrySwitches current = RegistrySwitches.INITIAL;

  public RegistrySwitches current() {
    return current;
  }

  /** Adopts {@code next} if it is newer; returns the change, or null when nothing changed. */
  public Change update(RegistrySwitches next) {
    RegistrySwitches previous;
    synchronized (this) {
      previous = current;
      if (next == null || next.version() <= previous.version()) {
        return null;
      }
      current = next;
    }
    log.info(
        "switches updated version={} stopPush={} grayOpen={} pubBlacklist={} dataInfoIdBlacklist={}"
            + " clientOff={}",
        next.version(),
        next.stopPush(),
        next.grayOpenIps().size(),
        next.publisherIpBlacklist().size(),
        next.dataInfoIdBlacklist().size(),
        next.clientOffIps().size());
    return new Change(previous, next);
  }

  /** The switches before and after an update. Immutable. */
  public record Change(RegistrySwitches previous, RegistrySwitches next) {}
}
