package io.beacon.registry.session.registration;

import io.beacon.registry.common.model.Publisher;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link SessionRegistry#reconcileBlocked} moved. Filled by the registry, then read by its
 * caller.
 */
public final class BlockChanges {
  final List<Publisher> blockedPublishers = new ArrayList<>();
  final List<Publisher> restoredPublishers = new ArrayList<>();
  final List<Subscriber> blockedSubscribers = new ArrayList<>();
  final List<Subscriber> restoredSubscribers = new ArrayList<>();
  final List<Configurator> blockedConfigurators = new ArrayList<>();
  final List<Configurator> restoredConfigurators = new ArrayList<>();

  /** Active publishers now blocked: to be removed from data. */
  public List<Publisher> blockedPublishers() {
    return blockedPublishers;
  }

  /** Blocked publishers active again, re-stamped: to be put to data. */
  public List<Publisher> restoredPublishers() {
    return restoredPublishers;
  }

  public List<Subscriber> blockedSubscribers() {
    return blockedSubscribers;
  }

  public List<Subscriber> restoredSubscribers() {
    return restoredSubscribers;
  }

  public List<Configurator> blockedConfigurators() {
    return blockedConfigurators;
  }

  public List<Configurator> restoredConfigurators() {
    return restoredConfigurators;
  }

  public boolean isEmpty() {
    return blockedPublishers.isEmpty()
        && restoredPublishers.isEmpty()
        && blockedSubscribers.isEmpty()
        && restoredSubscribers.isEmpty()
        && blockedConfigurators.isEmpty()
        && restoredConfigurators.isEmpty();
  }
}
