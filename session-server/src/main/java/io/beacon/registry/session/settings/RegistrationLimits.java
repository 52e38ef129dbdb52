package io.beacon.registry.session.settings;

/**
 * The documented bounds of a client registration. A registration outside them can never succeed and
 * is answered {@code refused=true}, so the official client stops retrying it. Immutable.
 *
 * @param maxDataIdChars longest dataId
 * @param maxGroupChars longest group
 * @param maxInstanceIdChars longest instanceId
 * @param maxZoneChars longest zone name
 * @param maxValues most values (DataBoxes) in one publisher
 * @param maxDataBytes most UTF-8 bytes of all values of one publisher together
 */
public record RegistrationLimits(
    int maxDataIdChars,
    int maxGroupChars,
    int maxInstanceIdChars,
    int maxZoneChars,
    int maxValues,
    int maxDataBytes) {

  public static final RegistrationLimits DEFAULTS =
      new RegistrationLimits(512, 128, 128, 128, 128, 1 << 20);
}
