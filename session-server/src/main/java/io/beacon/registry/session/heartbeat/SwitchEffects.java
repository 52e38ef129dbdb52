package io.beacon.registry.session.heartbeat;

import io.beacon.registry.session.clientoff.ClientOff;
import io.beacon.registry.session.connection.ClientConnections;
import io.beacon.registry.session.push.PushScheduler;
import io.beacon.registry.session.switches.SessionSwitches;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a change of the switches means for this session: when stop-push is lifted, or gray-open
 * admits new IPs while it is on, everything is pushed again; IPs newly turned off lose their
 * publishers (their subscribers stay); IPs turned back on have their connections closed, so their
 * clients reconnect and register everything again. Runs on the thread that applied the change (the
 * heartbeat answer), outside any lock. Stateless.
 */
public final class SwitchEffects {

  private static final Logger log = LoggerFactory.getLogger(SwitchEffects.class);

  private final PushScheduler pushes;
  private final ClientOff clientOff;
  private final ClientConnections connections;

  public SwitchEffects(PushScheduler pushes, ClientOff clientOff, ClientConnections connections) {
    this.pushes = pushes;
    this.clientOff = clientOff;
    this.connections = connections;
  }

  public void apply(SessionSwitches.Change change) {
    Set<String> turnedOff = minus(change.next().clientOffIps(), change.previous().clientOffIps());
    Set<String> turnedOn = minus(change.previous().clientOffIps(), change.next().clientOffIps());
    if (!turnedOff.isEmpty()) {
      log.info(
          "client-off ips={} publishersRemoved={}",
          turnedOff,
          clientOff.clientOffPublishers(turnedOff));
    }
    for (String ip : turnedOn) {
      log.info("client-open ip={} connectionsClosed={}", ip, connections.closeByIp(ip));
    }
    boolean pushLifted = change.previous().stopPush() && !change.next().stopPush();
    boolean grayWidened =
        change.next().stopPush()
            && !minus(change.next().grayOpenIps(), change.previous().grayOpenIps()).isEmpty();
    if (pushLifted || grayWidened) {
      pushes.repushAll();
    }
  }

  private static Set<String> minus(Set<String> a, Set<String> b) {
    Set<String> result = new HashSet<>(a);
    result.removeAll(b);
    return result;
  }
}
