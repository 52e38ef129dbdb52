package io.beacon.registry.client;

/**
 * A config value as last pushed by the server. {@code data} is null when the server has none.
 * Immutable.
 */
public record ConfigSnapshot(String dataId, String data, long version) {}
