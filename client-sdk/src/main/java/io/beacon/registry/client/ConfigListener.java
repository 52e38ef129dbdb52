package io.beacon.registry.client;

/**
 * Receives a config watch's value; called like a {@link SubscriptionListener}: on the listener
 * executor, one call at a time per watch, newest value only.
 */
@FunctionalInterface
public interface ConfigListener {

  void onConfig(ConfigSnapshot config);
}
