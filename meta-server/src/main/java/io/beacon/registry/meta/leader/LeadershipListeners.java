package io.beacon.registry.meta.leader;

import io.beacon.registry.meta.persistence.LeaderLease;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Hands each leadership change of a {@link LeaseElector} to every listener added, in the order they
 * were added, on the election thread. Thread-safe.
 */
public final class LeadershipListeners implements LeaseElector.Listener {

  private final List<LeaseElector.Listener> listeners = new CopyOnWriteArrayList<>();

  public void add(LeaseElector.Listener listener) {
    listeners.add(listener);
  }

  @Override
  public void leadershipChanged(boolean leader, LeaderLease lease) {
    for (LeaseElector.Listener listener : listeners) {
      listener.leadershipChanged(leader, lease);
    }
  }
}
