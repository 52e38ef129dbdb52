package io.beacon.registry.session.renew;

import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.session.registration.HandedOverPublishers;
import io.beacon.registry.session.registration.SessionRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Views this session's publishers by slot, for renews and for answering a data leader's slot sync:
 * the registry's, and those of connections a leave handed over ({@link HandedOverPublishers}).
 * Stateless: reads the registry's slot index, so one slot costs O(its publishers), not a scan of
 * every publisher of the session.
 */
public final class SlotPublishers {

  private final SessionRegistry registry;
  private final HandedOverPublishers handedOver;

  /** Over the registry alone (a session that hands nothing over). */
  public SlotPublishers(SessionRegistry registry) {
    this(registry, new HandedOverPublishers(registry.slotFunction()));
  }

  /**
   * @param handedOver what the connections a leave handed over held, still claimed (empty unless
   *     this session is leaving)
   */
  public SlotPublishers(SessionRegistry registry, HandedOverPublishers handedOver) {
    this.registry = registry;
    this.handedOver = handedOver;
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
    List<Publisher> publishers = new ArrayList<>(registry.publishersOfSlot(slotId));
    publishers.addAll(handedOver.ofSlot(slotId));
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
    return registry.slotFunction().slotOf(dataInfoId);
  }

  public int slotCount() {
    return registry.slotFunction().slotCount();
  }
}
