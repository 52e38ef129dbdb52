package io.beacon.registry.session.renew;

import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.session.registration.SessionRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Views this session's publishers by slot, for renews and for answering a data leader's slot sync.
 * Stateless: reads the registry's slot index, so one slot costs O(its publishers), not a scan of
 * every publisher of the session.
 */
public final class SlotPublishers {

  private final SessionRegistry registry;

  public SlotPublishers(SessionRegistry registry) {
    this.registry = registry;
  }

  /** Every publisher of this session, grouped by slot. */
  public Map<Integer, List<Publisher>> bySlot() {
    Map<Integer, List<Publisher>> bySlot = new HashMap<>();
    for (int slotId = 0; slotId < slotCount(); slotId++) {
      List<Publisher> publishers = ofSlot(slotId);
      if (!publishers.isEmpty()) {
        bySlot.put(slotId, publishers);
      }
    }
    return bySlot;
  }

  /** This session's publishers of {@code slotId}. */
  public List<Publisher> ofSlot(int slotId) {
    return new ArrayList<>(registry.publishersOfSlot(slotId));
  }

  /** This session's publishers of {@code slotId}, grouped by dataInfoId. */
  public Map<String, List<Publisher>> ofSlotByDataInfoId(int slotId) {
    Map<String, List<Publisher>> byId = new HashMap<>();
    for (Publisher publisher : registry.publishersOfSlot(slotId)) {
      byId.computeIfAbsent(publisher.dataInfoId(), id -> new ArrayList<>()).add(publisher);
    }
    return byId;
  }

  public int slotOf(String dataInfoId) {
    return registry.slotFunction().slotOf(dataInfoId);
  }

  public int slotCount() {
    return registry.slotFunction().slotCount();
  }
}
