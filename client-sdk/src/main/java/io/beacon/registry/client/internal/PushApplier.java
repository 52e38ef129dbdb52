package io.beacon.registry.client.internal;

import com.alipay.sofa.registry.core.model.ReceivedConfigData;
import com.alipay.sofa.registry.core.model.ReceivedData;
import com.alipay.sofa.registry.core.model.Result;
import io.beacon.registry.client.Snapshot;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the server's pushes to subscriptions and config watches: version checks per segment, the
 * segment filter of the last {@code SyncConfigResponse}, and empty-push protection. Confined to the
 * client's worker thread, except {@link #check}, which the transport thread calls.
 *
 * <p>Empty-push protection. After a connection loss the client re-registers on another session,
 * which may briefly push an empty list (its data server still syncing, a failover in progress).
 * Delivering it would make applications drop every provider at once. So a subscription is "in a
 * gap" from the connection loss until {@code emptyPushHold} after its re-registration was
 * acknowledged on the new connection. During a gap, an applied push that would turn a non-empty
 * snapshot into an empty one is held: its version is recorded (so older pushes stay ignored) but
 * {@code latest()} and the listener keep the old snapshot. A newer non-empty push replaces the held
 * one and is delivered at once. When the gap ends (the tick after the hold window) the held empty
 * snapshot is delivered if it is still the newest. Outside gaps, and with protection off, empty
 * pushes are delivered at once.
 */
final class PushApplier {

  private static final Logger log = LoggerFactory.getLogger(PushApplier.class);

  private final RegistrationTable table;
  private final boolean protection;
  private final long holdMillis;
  private final ClientCounters counters;
  private final Set<SubscriberRegistration> gapped = new LinkedHashSet<>();
  private List<String> availableSegments = List.of();

  PushApplier(
      RegistrationTable table, boolean protection, long holdMillis, ClientCounters counters) {
    this.table = table;
    this.protection = protection;
    this.holdMillis = holdMillis;
    this.counters = counters;
  }

  /**
   * The answer to a push that cannot be applied (a field the protocol requires is missing, or an
   * unknown type), or null if it can be. Pure; called on the transport thread.
   */
  static Result check(Object push) {
    if (push instanceof ReceivedData data) {
      if (data.getSubscriberRegistIds() == null
          || data.getSegment() == null
          || data.getVersion() == null
          || data.getData() == null) {
        return new Result(
            false, "ReceivedData: subscriberRegistIds, segment, version and data are required");
      }
      return null;
    }
    if (push instanceof ReceivedConfigData config) {
      return config.getConfiguratorRegistIds() == null
          ? new Result(false, "ReceivedConfigData: configuratorRegistIds is required")
          : null;
    }
    return new Result(false, "unknown push: " + (push == null ? null : push.getClass()));
  }

  void apply(ReceivedData push) {
    counters.pushReceived();
    for (String registId : push.getSubscriberRegistIds()) {
      SubscriberRegistration subscriber = table.subscriber(registId);
      if (subscriber == null || subscriber.isUnregistering()) {
        continue;
      }
      if (subscriber.data.apply(
          push.getSegment(), push.getVersion(), push.getData(), push.getLocalZone())) {
        counters.pushApplied();
        refresh(subscriber, true);
      }
    }
  }

  void apply(ReceivedConfigData push) {
    counters.pushReceived();
    long version = push.getVersion() == null ? 0 : push.getVersion();
    String data = push.getDataBox() == null ? null : push.getDataBox().getData();
    for (String registId : push.getConfiguratorRegistIds()) {
      ConfiguratorRegistration configurator = table.configurator(registId);
      if (configurator != null
          && !configurator.isUnregistering()
          && configurator.apply(version, data)) {
        counters.pushApplied();
      }
    }
  }

  /** The session listed the segments to show; subscriptions whose snapshot changes get it. */
  void segmentsChanged(List<String> segments) {
    List<String> available = segments == null ? List.of() : List.copyOf(segments);
    if (available.equals(availableSegments)) {
      return;
    }
    availableSegments = available;
    for (SubscriberRegistration subscriber : table.subscribers()) {
      if (subscriber.data.hasData() && !subscriber.isUnregistering()) {
        refresh(subscriber, false);
      }
    }
  }

  /** The connection was lost: every subscription enters a reconnect gap. */
  void openGaps(List<SubscriberRegistration> subscribers) {
    if (!protection) {
      return;
    }
    for (SubscriberRegistration subscriber : subscribers) {
      subscriber.inGap = true;
      subscriber.reackedAt = SubscriberRegistration.NOT_ACKED;
      gapped.add(subscriber);
    }
  }

  /** Ends the gaps whose hold window is over, delivering a held empty snapshot. */
  void tick(long now) {
    for (Iterator<SubscriberRegistration> it = gapped.iterator(); it.hasNext(); ) {
      SubscriberRegistration subscriber = it.next();
      if (!table.contains(subscriber) || subscriber.isUnregistering()) {
        it.remove();
        continue;
      }
      if (subscriber.reackedAt == SubscriberRegistration.NOT_ACKED
          || now < subscriber.reackedAt + holdMillis) {
        continue;
      }
      it.remove();
      subscriber.inGap = false;
      if (subscriber.held) {
        subscriber.held = false;
        log.debug("hold over, empty push delivered registId={}", subscriber.registId);
        subscriber.show(snapshotOf(subscriber));
      }
    }
  }

  private void refresh(SubscriberRegistration subscriber, boolean fromPush) {
    Snapshot candidate = snapshotOf(subscriber);
    Snapshot visible = subscriber.visible();
    if (protection
        && subscriber.inGap
        && candidate.isEmpty()
        && visible != null
        && !visible.isEmpty()) {
      subscriber.held = true;
      if (fromPush) {
        counters.emptyPushHeld();
      }
      log.debug("empty push held registId={} version={}", subscriber.registId, candidate.version());
      return;
    }
    subscriber.held = false;
    if (fromPush || !candidate.equals(visible)) {
      subscriber.show(candidate);
    }
  }

  private Snapshot snapshotOf(SubscriberRegistration subscriber) {
    return subscriber.data.snapshot(subscriber.dataId, subscriber.group, availableSegments);
  }
}
