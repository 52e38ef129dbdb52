package io.beacon.registry.session.registration;

import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.common.slot.SlotFunction;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link SessionRegistry}'s indexes: the registIds (active and blocked) each connection holds,
 * the active publishers by slot (read by renews and slot syncs) and the active subscribers by
 * dataInfoId (read by pushes). Changed only under the registry's lock; read without it, through
 * concurrent maps. An index entry left empty is removed, so the maps hold only what exists.
 */
final class RegistryIndexes {

  private final Map<String, Set<String>> registerIdsByConnectId = new ConcurrentHashMap<>();
  private final Map<Integer, Map<String, Publisher>> publishersBySlot = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Subscriber>> subscribersByDataInfoId =
      new ConcurrentHashMap<>();
  private final SlotFunction slotFunction;

  RegistryIndexes(SlotFunction slotFunction) {
    this.slotFunction = slotFunction;
  }

  SlotFunction slotFunction() {
    return slotFunction;
  }

  void addOwned(String connectId, String registerId) {
    registerIdsByConnectId.computeIfAbsent(connectId, c -> new HashSet<>()).add(registerId);
  }

  void removeOwned(String connectId, String registerId) {
    Set<String> ids = registerIdsByConnectId.get(connectId);
    if (ids != null) {
      ids.remove(registerId);
      if (ids.isEmpty()) {
        registerIdsByConnectId.remove(connectId);
      }
    }
  }

  /** Takes {@code connectId}'s entry out of the index; returns its registIds, or null. */
  Set<String> detach(String connectId) {
    return registerIdsByConnectId.remove(connectId);
  }

  /** The connectIds that hold at least one registration (a copy). */
  Set<String> connectIds() {
    return new HashSet<>(registerIdsByConnectId.keySet());
  }

  /** Puts {@code publisher} in its slot's index, replacing the entry of the same registId. */
  void addToSlot(Publisher publisher) {
    publishersBySlot
        .computeIfAbsent(
            slotFunction.slotOf(publisher.dataInfoId()), s -> new ConcurrentHashMap<>())
        .put(publisher.registerId(), publisher);
  }

  void removeFromSlot(Publisher publisher) {
    int slotId = slotFunction.slotOf(publisher.dataInfoId());
    Map<String, Publisher> byId = publishersBySlot.get(slotId);
    if (byId != null) {
      byId.remove(publisher.registerId());
      if (byId.isEmpty()) {
        publishersBySlot.remove(slotId);
      }
    }
  }

  boolean sameSlot(Publisher one, Publisher other) {
    return slotFunction.slotOf(one.dataInfoId()) == slotFunction.slotOf(other.dataInfoId());
  }

  /** The publishers of {@code slotId}; a live, unmodifiable view. */
  Collection<Publisher> publishersOfSlot(int slotId) {
    Map<String, Publisher> byId = publishersBySlot.get(slotId);
    return byId == null ? List.of() : Collections.unmodifiableCollection(byId.values());
  }

  /** Puts {@code subscriber} under its dataInfoId, replacing the entry of the same registId. */
  void addToDataInfoId(Subscriber subscriber) {
    subscribersByDataInfoId
        .computeIfAbsent(subscriber.dataInfoId(), id -> new ConcurrentHashMap<>())
        .put(subscriber.registerId(), subscriber);
  }

  void removeFromDataInfoId(Subscriber subscriber) {
    Map<String, Subscriber> byId = subscribersByDataInfoId.get(subscriber.dataInfoId());
    if (byId != null) {
      byId.remove(subscriber.registerId());
      if (byId.isEmpty()) {
        subscribersByDataInfoId.remove(subscriber.dataInfoId());
      }
    }
  }

  /** The subscribers of {@code dataInfoId}; a live, unmodifiable view. */
  Collection<Subscriber> subscribersOf(String dataInfoId) {
    Map<String, Subscriber> byId = subscribersByDataInfoId.get(dataInfoId);
    return byId == null ? List.of() : Collections.unmodifiableCollection(byId.values());
  }

  boolean hasSubscribers(String dataInfoId) {
    Map<String, Subscriber> byId = subscribersByDataInfoId.get(dataInfoId);
    return byId != null && !byId.isEmpty();
  }
}
