package io.beacon.registry.session.registration;

import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.common.slot.SlotFunction;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The publishers of the client connections a leaving session handed over: it closed them so that
 * their clients move to other sessions and register there again. They left the registry like any
 * closed connection's, but no removal went to the data servers, and this session keeps claiming
 * them, in its renews' checksums and when a data leader syncs a slot from it, until the process
 * ends. Otherwise a data leader (a renew's repair, or a new leader's migration pass) would remove
 * them as this session's leftovers before their clients registered them again, and subscribers
 * everywhere would see them vanish and come back.
 *
 * <p>Claiming them changes nothing once a client registered again: the other session's write
 * carries the same registId and version with a later timestamp, so it replaces this session's entry
 * (the owner changes), and a put from this session is never newer. What is left owned by this
 * session when it exits is removed by the data leaders when its lease ends (ADR 0007): only the
 * entries nobody registered again.
 *
 * <p>Bounded by what the handed-over connections held (each within the registration limits). A
 * concurrent map per slot: added to on Bolt's event thread and the sweep, read by renews ({@code
 * session-scheduler}) and slot syncs ({@code session-internal-rpc}).
 */
public final class HandedOverPublishers {

  private final SlotFunction slots;
  private final Map<Integer, Map<String, Publisher>> bySlot = new ConcurrentHashMap<>();

  public HandedOverPublishers(SlotFunction slots) {
    this.slots = slots;
  }

  /** Keeps claiming {@code publishers}, which a handed-over connection held. */
  public void keep(Collection<Publisher> publishers) {
    for (Publisher publisher : publishers) {
      bySlot
          .computeIfAbsent(slots.slotOf(publisher.dataInfoId()), slot -> new ConcurrentHashMap<>())
          .put(publisher.registerId(), publisher);
    }
  }

  /** The kept publishers of {@code slotId}. */
  public List<Publisher> ofSlot(int slotId) {
    Map<String, Publisher> kept = bySlot.get(slotId);
    return kept == null ? List.of() : new ArrayList<>(kept.values());
  }

  public int count() {
    return bySlot.values().stream().mapToInt(Map::size).sum();
  }
}
