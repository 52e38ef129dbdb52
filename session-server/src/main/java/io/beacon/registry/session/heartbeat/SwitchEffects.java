package io.beacon.registry.session.heartbeat;

import io.beacon.registry.common.protocol.RegistrySwitches;
import io.beacon.registry.session.clientoff.Blacklisting;
import io.beacon.registry.session.clientoff.ClientOff;
import io.beacon.registry.session.connection.ClientConnections;
import io.beacon.registry.session.push.ConfigPushes;
import io.beacon.registry.session.push.PushScheduler;
import io.beacon.registry.session.switches.SessionSwitches;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the switches meta sends into force on this session: adopts them ({@link SessionSwitches})
 * and then brings the session in line with them, on one serial executor.
 *
 * <p>What a change does: when stop-push is lifted, or gray-open admits new IPs while it is on,
 * everything is pushed again; IPs newly turned off lose their publishers (their subscribers stay);
 * IPs turned back on have their connections closed, so their clients reconnect and register
 * everything again, unless they were reduced (then they may just publish again, and what the
 * client-off removed stays removed, as in the reference); the blacklists block and restore
 * registrations ({@link Blacklisting}); configurators whose provide data changed are pushed it
 * ({@link ConfigPushes}).
 *
 * <p>Design: each step is a reconcile of what was last applied (state confined to {@code serial})
 * against {@link SessionSwitches#current()}, read when the step runs, not a diff between the two
 * versions one update saw: updates arriving on several threads (heartbeat answers, meta's notices)
 * only swap the volatile field and ask for a reconcile, so effects never run concurrently nor out
 * of order, and a reconcile that runs after several swaps acts once, on the newest. Each step
 * records what it applied when it is done, so a step that failed is retried by the next reconcile
 * ({@link #recheck}, also run periodically) and a step that succeeded is not repeated. The future
 * {@link #update} returns completes once a reconcile that started after the swap has run: the
 * switches it reports are then in force here.
 */
public final class SwitchEffects {

  private static final Logger log = LoggerFactory.getLogger(SwitchEffects.class);

  private final SessionSwitches switches;
  private final Executor serial;
  private final PushScheduler pushes;
  private final ClientOff clientOff;
  private final Blacklisting blacklisting;
  private final ClientConnections connections;
  private final ConfigPushes configs;

  // Confined to serial: what the last reconcile applied, per step.
  private long appliedVersion;
  private Set<String> appliedClientOff = Set.of();
  private boolean appliedStopPush;
  private Set<String> appliedGrayOpen = Set.of();
  private long appliedBlacklistVersion;

  /**
   * @param serial one thread: every reconcile runs there, one at a time
   */
  public SwitchEffects(
      SessionSwitches switches,
      Executor serial,
      PushScheduler pushes,
      ClientOff clientOff,
      Blacklisting blacklisting,
      ClientConnections connections,
      ConfigPushes configs) {
    this.switches = switches;
    this.serial = serial;
    this.pushes = pushes;
    this.clientOff = clientOff;
    this.blacklisting = blacklisting;
    this.connections = connections;
    this.configs = configs;
  }

  /**
   * Adopts {@code next} if it is newer than what this session holds (null: nothing new) and
   * reconciles; the future completes with the version then in force, once the reconcile ran.
   */
  public CompletableFuture<Long> update(RegistrySwitches next) {
    switches.update(next);
    CompletableFuture<Long> inForce = new CompletableFuture<>();
    try {
      serial.execute(
          () -> {
            try {
              reconcile();
            } catch (Throwable t) {
              log.warn("switch effects failed, retried at the next reconcile", t);
            } finally {
              inForce.complete(appliedVersion);
            }
          });
    } catch (RejectedExecutionException e) {
      inForce.completeExceptionally(e);
    }
    return inForce;
  }

  /** The version of the switches this session holds (in force, or about to be). */
  public long heldVersion() {
    return switches.current().version();
  }

  /** Reconciles again (periodically, so a step that failed is retried). */
  public void recheck() {
    if (update(null).isCompletedExceptionally()) {
      log.debug("switch recheck not run, closing");
    }
  }

  /** Brings every step in line with the current switches. On {@code serial}. */
  private void reconcile() {
    RegistrySwitches current = switches.current();
    if (current.version() == appliedVersion) {
      return;
    }
    applyClientOff(current);
    applyPush(current);
    applyBlacklists(current);
    configs.onSwitches(current);
    appliedVersion = current.version();
  }

  private void applyClientOff(RegistrySwitches current) {
    Set<String> turnedOff = minus(current.clientOffIps(), appliedClientOff);
    Set<String> turnedOn = minus(appliedClientOff, current.clientOffIps());
    if (!turnedOff.isEmpty()) {
      log.info(
          "client-off ips={} publishersRemoved={}",
          turnedOff,
          clientOff.clientOffPublishers(turnedOff));
    }
    for (String ip : turnedOn) {
      if (current.clientReducedIps().contains(ip)) {
        log.info("client reduced ip={}: publishing again, connections kept", ip);
      } else {
        log.info("client-open ip={} connectionsClosed={}", ip, connections.closeByIp(ip));
      }
    }
    appliedClientOff = current.clientOffIps();
  }

  private void applyPush(RegistrySwitches current) {
    boolean pushLifted = appliedStopPush && !current.stopPush();
    boolean grayWidened =
        current.stopPush() && !minus(current.grayOpenIps(), appliedGrayOpen).isEmpty();
    if (pushLifted || grayWidened) {
      pushes.repushAll();
    }
    appliedStopPush = current.stopPush();
    appliedGrayOpen = current.grayOpenIps();
  }

  private void applyBlacklists(RegistrySwitches current) {
    blacklisting.reconcile(current, current.blacklistVersion() > appliedBlacklistVersion);
    appliedBlacklistVersion = Math.max(appliedBlacklistVersion, current.blacklistVersion());
  }

  private static Set<String> minus(Set<String> a, Set<String> b) {
    Set<String> result = new HashSet<>(a);
    result.removeAll(b);
    return result;
  }
}
