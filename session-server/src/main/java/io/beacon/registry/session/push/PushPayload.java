package io.beacon.registry.session.push;

import com.alipay.sofa.registry.core.model.DataBox;
import io.beacon.registry.common.model.Datum;
import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.session.registration.Subscriber;
import io.beacon.registry.session.trace.PushTrace;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One fetched datum as it is pushed: its push version and, built on first use and then shared by
 * every subscriber that sees the datum through the same scope view, the zone to {@link DataBox} map
 * and the counts per zone. A {@code zone} (or scope-less) subscriber's view is its own zone; a
 * {@code dataCenter} or {@code global} subscriber's view is every zone of this data center, so a
 * datum is filtered at most once per zone plus once for all zones, however many subscribers and
 * connections receive it.
 *
 * <p>It also carries the datum's {@link PushTrace} (null when untraced), so that every frame sent
 * from it can report its latency without any per-subscriber state.
 *
 * <p>Thread-safe: the datum and trace are immutable, views are built at most once per key (a
 * concurrent map) and never modified afterwards. The maps stay plain {@code HashMap}/{@code
 * ArrayList} (not unmodifiable wrappers) because they go on the wire as they are and clients decode
 * them by type; nothing may modify them.
 */
public final class PushPayload {

  public static final String DEFAULT_ZONE = "DEFAULT_ZONE";
  private static final String ALL_ZONES = "\u0000all";

  private final Datum datum;
  private final long version;
  private final PushTrace trace;
  private final Map<String, ZoneView> views = new ConcurrentHashMap<>();

  public PushPayload(Datum datum) {
    this(datum, null);
  }

  public PushPayload(Datum datum, PushTrace trace) {
    this.datum = datum;
    this.version = Math.max(datum.version(), Datum.EMPTY_PUSH_VERSION);
    this.trace = trace;
  }

  public Datum datum() {
    return datum;
  }

  public String dataInfoId() {
    return datum.dataInfoId();
  }

  /** The version pushed: the datum's, or {@link Datum#EMPTY_PUSH_VERSION} when there is none. */
  public long version() {
    return version;
  }

  /** The datum's upstream times, or null when it is not traced. */
  public PushTrace trace() {
    return trace;
  }

  /** What {@code subscriber} sees of this datum; the same instance for the same view. */
  public ZoneView viewFor(Subscriber subscriber) {
    String key = isZoneScoped(subscriber) ? subscriber.zone() : ALL_ZONES;
    return views.computeIfAbsent(key, this::build);
  }

  /** Number of distinct views built so far (for tests of the sharing). */
  int viewCount() {
    return views.size();
  }

  static boolean isZoneScoped(Subscriber subscriber) {
    return subscriber.scope() == null || "zone".equals(subscriber.scope());
  }

  private ZoneView build(String key) {
    boolean allZones = ALL_ZONES.equals(key);
    Map<String, List<DataBox>> data = new HashMap<>();
    Map<String, Integer> counts = new HashMap<>();
    for (Publisher publisher : datum.publishers()) {
      String zone = publisher.zone() == null ? DEFAULT_ZONE : publisher.zone();
      if (!allZones && !zone.equals(key)) {
        continue;
      }
      List<DataBox> boxes = data.computeIfAbsent(zone, z -> new ArrayList<>());
      for (String value : publisher.values()) {
        boxes.add(new DataBox(value));
      }
      counts.merge(zone, publisher.values().size(), Integer::sum);
    }
    return new ZoneView(data, counts);
  }

  /** The zone to values map of one view and the value count per zone. Never modified. */
  public record ZoneView(Map<String, List<DataBox>> data, Map<String, Integer> counts) {}
}
