package io.beacon.registry.session.registration;

import io.beacon.registry.common.model.Publisher;

/**
 * Which registrations a blacklist blocks and which it lets go, by the client IP of their connection
 * (and for publishers their dataInfoId). Asked under the registry's lock: must be quick and must
 * not call back into the registry.
 */
public interface BlockRule {

  /** Whether the active {@code publisher} is to be blocked. */
  boolean blocks(Publisher publisher);

  /** Whether the blocked {@code publisher} is to be active again. */
  boolean restores(Publisher publisher);

  /** Whether an active subscriber or configurator of {@code connectId} is to be blocked. */
  boolean blocks(String connectId);

  /** Whether a blocked subscriber or configurator of {@code connectId} is to be active again. */
  boolean restores(String connectId);

  /** False when this rule blocks nothing, so only blocked registrations need a look. */
  default boolean mayBlock() {
    return true;
  }
}
