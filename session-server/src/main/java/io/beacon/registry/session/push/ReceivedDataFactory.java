package io.beacon.registry.session.push;

import com.alipay.sofa.registry.core.model.DataBox;
import com.alipay.sofa.registry.core.model.ReceivedData;
import io.beacon.registry.common.model.Datum;
import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.session.registration.Subscriber;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@link ReceivedData} a subscriber is pushed, as the official client expects it:
 * non-null registIds, segment and version, and an empty map (never null) when there is nothing to
 * show. Scope filter: a {@code zone} subscriber sees only publishers of its own zone; {@code
 * dataCenter} and {@code global} see every zone of this data center. Immutable.
 */
public final class ReceivedDataFactory {

  public static final String DEFAULT_ZONE = "DEFAULT_ZONE";

  private final String dataCenter;

  public ReceivedDataFactory(String dataCenter) {
    this.dataCenter = dataCenter;
  }

  public ReceivedData build(Subscriber subscriber, Datum datum, long version) {
    boolean zoneOnly = "zone".equals(subscriber.scope()) || subscriber.scope() == null;
    Map<String, List<DataBox>> data = new HashMap<>();
    Map<String, Integer> counts = new HashMap<>();
    for (Publisher publisher : datum.publishers()) {
      String zone = publisher.zone() == null ? DEFAULT_ZONE : publisher.zone();
      if (zoneOnly && !zone.equals(subscriber.zone())) {
        continue;
      }
      List<DataBox> boxes = data.computeIfAbsent(zone, z -> new ArrayList<>());
      for (String value : publisher.values()) {
        boxes.add(new DataBox(value));
      }
      counts.merge(zone, publisher.values().size(), Integer::sum);
    }
    ReceivedData received = new ReceivedData();
    received.setDataId(subscriber.dataInfo().dataId());
    received.setGroup(subscriber.dataInfo().group());
    received.setInstanceId(subscriber.dataInfo().instanceId());
    received.setSegment(dataCenter);
    received.setScope(subscriber.scope());
    received.setSubscriberRegistIds(new ArrayList<>(List.of(subscriber.registerId())));
    received.setData(data);
    received.setDataCount(counts);
    received.setVersion(version);
    received.setLocalZone(subscriber.zone());
    return received;
  }
}
