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

/**
 * The publishers, subscribers and configurators of this session's client connections, in memory.
 *
 * <p>Concurrency: every mutation takes {@code this} (registrations are cheap and a single lock
 * keeps the per-connection index consistent with the maps); readers use the concurrent maps without
 * locking and see each registration either before or after a change. No mutation holds the lock for
 * more than {@link #REMOVAL_CHUNK} registrations, so publisher registrations, which are handled on
 * Bolt I/O threads, never wait long for it. A registration is keyed by its registId, which the
 * client keeps across reconnects, so a replay replaces the entry of the old connection.
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
    Publisher existing = publishers.get(registerId);
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
  public synchronized boolean putPublisher(Publisher publisher) {
    Publisher existing = publishers.get(publisher.registerId());
    if (existing != null && !publisher.version().isNewerThan(existing.version())) {
      return false;
    }
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
    return true;
  }

  /** Removes publisher {@code registerId}; returns it, or null if it was not held. */
  public synchronized Publisher removePublisher(String registerId) {
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

  public synchronized Subscriber removeSubscriber(String registerId) {
    Subscriber removed = subscribers.remove(registerId);
    if (removed != null) {
      unindex(removed.connectId(), registerId);
      removeFromDataIndex(removed);
    }
    return removed;
  }

  public synchronized void putConfigurator(Configurator configurator) {
    Configurator existing = configurators.put(configurator.registerId(), configurator);
    if (existing != null) {
      unindex(existing.connectId(), existing.registerId());
    }
    index(configurator.connectId(), configurator.registerId());
  }

  public synchronized Configurator removeConfigurator(String registerId) {
    Configurator removed = configurators.remove(registerId);
    if (removed != null) {
      unindex(removed.connectId(), registerId);
    }
    return removed;
  }

  /**
   * Drops every registration made over {@code connectId} (client-off) and returns the publishers it
   * held, which the caller must remove from the data servers.
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

  /** What a client-off removed. */
  public record ConnectionRemoval(List<Publisher> publishers, List<Subscriber> subscribers) {
    static final ConnectionRemoval EMPTY = new ConnectionRemoval(List.of(), List.of());
  }
}
