package io.beacon.registry.session.switches;

import io.beacon.registry.common.protocol.RegistrySwitches;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry switches this session acts on, as meta last sent them, and what a change means.
 * Readers (push gate, registration handlers) see an immutable snapshot through a volatile field.
 *
 * <p>On a newer version: when stop-push is lifted, or gray-open admits new IPs while it is on,
 * everything is pushed again ({@code repushAll}); IPs newly turned off lose their publishers
 * ({@code clientOff}, subscribers stay); IPs turned back on have their connections closed ({@code
 * clientOpen}) so their clients reconnect and register everything again. Effects run on the
 * updating thread (the heartbeat answer), after the swap, outside any lock.
 */
public final class SessionSwitches {

  private static final Logger log = LoggerFactory.getLogger(SessionSwitches.class);

  private final Runnable repushAll;
  private final Consumer<Set<String>> clientOff;
  private final Consumer<Set<String>> clientOpen;
  private volatile RegistrySwitches current = RegistrySwitches.INITIAL;

  public SessionSwitches(
      Runnable repushAll, Consumer<Set<String>> clientOff, Consumer<Set<String>> clientOpen) {
    this.repushAll = repushAll;
    this.clientOff = clientOff;
    this.clientOpen = clientOpen;
  }

  public RegistrySwitches current() {
    return current;
  }

  /** Adopts {@code next} if it is newer and applies what changed. */
  public void update(RegistrySwitches next) {
    RegistrySwitches previous;
    synchronized (this) {
      previous = current;
      if (next == null || next.version() <= previous.version()) {
        return;
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
    Set<String> turnedOff = minus(next.clientOffIps(), previous.clientOffIps());
    Set<String> turnedOn = minus(previous.clientOffIps(), next.clientOffIps());
    if (!turnedOff.isEmpty()) {
      clientOff.accept(turnedOff);
    }
    if (!turnedOn.isEmpty()) {
      clientOpen.accept(turnedOn);
    }
    boolean pushLifted = previous.stopPush() && !next.stopPush();
    boolean grayWidened =
        next.stopPush() && !minus(next.grayOpenIps(), previous.grayOpenIps()).isEmpty();
    if (pushLifted || grayWidened) {
      repushAll.run();
    }
  }

  private static Set<String> minus(Set<String> a, Set<String> b) {
    Set<String> result = new HashSet<>(a);
    result.removeAll(b);
    return result;
  }
}
