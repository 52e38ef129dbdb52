package io.beacon.registry.client;

/**
 * Receives a subscription's data. Called on the client's listener executor, never concurrently for
 * one subscription, with the newest snapshot at the time of the call: a slow listener skips
 * intermediate snapshots instead of building a backlog. Exceptions are logged and otherwise
 * ignored.
 */
@FunctionalInterface
public interface SubscriptionListener {

  void onSnapshot(Snapshot snapshot);
}
