package io.beacon.registry.session.renew;

import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.common.slot.SlotFunction;
import io.beacon.registry.session.registration.SessionRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Views this session's publishers by slot, for renews and for answering a data leader's slot sync.
 * Stateless: each call reads the registry's current publishers (O(publishers)).
 */
public final class SlotPublishers {

  private final SessionRegistry registry;
  private final SlotFunction slotFunction;

  public SlotPublishers(SessionRegistry registry, SlotFunction slotFunction) {
    this.registry = registry;
    this.slotFunction = slotFunction;
  }

  /** Every publisher of this session, grouped by slot. */
  public Map<Integer, List<Publisher>> bySlot() {
    Map<Integer, List<Publisher>> bySlot = new HashMap<>();
    for (Publisher publisher : registry.publishers()) {
      bySlot
          .computeIfAbsent(slotFunction.slotOf(publisher.dataInfoId()), s -> new ArrayList<>())
          .add(publisher);
    }
    return bySlot;
  }

  /** This session's publishers of {@code slotId}. */
  public List<Publisher> ofSlot(int slotId) {
    List<Publisher> publishers = new ArrayList<>();
    for (Publisher publisher : registry.publishers()) {
      if (slotFunction.slotOf(publisher.dataInfoId()) == slotId) {
        publishers.add(publisher);
      }
    }
    return publishers;
  }

  /** This session's publishers of {@code slotId}, grouped by dataInfoId. */
  public Map<String, List<Publisher>> ofSlotByDataInfoId(int slotId) {
    Map<String, List<Publisher>> byId = new HashMap<>();
    for (Publisher publisher : ofSlot(slotId)) {
      byId.computeIfAbsent(publisher.dataInfoId(), id -> new ArrayList<>()).add(publisher);
    }
    return byId;
  }

  public int slotOf(String dataInfoId) {
    return slotFunction.slotOf(dataInfoId);
  }

  public int slotCount() {
    return slotFunction.slotCount();
  }
}
