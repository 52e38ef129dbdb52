package io.beacon.registry.common.slot;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The newest slot table a node has seen. Readers get an immutable snapshot through a volatile
 * field; {@link #update} keeps a table only if its epoch is higher, so the table a node holds never
 * goes backwards. Listeners are called after the swap, outside any lock, on the updating thread.
 *
 * <p>A part that learns the table is stale (a peer answered NOT_LEADER or STALE_EPOCH) calls {@link
 * #requestRefresh()}; whoever fetches tables (the meta heartbeat) listens for that, so the parts
 * that route by the table need not know where tables come from.
 */
public final class SlotTableHolder {

  private final List<Consumer<SlotTable>> listeners = new CopyOnWriteArrayList<>();
  private final List<Runnable> refreshListeners = new CopyOnWriteArrayList<>();
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

  /** {@code listener} runs on {@code executor}, in the order the tables came if it is serial. */
  public void addListener(Executor executor, Consumer<SlotTable> listener) {
    listeners.add(table -> executor.execute(() -> listener.accept(table)));
  }

  /** Asks for a newer table now rather than at the next heartbeat. */
  public void requestRefresh() {
    for (Runnable listener : refreshListeners) {
      listener.run();
    }
  }

  /** {@code listener} runs on every {@link #requestRefresh()}, on the requesting thread. */
  public void onRefreshRequested(Runnable listener) {
    refreshListeners.add(listener);
  }
}
