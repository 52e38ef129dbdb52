package io.beacon.registry.common.slot;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The newest slot table a node has seen. Readers get an immutable snapshot through a volatile
 * field; {@link #update} keeps a table only if its epoch is higher, so the table a node holds never
 * goes backwards. Listeners are called after the swap, outside any lock, on the updating thread.
 */
public final class SlotTableHolder {

  private final List<Consumer<SlotTable>> listeners = new CopyOnWriteArrayList<>();
  private volatile SlotTable table;

  public SlotTableHolder(int slotCount) {
    this.table = SlotTable.initial(slotCount);
  }

  public SlotTable current() {
    return table;
  }

  /** Adopts {@code candidate} if it is newer; returns whether it did. */
  public boolean update(SlotTable candidate) {
    if (candidate == null) {
      return false;
    }
    synchronized (this) {
      if (candidate.epoch() <= table.epoch()) {
        return false;
      }
      if (candidate.slotCount() != table.slotCount()) {
        throw new IllegalArgumentException(
            "slot count mismatch: have " + table.slotCount() + ", got " + candidate.slotCount());
      }
      table = candidate;
    }
    for (Consumer<SlotTable> listener : listeners) {
      listener.accept(candidate);
    }
    return true;
  }

  public void addListener(Consumer<SlotTable> listener) {
    listeners.add(listener);
  }
}
