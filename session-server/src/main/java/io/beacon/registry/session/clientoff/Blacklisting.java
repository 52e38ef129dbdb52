package io.beacon.registry.session.clientoff;

import io.beacon.registry.common.model.ConnectId;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.common.protocol.PublisherPut;
import io.beacon.registry.common.protocol.PublisherRemoval;
import io.beacon.registry.common.protocol.PublisherWrite;
import io.beacon.registry.common.protocol.RegistrySwitches;
import io.beacon.registry.session.registration.BlockChanges;
import io.beacon.registry.session.registration.BlockRule;
import io.beacon.registry.session.registration.Configurator;
import io.beacon.registry.session.registration.SessionRegistry;
import io.beacon.registry.session.registration.Subscriber;
import io.beacon.registry.session.trace.PushTracer;
import java.time.InstantSource;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the client-IP blacklists ({@code FORBIDDEN_PUB}, {@code FORBIDDEN_SUB_BY_PREFIX}) and the
 * dataInfoId blacklist do to the registrations this session holds.
 *
 * <p>As the reference does while a blacklist is on: every time the IP blacklist document gets a new
 * version, everything the connections of IPs on either list registered (publishers, subscribers,
 * configurators) leaves: publishers are removed from data, subscribers get no further push. Later
 * registrations from those IPs are accepted, but for publishers from a {@code FORBIDDEN_PUB} IP or
 * to a blacklisted dataInfoId, which stay out (the client is answered success either way); a
 * dataInfoId added to its blacklist takes its publishers out at once. Unlike the reference, nothing
 * is forgotten: what leaves is kept blocked in the {@link SessionRegistry} and comes back by itself
 * once no list holds it any more (a publisher re-stamped newer than its removal, a subscriber with
 * a first push, a configurator with its config), so lifting a blacklist needs no client to
 * re-register. Matching is exact string equality with the connection's IP, as in the reference.
 *
 * <p>Runs on the session's serial switches executor ({@code SwitchEffects}), one reconcile at a
 * time. Stateless: the state is the registry's.
 */
public final class Blacklisting {

  private static final Logger log = LoggerFactory.getLogger(Blacklisting.class);

  private final SessionRegistry registry;
  private final Consumer<PublisherWrite> writes;
  private final ProcessId processId;
  private final InstantSource clock;
  private final PushTracer tracer;
  private final Consumer<Subscriber> stopPushes;
  private final Consumer<Subscriber> startPushes;
  private final Consumer<Configurator> configuratorRestored;

  /**
   * @param writes where removals and puts for the data leaders go
   * @param stopPushes forgets the push state of a subscriber that was blocked
   * @param startPushes gives a restored subscriber its first push
   * @param configuratorRestored pushes a restored configurator its config
   */
  public Blacklisting(
      SessionRegistry registry,
      Consumer<PublisherWrite> writes,
      ProcessId processId,
      InstantSource clock,
      PushTracer tracer,
      Consumer<Subscriber> stopPushes,
      Consumer<Subscriber> startPushes,
      Consumer<Configurator> configuratorRestored) {
    this.registry = registry;
    this.writes = writes;
    this.processId = processId;
    this.clock = clock;
    this.tracer = tracer;
    this.stopPushes = stopPushes;
    this.startPushes = startPushes;
    this.configuratorRestored = configuratorRestored;
  }

  /**
   * Blocks and restores as {@code switches} say now.
   *
   * @param evict the IP blacklist's version grew since the last reconcile: what listed IPs hold now
   *     is blocked, subscribers and configurators included
   */
  public BlockChanges reconcile(RegistrySwitches switches, boolean evict) {
    long nowMillis = clock.millis();
    BlockChanges changes = registry.reconcileBlocked(rule(switches, evict), nowMillis);
    for (Publisher publisher : changes.blockedPublishers()) {
      writes.accept(
          new PublisherRemoval(
              publisher.dataInfoId(), publisher.registerId(), publisher.version(), processId));
    }
    for (Publisher publisher : changes.restoredPublishers()) {
      tracer.onAccepted(
          publisher.dataInfoId(), publisher.registerId(), publisher.version(), false, nowMillis);
      writes.accept(new PublisherPut(publisher));
    }
    changes.blockedSubscribers().forEach(stopPushes);
    changes.restoredSubscribers().forEach(startPushes);
    changes.restoredConfigurators().forEach(configuratorRestored);
    if (!changes.isEmpty()) {
      log.info(
          "blacklists applied version={} blacklistVersion={} evict={} publishersBlocked={}"
              + " publishersRestored={} subscribersBlocked={} subscribersRestored={}"
              + " configuratorsBlocked={} configuratorsRestored={}",
          switches.version(),
          switches.blacklistVersion(),
          evict,
          changes.blockedPublishers().size(),
          changes.restoredPublishers().size(),
          changes.blockedSubscribers().size(),
          changes.restoredSubscribers().size(),
          changes.blockedConfigurators().size(),
          changes.restoredConfigurators().size());
    }
    return changes;
  }

  /** The rule {@link #reconcile} applies; see the class header. */
  static BlockRule rule(RegistrySwitches switches, boolean evict) {
    return new BlockRule() {
      @Override
      public boolean blocks(Publisher publisher) {
        String ip = publisher.clientIp();
        return switches.blocksPublisher(ip, publisher.dataInfoId())
            || (evict && switches.listsIp(ip));
      }

      @Override
      public boolean restores(Publisher publisher) {
        String ip = publisher.clientIp();
        return !switches.listsIp(ip)
            && !switches.blocksPublisher(ip, publisher.dataInfoId())
            && !switches.isClientOff(ip);
      }

      @Override
      public boolean blocks(String connectId) {
        return evict && switches.listsIp(ConnectId.clientIp(connectId));
      }

      @Override
      public boolean restores(String connectId) {
        return !switches.listsIp(ConnectId.clientIp(connectId));
      }

      @Override
      public boolean mayBlock() {
        return evict
            || !switches.publisherIpBlacklist().isEmpty()
            || !switches.dataInfoIdBlacklist().isEmpty();
      }
    };
  }
}
