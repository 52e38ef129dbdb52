package io.beacon.registry.session.settings;

import io.beacon.registry.common.config.SettingChecks;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The documented bounds of a client registration, the {@code beacon.session.limits.*} properties. A
 * registration outside them can never succeed and is answered {@code refused=true}, so the official
 * client stops retrying it. Immutable.
 *
 * @param maxDataIdChars longest dataId
 * @param maxGroupChars longest group
 * @param maxInstanceIdChars longest instanceId
 * @param maxZoneChars longest zone name
 * @param maxValues most values (DataBoxes) in one publisher
 * @param maxDataBytes most UTF-8 bytes of all values of one publisher together
 */
public record RegistrationLimits(
    @DefaultValue("512") int maxDataIdChars,
    @DefaultValue("128") int maxGroupChars,
    @DefaultValue("128") int maxInstanceIdChars,
    @DefaultValue("128") int maxZoneChars,
    @DefaultValue("128") int maxValues,
    @DefaultValue("1048576") int maxDataBytes) {

  public RegistrationLimits {
    SettingChecks check = SettingChecks.under(SessionServerConfig.PREFIX + ".limits");
    check.atLeast("maxDataIdChars", maxDataIdChars, 1);
    check.atLeast("maxGroupChars", maxGroupChars, 1);
    check.atLeast("maxInstanceIdChars", maxInstanceIdChars, 1);
    check.atLeast("maxZoneChars", maxZoneChars, 1);
    check.atLeast("maxValues", maxValues, 1);
    check.atLeast("maxDataBytes", maxDataBytes, 1);
  }
}
