package io.beacon.registry.session.registration;

import io.beacon.registry.common.colocation.PublisherPool;
import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.common.model.RegisterVersion;
import io.beacon.registry.common.slot.SlotFunction;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
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
 * keeps the per-connection index consistent with the maps); readers use the concurrent maps without
 * locking and see each registration either before or after a change. No mutation holds the lock for
 * more than {@link #REMOVAL_CHUNK} registrations, so publisher registrations, which are handled on
 * Bolt I/O threads, never wait long for it. A registration is keyed by its registId, which the
 * client keeps across reconnects, so a replay replaces the entry of the old connection. Whether a
 * new publisher is blocked is decided under the lock, with the switches current at that moment, and
 * every pass over the registry that acts on a switch change takes the lock once before it starts: a
 * registration decided with the switches before a change is then visible to the pass that acts on
 * the change, and one decided after it saw the new switches.
 */
public final class SessionRegistry {

  /** The most registrations a connection's removal drops per hold of the lock. */
  static final int REMOVAL_CHUNK = 256;

  private final Map<String, Publisher> publishers = new ConcurrentHashMap<>();
  private final Map<String, Subscriber> subscribers = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Subscriber>> subscribersByDataInfoId =
      new ConcurrentHashMap<>();
  private final Map<String, Configurator> configurators = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> registerIdsByConnectId = new ConcurrentHashMap<>();
  private final Map<Integer, Map<String, Publisher>> publishersBySlot = new ConcurrentHashMap<>();
  private final Map<String, Publisher> blockedPublishers = new ConcurrentHashMap<>();
  private final Map<String, Subscriber> blockedSubscribers = new ConcurrentHashMap<>();
  private final Map<String, Configurator> blockedConfigurators = new ConcurrentHashMap<>();

  private final PublisherPool publisherPool;
  private final SlotFunction slotFunction;

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
    this.slotFunction = slotFunction;
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

  /** What the switches say of a new publisher, decided under the registry's lock. */
  public enum Admission {
    /** Active: stored and written to data. */
    STORE,
    /** Blocked: kept here only, until the blacklist lets it go. */
    BLOCK,
    /** Dropped (client-off): not kept at all. */
    DROP
  }

  /** What became of a publisher registration. */
  public enum Outcome {
    STORED,
    BLOCKED,
    DROPPED,
    /** The same or a newer version of the registId is held: nothing changed. */
    STALE
  }

  /**
   * The outcome of a publisher registration.
   *
   * @param displaced the active publisher of the same registId that a blocked or dropped one put
   *     out of the active set (it must be removed from data), or null
   */
  public record Placement(Outcome outcome, Publisher displaced) {}

  /**
   * Stores {@code publisher} unless a newer version of the same registId is held; returns whether
   * it was stored.
   */
  public boolean putPublisher(Publisher publisher) {
    return putPublisher(publisher, p -> Admission.STORE).outcome() == Outcome.STORED;
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
      return new Placement(Outcome.STALE, null);
    }
    dropBlocked(blockedPublishers, registerId, Publisher::connectId);
    Admission decision = admission.apply(publisher);
    if (decision == Admission.STORE) {
      storeActive(publisher, existing);
      return new Placement(Outcome.STORED, null);
    }
    if (existing != null) {
      publishers.remove(registerId);
      unindex(existing);
    }
    if (decision == Admission.BLOCK) {
      blockedPublishers.put(registerId, publisher);
      index(publisher.connectId(), registerId);
      return new Placement(Outcome.BLOCKED, existing);
    }
    return new Placement(Outcome.DROPPED, existing);
  }

  private void storeActive(Publisher publisher, Publisher existing) {
    Publisher stored = publisherPool.share(publisher);
    if (existing != null) {
      unindex(existing.connectId(), existing.registerId());
      if (slotFunction.slotOf(existing.dataInfoId()) != slotFunction.slotOf(stored.dataInfoId())) {
        removeFromSlotIndex(existing);
      }
      // Otherwise the slot index entry is replaced in place below: a slot sync reading it
      // concurrently sees the old or the new publisher, never neither (it would tell the data
      // leader the publisher is gone).
    }
    publishers.put(stored.registerId(), stored);
    index(stored);
  }

  /**
   * Removes publisher {@code registerId}, active or blocked; returns it if it was active (it must
   * be removed from data; a blocked one never reached data, or was removed when it was blocked).
   */
  public synchronized Publisher removePublisher(String registerId) {
    dropBlocked(blockedPublishers, registerId, Publisher::connectId);
    Publisher removed = publishers.remove(registerId);
    if (removed != null) {
      unindex(removed);
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
      unindex(existing.connectId(), existing.registerId());
      // A re-registration of the same dataInfoId (the client resending an unanswered register)
      // is replaced in place below: removing it first would hide it, for a moment, from a push
      // iterating subscribersOf(), and that push would then never reach it.
      if (!existing.dataInfoId().equals(subscriber.dataInfoId())) {
        removeFromDataIndex(existing);
      }
    }
    subscribersByDataInfoId
        .computeIfAbsent(subscriber.dataInfoId(), id -> new ConcurrentHashMap<>())
        .put(subscriber.registerId(), subscriber);
    index(subscriber.connectId(), subscriber.registerId());
    return existing;
  }

  /** Removes subscriber {@code registerId}, active or blocked; returns it if it was active. */
  public synchronized Subscriber removeSubscriber(String registerId) {
    dropBlocked(blockedSubscribers, registerId, Subscriber::connectId);
    Subscriber removed = subscribers.remove(registerId);
    if (removed != null) {
      unindex(removed.connectId(), registerId);
      removeFromDataIndex(removed);
    }
    return removed;
  }

  public synchronized void putConfigurator(Configurator configurator) {
    dropBlocked(blockedConfigurators, configurator.registerId(), Configurator::connectId);
    Configurator existing = configurators.put(configurator.registerId(), configurator);
    if (existing != null) {
      unindex(existing.connectId(), existing.registerId());
    }
    index(configurator.connectId(), configurator.registerId());
  }

  /** Removes configurator {@code registerId}, active or blocked; returns it if it was active. */
  public synchronized Configurator removeConfigurator(String registerId) {
    dropBlocked(blockedConfigurators, registerId, Configurator::connectId);
    Configurator removed = configurators.remove(registerId);
    if (removed != null) {
      unindex(removed.connectId(), registerId);
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
      Set<String> detached = registerIdsByConnectId.remove(connectId);
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
      removeFromSlotIndex(publisher);
      removedPublishers.add(publisher);
    }
    Subscriber subscriber = subscribers.get(id);
    if (subscriber != null && connectId.equals(subscriber.connectId())) {
      subscribers.remove(id);
      removeFromDataIndex(subscriber);
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
    Map<String, Subscriber> byId = subscribersByDataInfoId.get(dataInfoId);
    return byId == null ? List.of() : java.util.Collections.unmodifiableCollection(byId.values());
  }

  public boolean hasSubscribers(String dataInfoId) {
    Map<String, Subscriber> byId = subscribersByDataInfoId.get(dataInfoId);
    return byId != null && !byId.isEmpty();
  }

  public Subscriber subscriber(String registerId) {
    return subscribers.get(registerId);
  }

  public Publisher publisher(String registerId) {
    return publishers.get(registerId);
  }

  public Collection<Publisher> publishers() {
    return java.util.Collections.unmodifiableCollection(publishers.values());
  }

  /** The publishers of {@code slotId}; a live, unmodifiable view. */
  public Collection<Publisher> publishersOfSlot(int slotId) {
    Map<String, Publisher> byId = publishersBySlot.get(slotId);
    return byId == null ? List.of() : java.util.Collections.unmodifiableCollection(byId.values());
  }

  public SlotFunction slotFunction() {
    return slotFunction;
  }

  public Collection<Subscriber> subscribers() {
    return java.util.Collections.unmodifiableCollection(subscribers.values());
  }

  /** The connectIds that currently hold at least one registration. */
  public Set<String> connectIds() {
    return new HashSet<>(registerIdsByConnectId.keySet());
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
    return java.util.Collections.unmodifiableCollection(blockedPublishers.values());
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
    return java.util.Collections.unmodifiableCollection(configurators.values());
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
    Publisher active = publishers.get(id);
    if (active != null && rule.blocks(active)) {
      publishers.remove(id);
      removeFromSlotIndex(active);
      blockedPublishers.put(id, active);
      changes.blockedPublishers.add(active);
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
      publishersBySlot
          .computeIfAbsent(slotFunction.slotOf(stored.dataInfoId()), s -> new ConcurrentHashMap<>())
          .put(id, stored);
      changes.restoredPublishers.add(stored);
    }
    Subscriber subscriber = subscribers.get(id);
    if (subscriber != null && rule.blocks(subscriber.connectId())) {
      subscribers.remove(id);
      removeFromDataIndex(subscriber);
      blockedSubscribers.put(id, subscriber);
      changes.blockedSubscribers.add(subscriber);
    } else if (subscriber == null) {
      Subscriber held = blockedSubscribers.get(id);
      if (held != null && rule.restores(held.connectId())) {
        blockedSubscribers.remove(id);
        subscribers.put(id, held);
        subscribersByDataInfoId
            .computeIfAbsent(held.dataInfoId(), d -> new ConcurrentHashMap<>())
            .put(id, held);
        changes.restoredSubscribers.add(held);
      }
    }
    Configurator configurator = configurators.get(id);
    if (configurator != null && rule.blocks(configurator.connectId())) {
      configurators.remove(id);
      blockedConfigurators.put(id, configurator);
      changes.blockedConfigurators.add(configurator);
    } else if (configurator == null) {
      Configurator held = blockedConfigurators.get(id);
      if (held != null && rule.restores(held.connectId())) {
        blockedConfigurators.remove(id);
        configurators.put(id, held);
        changes.restoredConfigurators.add(held);
      }
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
      unindex(owner.apply(removed), registerId);
    }
  }

  private void index(String connectId, String registerId) {
    registerIdsByConnectId.computeIfAbsent(connectId, c -> new HashSet<>()).add(registerId);
  }

  private void index(Publisher publisher) {
    index(publisher.connectId(), publisher.registerId());
    publishersBySlot
        .computeIfAbsent(
            slotFunction.slotOf(publisher.dataInfoId()), s -> new ConcurrentHashMap<>())
        .put(publisher.registerId(), publisher);
  }

  private void unindex(Publisher publisher) {
    unindex(publisher.connectId(), publisher.registerId());
    removeFromSlotIndex(publisher);
  }

  private void removeFromSlotIndex(Publisher publisher) {
    int slotId = slotFunction.slotOf(publisher.dataInfoId());
    Map<String, Publisher> byId = publishersBySlot.get(slotId);
    if (byId != null) {
      byId.remove(publisher.registerId());
      if (byId.isEmpty()) {
        publishersBySlot.remove(slotId);
      }
    }
  }

  private void unindex(String connectId, String registerId) {
    Set<String> ids = registerIdsByConnectId.get(connectId);
    if (ids != null) {
      ids.remove(registerId);
      if (ids.isEmpty()) {
        registerIdsByConnectId.remove(connectId);
      }
    }
  }

  private void removeFromDataIndex(Subscriber subscriber) {
    Map<String, Subscriber> byId = subscribersByDataInfoId.get(subscriber.dataInfoId());
    if (byId != null) {
      byId.remove(subscriber.registerId());
      if (byId.isEmpty()) {
        subscribersByDataInfoId.remove(subscriber.dataInfoId());
      }
    }
  }

  /**
   * Which registrations a blacklist blocks and which it lets go, by the client IP of their
   * connection (and for publishers their dataInfoId). Asked under the registry's lock: must be
   * quick and must not call back into the registry.
   */
  public interface BlockRule {

    /** Whether the active {@code publisher} is to be blocked. */
    boolean blocks(Publisher publisher);

    /** Whether the blocked {@code publisher} is to be active again. */
    boolean restores(Publisher publisher);

    /** Whether an active subscriber or configurator of {@code connectId} is to be blocked. */
    boolean blocks(String connectId);

    /** Whether a blocked subscriber or configurator of {@code connectId} is to be active again. */
    boolean restores(String connectId);

    /** False when this rule blocks nothing, so only blocked registrations need a look. */
    default boolean mayBlock() {
      return true;
    }
  }

  /** What {@link #reconcileBlocked} moved. Filled by the registry, then read by its caller. */
  public static final class BlockChanges {
    final List<Publisher> blockedPublishers = new ArrayList<>();
    final List<Publisher> restoredPublishers = new ArrayList<>();
    final List<Subscriber> blockedSubscribers = new ArrayList<>();
    final List<Subscriber> restoredSubscribers = new ArrayList<>();
    final List<Configurator> blockedConfigurators = new ArrayList<>();
    final List<Configurator> restoredConfigurators = new ArrayList<>();

    /** Active publishers now blocked: to be removed from data. */
    public List<Publisher> blockedPublishers() {
      return blockedPublishers;
    }

    /** Blocked publishers active again, re-stamped: to be put to data. */
    public List<Publisher> restoredPublishers() {
      return restoredPublishers;
    }

    public List<Subscriber> blockedSubscribers() {
      return blockedSubscribers;
    }

    public List<Subscriber> restoredSubscribers() {
      return restoredSubscribers;
    }

    public List<Configurator> blockedConfigurators() {
      return blockedConfigurators;
    }

    public List<Configurator> restoredConfigurators() {
      return restoredConfigurators;
    }

    public boolean isEmpty() {
      return blockedPublishers.isEmpty()
          && restoredPublishers.isEmpty()
          && blockedSubscribers.isEmpty()
          && restoredSubscribers.isEmpty()
          && blockedConfigurators.isEmpty()
          && restoredConfigurators.isEmpty();
    }
  }

  /** What a client-off removed. */
  public record ConnectionRemoval(List<Publisher> publishers, List<Subscriber> subscribers) {
    static final ConnectionRemoval EMPTY = new ConnectionRemoval(List.of(), List.of());
  }
}
