package io.beacon.registry.session.registration;

import io.beacon.registry.common.model.Publisher;

/**
 * What became of a publisher registration ({@link SessionRegistry#putPublisher(Publisher,
 * java.util.function.Function)}).
 *
 * @param displaced the active publisher of the same registId that a blocked or dropped one put out
 *     of the active set (it must be removed from data), or null
 */
public record Placement(Outcome outcome, Publisher displaced) {

  /** Where the registration went. */
  public enum Outcome {
    STORED,
    BLOCKED,
    DROPPED,
    /** The same or a newer version of the registId is held: nothing changed. */
    STALE
  }
}
