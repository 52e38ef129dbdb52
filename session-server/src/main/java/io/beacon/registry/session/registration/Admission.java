package io.beacon.registry.session.registration;

/** What the switches say of a new publisher, decided under the registry's lock. */
public enum Admission {
  /** Active: stored and written to data. */
  STORE,
  /** Blocked: kept in the registry only, until the blacklist lets it go. */
  BLOCK,
  /** Dropped (client-off): not kept at all. */
  DROP
}
