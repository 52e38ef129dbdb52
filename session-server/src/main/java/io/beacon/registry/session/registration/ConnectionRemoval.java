package io.beacon.registry.session.registration;

import io.beacon.registry.common.model.Publisher;
import java.util.List;

/**
 * What {@link SessionRegistry#removeConnection} removed: the connection's active publishers (to be
 * removed from data) and subscribers (their push state to go).
 */
public record ConnectionRemoval(List<Publisher> publishers, List<Subscriber> subscribers) {
  static final ConnectionRemoval EMPTY = new ConnectionRemoval(List.of(), List.of());
}
