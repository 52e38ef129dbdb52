package io.beacon.registry.meta.config;

import io.beacon.registry.common.model.DataInfo;
import java.util.Set;

/**
 * The well-known "provide data" keys, spelled as the reference spells them (dataId, instanceId
 * {@code 9600}, group {@code CONFIG}), so {@code /persistentData/*} calls of existing scripts
 * address the same switches.
 */
public final class ConfigKeys {

  public static final String STOP_PUSH = key("session.stop.push.data.switch");
  public static final String GRAY_OPEN = key("session.push.switch.gray.open");
  public static final String PUBLISHER_BLACKLIST = key("session.blacklist.data");
  public static final String DATA_INFO_ID_BLACKLIST = key("session.dataid.blacklist");

  private static final Set<String> SWITCHES =
      Set.of(STOP_PUSH, GRAY_OPEN, PUBLISHER_BLACKLIST, DATA_INFO_ID_BLACKLIST);

  private ConfigKeys() {}

  /** Whether {@code key} holds a switch (carried parsed in the switches, not as provide data). */
  public static boolean isSwitch(String key) {
    return SWITCHES.contains(key);
  }

  static String key(String dataId) {
    return new DataInfo(dataId, "9600", "CONFIG").id();
  }
}
