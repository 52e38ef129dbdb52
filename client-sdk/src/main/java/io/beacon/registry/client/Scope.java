package io.beacon.registry.client;

/** How far a subscription looks for publishers; the session server does the filtering. */
public enum Scope {
  /** Publishers of the client's own zone. */
  ZONE("zone"),
  /** Publishers of every zone of the client's data center. */
  DATA_CENTER("dataCenter"),
  /** Publishers everywhere. */
  GLOBAL("global");

  private final String wireName;

  Scope(String wireName) {
    this.wireName = wireName;
  }

  /** The name sent in {@code SubscriberRegister.scope}. */
  public String wireName() {
    return wireName;
  }
}
