package io.beacon.registry.session.registration;

import io.beacon.registry.common.colocation.PublisherPool;
import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.common.model.RegisterVersion;
import io.beacon.registry.common.slot.SlotFunction;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The publishers, subscribers and configurators of this session's client connections, in memory,
 * each either <em>active</em> or <em>blocked</em>.
 *
 * <p>Blocked registrations are the ones a blacklist holds back (see {@link #putPublisher(Publisher,
 * Function)} and {@link #reconcileBlocked}): they stay here, under their connection, but out of
 * every view the rest of the session works from (publishers by slot for renews and slot syncs,
 * subscribers by dataInfoId for pushes, the counts), so for data servers and subscribers they do
 * not exist. When the blacklist lets them go they become active again without the client doing
 * anything: a publisher with a new registration timestamp, newer than the tombstone its removal
 * left on the data leader. A connection's close drops them with everything else.
 *
 * <p>Concurrency: every mutation takes {@code this} (registrations are cheap and a single lock
 * keeps the {@link RegistryIndexes} consistent with the maps); readers use the concurrent maps
 * without locking and see each registration either before or after a change. No mutation holds the
 * lock for more than {@link #REMOVAL_CHUNK} registrations, so publisher registrations, which are
 * handled on Bolt I/O threads, never wait long for it. A registration is keyed by its registId,
 * which the client keeps across reconnects, so a replay replaces the entry of the old connection.
 * Whether a new publisher is blocked is decided under the lock, with the switches current at that
 * moment, and every pass over the registry that acts on a switch change takes the lock once before
 * it starts: a registration decided with the switches before a change is then visible to the pass
 * that acts on the change, and one decided after it saw the new switches.
 */
public final class SessionRegistry {

  /** The most registrations a connection's removal drops per hold of the lock. */
  static final int REMOVAL_CHUNK = 256;

  private final Map<String, Publisher> publishers = new ConcurrentHashMap<>();
  private final Map<String, Subscriber> subscribers = new ConcurrentHashMap<>();
  private final Map<String, Configurator> configurators = new ConcurrentHashMap<>();
  private final Map<String, Publisher> blockedPublishers = new ConcurrentHashMap<>();
  private final Map<String, Subscriber> blockedSubscribers = new ConcurrentHashMap<>();
  private final Map<String, Configurator> blockedConfigurators = new ConcurrentHashMap<>();

  private final PublisherPool publisherPool;
  private final RegistryIndexes indexes;

  /** A registry of {@link SlotFunction#DEFAULT_SLOT_COUNT} slots that shares no publisher. */
  public SessionRegistry() {
    this(PublisherPool.none(), new SlotFunction(SlotFunction.DEFAULT_SLOT_COUNT));
  }

  /**
   * @param publisherPool every stored publisher goes through it: a data server in the same JVM then
   *     stores the same instances
   * @param slotFunction the slots publishers are indexed by (the slot syncs ask for one slot)
   */
  public SessionRegistry(PublisherPool publisherPool, SlotFunction slotFunction) {
    this.publisherPool = publisherPool;
    this.indexes = new RegistryIndexes(slotFunction);
  }

  /**
   * The version of a publisher registration: the client's version stamped with this session's time
   * {@code nowMillis}. A replay of the same client version over another connection (the client
   * reconnected) must replace the stored entry even within the same millisecond or after a clock
   * step back, or the old connection's client-off would remove it; its timestamp is then moved just
   * past the stored one.
   */
  public RegisterVersion stamp(
      String registerId, long clientVersion, String connectId, long nowMillis) {
    Publisher existing = publishers.getOrDefault(registerId, blockedPublishers.get(registerId));
    long timestamp = nowMillis;
    if (existing != null
        && existing.version().version() == clientVersion
        && !connectId.equals(existing.connectId())
        && existing.version().registerTimestamp() >= nowMillis) {
      timestamp = existing.version().registerTimestamp() + 1;
    }
    return new RegisterVersion(clientVersion, timestamp);
  }

  /**
   * Stores {@code publisher} unless a newer version of the same registId is held; returns whether
   * it was stored.
   */
  public boolean putPublisher(Publisher publisher) {
    return putPublisher(publisher, p -> Admission.STORE).outcome() == Placement.Outcome.STORED;
  }

  /**
   * Stores {@code publisher} as {@code admission} says, asked under the lock (so with the switches
   * current when the registration takes effect), unless the same or a newer version of its registId
   * is held, active or blocked.
   */
  public synchronized Placement putPublisher(
      Publisher publisher, Function<Publisher, Admission> admission) {
    String registerId = publisher.registerId();
    Publisher existing = publishers.get(registerId);
    Publisher held = existing != null ? existing : blockedPublishers.get(registerId);
    if (held != null && !publisher.version().isNewerThan(held.version())) {
      return new Placement(Placement.Outcome.STALE, null);
    }
    dropBlocked(blockedPublishers, registerId, Publisher::connectId);
    Admission decision = admission.apply(publisher);
    if (decision == Admission.STORE) {
      storeActive(publisher, existing);
      return new Placement(Placement.Outcome.STORED, null);
    }
    if (existing != null) {
      publishers.remove(registerId);
      indexes.removeOwned(existing.connectId(), registerId);
      indexes.removeFromSlot(existing);
    }
    if (decision == Admission.BLOCK) {
      blockedPublishers.put(registerId, publisher);
      indexes.addOwned(publisher.connectId(), registerId);
      return new Placement(Placement.Outcome.BLOCKED, existing);
    }
    return new Placement(Placement.Outcome.DROPPED, existing);
  }

  private void storeActive(Publisher publisher, Publisher existing) {
    Publisher stored = publisherPool.share(publisher);
    if (existing != null) {
      indexes.removeOwned(existing.connectId(), existing.registerId());
      if (!indexes.sameSlot(existing, stored)) {
        indexes.removeFromSlot(existing);
      }
      // Otherwise the slot index entry is replaced in place below: a slot sync reading it
      // concurrently sees the old or the new publisher, never neither (it would tell the data
      // leader the publisher is gone).
    }
    publishers.put(stored.registerId(), stored);
    indexes.addOwned(stored.connectId(), stored.registerId());
    indexes.addToSlot(stored);
  }

  /**
   * Removes publisher {@code registerId}, active or blocked; returns it if it was active (it must
   * be removed from data; a blocked one never reached data, or was removed when it was blocked).
   */
  public synchronized Publisher removePublisher(String registerId) {
    dropBlocked(blockedPublishers, registerId, Publisher::connectId);
    Publisher removed = publishers.remove(registerId);
    if (removed != null) {
      indexes.removeOwned(removed.connectId(), registerId);
      indexes.removeFromSlot(removed);
    }
    return removed;
  }

  /**
   * Stores {@code subscriber}, replacing an earlier registration with the same registId; returns
   * the one it replaced, or null.
   */
  public synchronized Subscriber putSubscriber(Subscriber subscriber) {
    dropBlocked(blockedSubscribers, subscriber.registerId(), Subscriber::connectId);
    Subscriber existing = subscribers.put(subscriber.registerId(), subscriber);
    if (existing != null) {
      indexes.removeOwned(existing.connectId(), existing.registerId());
      // A re-registration of the same dataInfoId (the client resending an unanswered register)
      // is replaced in place below: removing it first would hide it, for a moment, from a push
      // iterating subscribersOf(), and that push would then never reach it.
      if (!existing.dataInfoId().equals(subscriber.dataInfoId())) {
        indexes.removeFromDataInfoId(existing);
      }
    }
    indexes.addToDataInfoId(subscriber);
    indexes.addOwned(subscriber.connectId(), subscriber.registerId());
    return existing;
  }

  /** Removes subscriber {@code registerId}, active or blocked; returns it if it was active. */
  public synchronized Subscriber removeSubscriber(String registerId) {
    dropBlocked(blockedSubscribers, registerId, Subscriber::connectId);
    Subscriber removed = subscribers.remove(registerId);
    if (removed != null) {
      indexes.removeOwned(removed.connectId(), registerId);
      indexes.removeFromDataInfoId(removed);
    }
    return removed;
  }

  public synchronized void putConfigurator(Configurator configurator) {
    dropBlocked(blockedConfigurators, configurator.registerId(), Configurator::connectId);
    Configurator existing = configurators.put(configurator.registerId(), configurator);
    if (existing != null) {
      indexes.removeOwned(existing.connectId(), existing.registerId());
    }
    indexes.addOwned(configurator.connectId(), configurator.registerId());
  }

  /** Removes configurator {@code registerId}, active or blocked; returns it if it was active. */
  public synchronized Configurator removeConfigurator(String registerId) {
    dropBlocked(blockedConfigurators, registerId, Configurator::connectId);
    Configurator removed = configurators.remove(registerId);
    if (removed != null) {
      indexes.removeOwned(removed.connectId(), registerId);
    }
    return removed;
  }

  /**
   * Drops every registration made over {@code connectId} (client-off), blocked ones included, and
   * returns the active publishers it held, which the caller must remove from the data servers, and
   * its active subscribers.
   *
   * <p>The connection's index entry is detached first, then its registrations are dropped {@link
   * #REMOVAL_CHUNK} at a time, each chunk under the lock. A registration whose registId another
   * connection took over meanwhile (the client reconnected) names that connection and stays.
   */
  public ConnectionRemoval removeConnection(String connectId) {
    List<String> ids;
    synchronized (this) {
      Set<String> detached = indexes.detach(connectId);
      if (detached == null) {
        return ConnectionRemoval.EMPTY;
      }
      ids = new ArrayList<>(detached);
    }
    List<Publisher> removedPublishers = new ArrayList<>();
    List<Subscriber> removedSubscribers = new ArrayList<>();
    for (int from = 0; from < ids.size(); from += REMOVAL_CHUNK) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + REMOVAL_CHUNK));
      synchronized (this) {
        for (String id : chunk) {
          removeOwnedBy(connectId, id, removedPublishers, removedSubscribers);
        }
      }
    }
    return new ConnectionRemoval(removedPublishers, removedSubscribers);
  }

  private void removeOwnedBy(
      String connectId,
      String id,
      List<Publisher> removedPublishers,
      List<Subscriber> removedSubscribers) {
    Publisher publisher = publishers.get(id);
    if (publisher != null && connectId.equals(publisher.connectId())) {
      publishers.remove(id);
      indexes.removeFromSlot(publisher);
      removedPublishers.add(publisher);
    }
    Subscriber subscriber = subscribers.get(id);
    if (subscriber != null && connectId.equals(subscriber.connectId())) {
      subscribers.remove(id);
      indexes.removeFromDataInfoId(subscriber);
      removedSubscribers.add(subscriber);
    }
    Configurator configurator = configurators.get(id);
    if (configurator != null && connectId.equals(configurator.connectId())) {
      configurators.remove(id);
    }
    blockedPublishers.computeIfPresent(id, (k, p) -> connectId.equals(p.connectId()) ? null : p);
    blockedSubscribers.computeIfPresent(id, (k, r) -> connectId.equals(r.connectId()) ? null : r);
    blockedConfigurators.computeIfPresent(id, (k, c) -> connectId.equals(c.connectId()) ? null : c);
  }

  /** The subscribers of {@code dataInfoId}; a live, unmodifiable view. */
  public Collection<Subscriber> subscribersOf(String dataInfoId) {
    return indexes.subscribersOf(dataInfoId);
  }

  public boolean hasSubscribers(String dataInfoId) {
    return indexes.hasSubscribers(dataInfoId);
  }

  public Subscriber subscriber(String registerId) {
    return subscribers.get(registerId);
  }

  public Publisher publisher(String registerId) {
    return publishers.get(registerId);
  }

  public Collection<Publisher> publishers() {
    return Collections.unmodifiableCollection(publishers.values());
  }

  /** The publishers of {@code slotId}; a live, unmodifiable view. */
  public Collection<Publisher> publishersOfSlot(int slotId) {
    return indexes.publishersOfSlot(slotId);
  }

  public SlotFunction slotFunction() {
    return indexes.slotFunction();
  }

  public Collection<Subscriber> subscribers() {
    return Collections.unmodifiableCollection(subscribers.values());
  }

  /** The connectIds that currently hold at least one registration. */
  public Set<String> connectIds() {
    return indexes.connectIds();
  }

  public int publisherCount() {
    return publishers.size();
  }

  public int subscriberCount() {
    return subscribers.size();
  }

  public int configuratorCount() {
    return configurators.size();
  }

  public int blockedPublisherCount() {
    return blockedPublishers.size();
  }

  public int blockedSubscriberCount() {
    return blockedSubscribers.size();
  }

  public int blockedConfiguratorCount() {
    return blockedConfigurators.size();
  }

  /** The blocked publishers (a live, unmodifiable view). */
  public Collection<Publisher> blockedPublishers() {
    return Collections.unmodifiableCollection(blockedPublishers.values());
  }

  /** The configurators of {@code dataInfoId}, active only. */
  public List<Configurator> configuratorsOf(String dataInfoId) {
    List<Configurator> result = new ArrayList<>();
    for (Configurator configurator : configurators.values()) {
      if (configurator.dataInfo().id().equals(dataInfoId)) {
        result.add(configurator);
      }
    }
    return result;
  }

  public Collection<Configurator> configurators() {
    return Collections.unmodifiableCollection(configurators.values());
  }

  public Configurator configurator(String registerId) {
    return configurators.get(registerId);
  }

  /**
   * Removes the active publishers of clients at {@code ips}, and drops their blocked ones
   * (client-off by IP: they are not to come back when a blacklist is lifted); returns the active
   * ones removed, which the caller must remove from data. Takes the lock once before it looks, so
   * every publisher admitted before the caller saw the IPs turned off is found; then removes {@link
   * #REMOVAL_CHUNK} at a time.
   */
  public List<Publisher> removePublishersOf(Set<String> ips) {
    List<String> ids = new ArrayList<>();
    synchronized (this) {
      // Held once before looking (see the class header): every publisher admitted before is seen.
      collect(
          blockedPublishers.values(), p -> ips.contains(p.clientIp()), Publisher::registerId, ids);
    }
    collect(publishers.values(), p -> ips.contains(p.clientIp()), Publisher::registerId, ids);
    List<Publisher> removed = new ArrayList<>();
    for (int from = 0; from < ids.size(); from += REMOVAL_CHUNK) {
      synchronized (this) {
        for (String id : ids.subList(from, Math.min(ids.size(), from + REMOVAL_CHUNK))) {
          Publisher active = publishers.get(id);
          if (active != null && ips.contains(active.clientIp())) {
            removed.add(removePublisher(id));
          } else {
            blockedPublishers.computeIfPresent(id, (k, p) -> ips.contains(p.clientIp()) ? null : p);
          }
        }
      }
    }
    return removed;
  }

  /**
   * Moves registrations between active and blocked as {@code rule} says: active ones it blocks
   * leave every view (publishers are returned for their removal from data, subscribers for their
   * push state to go), blocked ones it restores come back (publishers re-stamped at {@code
   * nowMillis}, or just after their own timestamp, so that their put is newer than the tombstone
   * their removal left). Takes the lock once before it looks (see the class header), looks without
   * it, then moves {@link #REMOVAL_CHUNK} at a time, asking the rule again for each under the lock.
   */
  public BlockChanges reconcileBlocked(BlockRule rule, long nowMillis) {
    synchronized (this) {
      // Held once before looking (see the class header): every registration admitted before is
      // seen by the scan below, which runs without the lock.
      if (!rule.mayBlock()
          && blockedPublishers.isEmpty()
          && blockedSubscribers.isEmpty()
          && blockedConfigurators.isEmpty()) {
        return new BlockChanges();
      }
    }
    List<String> candidates = new ArrayList<>();
    collect(publishers.values(), rule::blocks, Publisher::registerId, candidates);
    collect(blockedPublishers.values(), rule::restores, Publisher::registerId, candidates);
    collect(
        subscribers.values(), s -> rule.blocks(s.connectId()), Subscriber::registerId, candidates);
    collect(
        blockedSubscribers.values(),
        s -> rule.restores(s.connectId()),
        Subscriber::registerId,
        candidates);
    collect(
        configurators.values(),
        c -> rule.blocks(c.connectId()),
        Configurator::registerId,
        candidates);
    collect(
        blockedConfigurators.values(),
        c -> rule.restores(c.connectId()),
        Configurator::registerId,
        candidates);
    BlockChanges changes = new BlockChanges();
    for (int from = 0; from < candidates.size(); from += REMOVAL_CHUNK) {
      synchronized (this) {
        for (String id :
            candidates.subList(from, Math.min(candidates.size(), from + REMOVAL_CHUNK))) {
          move(id, rule, nowMillis, changes);
        }
      }
    }
    return changes;
  }

  private void move(String id, BlockRule rule, long nowMillis, BlockChanges changes) {
    movePublisher(id, rule, nowMillis, changes);
    moveSubscriber(id, rule, changes);
    moveConfigurator(id, rule, changes);
  }

  private void movePublisher(String id, BlockRule rule, long nowMillis, BlockChanges changes) {
    Publisher active = publishers.get(id);
    if (active != null && rule.blocks(active)) {
      publishers.remove(id);
      indexes.removeFromSlot(active);
      blockedPublishers.put(id, active);
      changes.blockedPublishers.add(active);
      return;
    }
    Publisher blocked = blockedPublishers.get(id);
    if (blocked != null && active == null && rule.restores(blocked)) {
      blockedPublishers.remove(id);
      RegisterVersion v = blocked.version();
      Publisher restamped =
          blocked.withVersion(
              new RegisterVersion(v.version(), Math.max(nowMillis, v.registerTimestamp() + 1)));
      Publisher stored = publisherPool.share(restamped);
      publishers.put(id, stored);
      indexes.addToSlot(stored);
      changes.restoredPublishers.add(stored);
    }
  }

  private void moveSubscriber(String id, BlockRule rule, BlockChanges changes) {
    Subscriber active = subscribers.get(id);
    if (active != null && rule.blocks(active.connectId())) {
      subscribers.remove(id);
      indexes.removeFromDataInfoId(active);
      blockedSubscribers.put(id, active);
      changes.blockedSubscribers.add(active);
      return;
    }
    Subscriber blocked = blockedSubscribers.get(id);
    if (blocked != null && active == null && rule.restores(blocked.connectId())) {
      blockedSubscribers.remove(id);
      subscribers.put(id, blocked);
      indexes.addToDataInfoId(blocked);
      changes.restoredSubscribers.add(blocked);
    }
  }

  private void moveConfigurator(String id, BlockRule rule, BlockChanges changes) {
    Configurator active = configurators.get(id);
    if (active != null && rule.blocks(active.connectId())) {
      configurators.remove(id);
      blockedConfigurators.put(id, active);
      changes.blockedConfigurators.add(active);
      return;
    }
    Configurator blocked = blockedConfigurators.get(id);
    if (blocked != null && active == null && rule.restores(blocked.connectId())) {
      blockedConfigurators.remove(id);
      configurators.put(id, blocked);
      changes.restoredConfigurators.add(blocked);
    }
  }

  private static <T> void collect(
      Collection<T> values, Predicate<T> wanted, Function<T, String> id, List<String> into) {
    for (T value : values) {
      if (wanted.test(value)) {
        into.add(id.apply(value));
      }
    }
  }

  private <T> void dropBlocked(
      Map<String, T> blocked, String registerId, Function<T, String> owner) {
    T removed = blocked.remove(registerId);
    if (removed != null) {
      indexes.removeOwned(owner.apply(removed), registerId);
    }
  }
}
