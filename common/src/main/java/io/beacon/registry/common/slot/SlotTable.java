package io.beacon.registry.common.slot;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The assignment of every slot to a leader and followers, with an epoch that grows on every change.
 * Immutable: a new assignment is a new table. Nodes keep the table with the highest epoch they have
 * seen and never go back.
 *
 * @param epoch grows on every change; {@link #INITIAL_EPOCH} for a table nobody assigned yet
 * @param slots slot {@code i} at index {@code i}
 */
public record SlotTable(long epoch, List<Slot> slots) {

  public static final long INITIAL_EPOCH = 0L;

  public SlotTable {
    Objects.requireNonNull(slots, "slots");
    slots = List.copyOf(slots);
    for (int i = 0; i < slots.size(); i++) {
      if (slots.get(i).id() != i) {
        throw new IllegalArgumentException("slot at index " + i + " has id " + slots.get(i).id());
      }
    }
  }

  /** A table of {@code slotCount} slots without leaders, at {@link #INITIAL_EPOCH}. */
  public static SlotTable initial(int slotCount) {
    List<Slot> slots = new ArrayList<>(slotCount);
    for (int i = 0; i < slotCount; i++) {
      slots.add(new Slot(i, null, 0L, List.of()));
    }
    return new SlotTable(INITIAL_EPOCH, slots);
  }

  public int slotCount() {
    return slots.size();
  }

  public Slot slot(int slotId) {
    return slots.get(slotId);
  }

  /** True once meta has assigned this table (an initial table is not known yet). */
  public boolean isAssigned() {
    return epoch > INITIAL_EPOCH;
  }

  /** The ids of the slots {@code node} leads. */
  public Set<Integer> slotsLedBy(String node) {
    Set<Integer> ids = new TreeSet<>();
    for (Slot slot : slots) {
      if (node.equals(slot.leader())) {
        ids.add(slot.id());
      }
    }
    return ids;
  }

  /** The ids of the slots {@code node} follows. */
  public Set<Integer> slotsFollowedBy(String node) {
    Set<Integer> ids = new TreeSet<>();
    for (Slot slot : slots) {
      if (slot.followers().contains(node)) {
        ids.add(slot.id());
      }
    }
    return ids;
  }

  /** Every data server named anywhere in the table, sorted. */
  public Set<String> dataServers() {
    Set<String> nodes = new TreeSet<>();
    for (Slot slot : slots) {
      if (slot.leader() != null) {
        nodes.add(slot.leader());
      }
      nodes.addAll(slot.followers());
    }
    return nodes;
  }

  @Override
  public String toString() {
    return "SlotTable{epoch=" + epoch + ", slots=" + slots.size() + "}";
  }
}
