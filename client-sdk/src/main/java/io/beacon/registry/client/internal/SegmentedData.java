package io.beacon.registry.client.internal;

import com.alipay.sofa.registry.core.model.DataBox;
import io.beacon.registry.client.Snapshot;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The data pushed to one subscription, by segment (the server sends its data center's name). Each
 * segment keeps the newest version it was pushed; a push of an older or equal version is not
 * applied. A snapshot merges the segments the session lists as available (all when it lists none).
 * Confined to the client's worker thread.
 */
final class SegmentedData {

  private record Segment(long version, Map<String, List<String>> zoneData) {}

  private final Map<String, Segment> segments = new HashMap<>();
  private String localZone;

  /** Applies a push; false if {@code version} is not newer than the segment's. */
  boolean apply(String segment, long version, Map<String, List<DataBox>> data, String localZone) {
    Segment held = segments.get(segment);
    if (held != null && version <= held.version()) {
      return false;
    }
    segments.put(segment, new Segment(version, values(data)));
    this.localZone = localZone;
    return true;
  }

  boolean hasData() {
    return !segments.isEmpty();
  }

  /** The snapshot over the segments in {@code available} (every segment if it is empty). */
  Snapshot snapshot(String dataId, String group, Collection<String> available) {
    Map<String, List<String>> zoneData = new HashMap<>();
    long version = 0;
    for (Map.Entry<String, Segment> entry : segments.entrySet()) {
      if (!available.isEmpty() && !available.contains(entry.getKey())) {
        continue;
      }
      Segment segment = entry.getValue();
      version = Math.max(version, segment.version());
      segment
          .zoneData()
          .forEach(
              (zone, values) ->
                  zoneData.computeIfAbsent(zone, z -> new ArrayList<>()).addAll(values));
    }
    return new Snapshot(dataId, group, zoneData, version, localZone);
  }

  private static Map<String, List<String>> values(Map<String, List<DataBox>> data) {
    Map<String, List<String>> zoneData = new HashMap<>();
    data.forEach(
        (zone, boxes) -> {
          if (zone == null) {
            return;
          }
          List<String> values = new ArrayList<>();
          if (boxes != null) {
            for (DataBox box : boxes) {
              if (box != null && box.getData() != null) {
                values.add(box.getData());
              }
            }
          }
          zoneData.put(zone, values);
        });
    return zoneData;
  }
}
