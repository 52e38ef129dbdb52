package io.beacon.registry.common.protocol;

/**
 * One provide-data entry as meta distributes it with the switches, for the configurators that watch
 * its dataInfoId. Immutable.
 *
 * @param value the stored value
 * @param version the config version of the change that last wrote it
 */
public record ProvideDatum(String value, long version) {}
