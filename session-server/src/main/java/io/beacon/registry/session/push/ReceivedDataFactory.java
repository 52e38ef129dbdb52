package io.beacon.registry.session.push;

import com.alipay.sofa.registry.core.model.ReceivedData;
import io.beacon.registry.common.model.Datum;
import io.beacon.registry.session.registration.Subscriber;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the {@link ReceivedData} a client is pushed, as the official client expects it: non-null
 * registIds, segment and version, and an empty map (never null) when there is nothing to show.
 * Scope filter (done once per view by {@link PushPayload}): a {@code zone} subscriber sees only
 * publishers of its own zone; {@code dataCenter} and {@code global} see every zone of this data
 * center.
 *
 * <p>One {@code ReceivedData} may carry several registIds: subscribers of one connection with the
 * same dataInfoId, scope and zone get identical content, and the official client dispatches the
 * push to each registId it names. The zone map is the payload's shared instance. Immutable.
 */
public final class ReceivedDataFactory {

  public static final String DEFAULT_ZONE = PushPayload.DEFAULT_ZONE;

  private final String dataCenter;

  public ReceivedDataFactory(String dataCenter) {
    this.dataCenter = dataCenter;
  }

  /** One subscriber's push of {@code datum} at {@code version}. */
  public ReceivedData build(Subscriber subscriber, Datum datum, long version) {
    ReceivedData received = build(List.of(subscriber), new PushPayload(datum));
    received.setVersion(version);
    return received;
  }

  /**
   * One push of {@code payload} to {@code group}: subscribers of one connection that share the
   * dataInfoId, scope and zone of the first one (the caller groups them so).
   */
  public ReceivedData build(List<Subscriber> group, PushPayload payload) {
    Subscriber first = group.get(0);
    PushPayload.ZoneView view = payload.viewFor(first);
    List<String> registIds = new ArrayList<>(group.size());
    for (Subscriber subscriber : group) {
      registIds.add(subscriber.registerId());
    }
    ReceivedData received = new ReceivedData();
    received.setDataId(first.dataInfo().dataId());
    received.setGroup(first.dataInfo().group());
    received.setInstanceId(first.dataInfo().instanceId());
    received.setSegment(dataCenter);
    received.setScope(first.scope());
    received.setSubscriberRegistIds(registIds);
    received.setData(view.data());
    received.setDataCount(view.counts());
    received.setVersion(payload.version());
    received.setLocalZone(first.zone());
    return received;
  }
}
