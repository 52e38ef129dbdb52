package io.beacon.registry.meta.slot;

import io.beacon.registry.common.slot.Slot;
import io.beacon.registry.common.slot.SlotTable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A summary of one slot table for operators: how many slots each data server leads and follows, and
 * which slots have no leader. Immutable; maps are sorted by address.
 *
 * @param epoch the table epoch
 * @param slotCount the number of slots
 * @param leaders data server address -> slots it leads (live servers leading nothing show 0)
 * @param followers data server address -> slots it follows (live servers following nothing show 0)
 * @param slotsWithoutLeader ids of the slots without a leader
 */
public record SlotTableStatus(
    long epoch,
    int slotCount,
    Map<String, Integer> leaders,
    Map<String, Integer> followers,
    List<Integer> slotsWithoutLeader) {

  public static SlotTableStatus of(SlotTable table, Collection<String> liveDataServers) {
    Map<String, Integer> leaders = new TreeMap<>();
    Map<String, Integer> followers = new TreeMap<>();
    for (String node : liveDataServers) {
      leaders.put(node, 0);
      followers.put(node, 0);
    }
    List<Integer> withoutLeader = new ArrayList<>();
    for (Slot slot : table.slots()) {
      if (slot.hasLeader()) {
        leaders.merge(slot.leader(), 1, Integer::sum);
      } else {
        withoutLeader.add(slot.id());
      }
      for (String follower : slot.followers()) {
        followers.merge(follower, 1, Integer::sum);
      }
    }
    return new SlotTableStatus(
        table.epoch(),
        table.slotCount(),
        Collections.unmodifiableMap(leaders),
        Collections.unmodifiableMap(followers),
        List.copyOf(withoutLeader));
  }
}
