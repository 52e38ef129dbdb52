package io.beacon.registry.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a subscription sees: the values published for its dataId and group, by zone, as of the
 * server's {@code version}. {@code localZone} is the zone the server placed the client in.
 * Immutable: the map and its lists are unmodifiable copies.
 */
public record Snapshot(
    String dataId,
    String group,
    Map<String, List<String>> zoneData,
    long version,
    String localZone) {

  public Snapshot {
    Objects.requireNonNull(zoneData, "zoneData");
    Map<String, List<String>> copy = new TreeMap<>();
    zoneData.forEach((zone, values) -> copy.put(zone, List.copyOf(values)));
    zoneData = Collections.unmodifiableMap(copy);
  }

  /** Every value of every zone, zones in name order. */
  public List<String> values() {
    List<String> all = new ArrayList<>();
    zoneData.values().forEach(all::addAll);
    return Collections.unmodifiableList(all);
  }

  /** True when no zone holds a value. */
  public boolean isEmpty() {
    for (List<String> values : zoneData.values()) {
      if (!values.isEmpty()) {
        return false;
      }
    }
    return true;
  }
}
