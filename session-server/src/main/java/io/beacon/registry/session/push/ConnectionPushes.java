package io.beacon.registry.session.push;

import io.beacon.registry.common.concurrent.Lane;
import io.beacon.registry.common.concurrent.Pending;
import io.beacon.registry.common.retry.Backoff;
import io.beacon.registry.session.registration.Subscriber;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The push queue of one client connection: for each subscriber registration on it, the version its
 * client acknowledged, the one push in flight, and the newest datum waiting (never more than one,
 * so the queue is bounded by the connection's subscribers); plus the connection's circuit breaker.
 * Each subscriber's push is a {@link Lane} (one in flight, the newest waiting, retries with backoff
 * up to a bound) that this queue drives itself, because subscribers ready together share frames.
 *
 * <p>Design: {@link #takeReady} hands out, as {@link Batch}es, the waiting datums that may go now:
 * subscribers with nothing in flight and not backing off after a failure, whose waiting version is
 * above the acknowledged one. Subscribers waiting for the same payload with the same scope and zone
 * form one batch, pushed as one frame naming all their registIds. Nothing is handed out while the
 * connection is unwritable (its outbound buffer is above the high watermark; the caller drains
 * again when it turns writable) or while the breaker is open; half-open hands out one batch, the
 * probe. {@link #complete} records the outcome: acknowledged versions, retries (the failed datum
 * waits again unless a newer one came), give-ups, the breaker's transitions.
 *
 * <p>At most {@code framesInFlightLimit} frames are handed out and not yet completed at a time; the
 * subscribers beyond wait, merging newer versions, until a completion frees a place.
 *
 * <p>The subscribers that may go now (a datum waiting, nothing in flight, not backing off) are kept
 * in their own set, updated on every transition, so a drain costs what it hands out, not a scan of
 * every subscriber of the connection (a storm drains a connection of thousands of subscribers once
 * per acknowledged frame).
 *
 * <p>State: guarded by this object's monitor; {@link PushSender} sends outside it.
 */
final class ConnectionPushes {

  final String connectId;
  private final Map<String, SubscriberPush> subscribers = new LinkedHashMap<>();
  private final Set<SubscriberPush> ready = new LinkedHashSet<>();
  private final PushBreaker breaker;
  private final int framesInFlightLimit;
  private int framesInFlight;
  private boolean retired;

  ConnectionPushes(
      String connectId, int breakerThreshold, Backoff breakerCooldown, int framesInFlightLimit) {
    this.connectId = connectId;
    this.framesInFlightLimit = framesInFlightLimit;
    this.breaker = new PushBreaker(breakerThreshold, breakerCooldown);
  }

  /**
   * Adds {@code push} unless a push state of the same registration is attached already (another
   * thread creating it at the same moment), which it returns instead; null if this queue was
   * retired (emptied and dropped) meanwhile. Never replaces an attached state: the one replaced
   * would stay installed for the registration while belonging to no queue, and never be pushed
   * again.
   */
  synchronized SubscriberPush attach(SubscriberPush push) {
    if (retired) {
      return null;
    }
    SubscriberPush attached = subscribers.putIfAbsent(push.registerId, push);
    return attached == null ? push : attached;
  }

  /** Removes {@code push}; returns true if the queue is now empty and retired. */
  synchronized boolean detach(SubscriberPush push) {
    if (subscribers.remove(push.registerId, push)) {
      ready.remove(push);
    }
    if (subscribers.isEmpty()) {
      retired = true;
    }
    return retired;
  }

  synchronized boolean isAttached(SubscriberPush push) {
    return subscribers.get(push.registerId) == push;
  }

  /** Waits {@code payload} for {@code subscriber} unless it already has that version or newer. */
  synchronized boolean offer(SubscriberPush push, Subscriber subscriber, PushPayload payload) {
    if (!push.versions.wants(payload.version())) {
      return false;
    }
    push.lane.offer(new Offer(payload, subscriber));
    if (subscribers.get(push.registerId) == push) {
      markIfReady(push); // a state detached meanwhile is never sent
    }
    return true;
  }

  synchronized long pushedVersion(SubscriberPush push) {
    return push.versions.pushed;
  }

  synchronized PushBreaker.State breakerState() {
    return breaker.state();
  }

  /**
   * Takes the batches that may be sent now and marks their subscribers in flight. With {@code
   * allowed} false (connection gone, stop-push) the ready datums are dropped unacknowledged; with
   * {@code writable} false they stay waiting and {@link Ready#heldBack()} says so.
   */
  synchronized Ready takeReady(boolean allowed, boolean writable) {
    Map<GroupKey, Batch> batches = new LinkedHashMap<>();
    boolean heldBack = false;
    for (Iterator<SubscriberPush> it = ready.iterator(); it.hasNext(); ) {
      SubscriberPush push = it.next();
      if (!allowed) {
        push.versions.clear();
      }
      if (!push.lane.isReady()) {
        it.remove(); // dropped, or what waited is older than what the client acknowledged since
        continue;
      }
      if (!writable) {
        heldBack = true;
        continue;
      }
      Offer waiting = push.versions.waiting;
      GroupKey key =
          new GroupKey(
              waiting.payload(), waiting.subscriber().scope(), waiting.subscriber().zone());
      Batch batch = batches.get(key);
      if (batch == null) {
        if (framesInFlight + batches.size() >= framesInFlightLimit) {
          break; // the window is full: the rest wait, and newer versions replace what waits
        }
        if (!breaker.allowsSend()) {
          continue; // open, or half-open with its probe batch already chosen
        }
        breaker.onSent();
        batch =
            new Batch(
                waiting.payload(), new ArrayList<>(), new ArrayList<>(), push.lane.failures());
        batches.put(key, batch);
      }
      batch.members.add(push);
      batch.subscribers.add(push.lane.take().subscriber());
      it.remove();
    }
    framesInFlight += batches.size();
    return new Ready(List.copyOf(batches.values()), heldBack);
  }

  /**
   * Records how {@code batch} ended. On a failure over a live connection each member's datum waits
   * again (unless a newer one came) and backs off, or is given up after {@code retries} attempts.
   */
  synchronized Outcome complete(Batch batch, boolean success, boolean connectionOpen, int retries) {
    framesInFlight--;
    Duration cooldown = success ? null : breaker.onFailure();
    if (success) {
      breaker.onSuccess();
    }
    List<SubscriberPush> retrying = new ArrayList<>();
    List<String> givenUp = new ArrayList<>();
    for (SubscriberPush push : batch.members) {
      if (subscribers.get(push.registerId) != push) {
        continue; // forgotten or moved to another connection: the answer proves nothing now
      }
      if (success) {
        push.lane.succeeded();
      } else {
        boolean retryable = connectionOpen && push.lane.failures() + 1 < retries;
        Lane.Failure<Offer> failure = push.lane.failed(retryable);
        if (failure.isGivenUp()) {
          givenUp.add(push.registerId);
        } else if (failure.backsOff()) {
          push.backoffId = failure.backoffId();
          retrying.add(push);
        }
      }
      markIfReady(push);
    }
    return new Outcome(cooldown, retrying, givenUp);
  }

  /** The backoff of {@code pushes} ended; they may be sent again. */
  synchronized void endBackoff(List<SubscriberPush> pushes) {
    for (SubscriberPush push : pushes) {
      push.lane.endBackoff(push.backoffId);
      if (subscribers.get(push.registerId) == push) {
        markIfReady(push);
      }
    }
  }

  /** Puts {@code push} in the ready set if a datum waits and nothing holds it back. */
  private void markIfReady(SubscriberPush push) {
    if (push.lane.isReady()) {
      ready.add(push);
    }
  }

  synchronized boolean halfOpen() {
    return breaker.halfOpen();
  }

  /** What {@link #takeReady} found: batches to send, and whether any waited for writability. */
  record Ready(List<Batch> batches, boolean heldBack) {}

  /** One frame's worth of subscribers and the payload they get. Immutable once handed out. */
  record Batch(
      PushPayload payload,
      List<SubscriberPush> members,
      List<Subscriber> subscribers,
      int attempt) {}

  /**
   * What a completed batch asks of the caller: schedule the breaker's half-open after {@code
   * cooldown} (if not null), and the end of backoff of {@code retrying}.
   */
  record Outcome(Duration cooldown, List<SubscriberPush> retrying, List<String> givenUp) {}

  /** Subscribers that receive an identical frame but for their registIds. */
  private record GroupKey(PushPayload payload, String scope, String zone) {}

  /** Push progress of one subscriber registration. Guarded by its queue's monitor. */
  static final class SubscriberPush {
    final String registerId;
    final ConnectionPushes queue;
    final Versions versions = new Versions();
    // Retries are bounded per completion (see complete), not by the lane.
    final Lane<Offer, Offer> lane = new Lane<>(versions, 0);
    long backoffId;

    SubscriberPush(String registerId, ConnectionPushes queue) {
      this.registerId = registerId;
      this.queue = queue;
    }
  }

  /** A datum for a subscriber, as offered. */
  record Offer(PushPayload payload, Subscriber subscriber) {}

  /**
   * A subscriber's acknowledged version and the newest datum waiting for it: one at most, and only
   * above the acknowledged version.
   */
  static final class Versions implements Pending<Offer, Offer> {
    long pushed;
    Offer waiting;

    boolean wants(long version) {
      return version > pushed && (waiting == null || waiting.payload().version() < version);
    }

    @Override
    public void add(Offer offer) {
      if (wants(offer.payload().version())) {
        waiting = offer;
      }
    }

    @Override
    public boolean isEmpty() {
      return waiting == null || waiting.payload().version() <= pushed;
    }

    @Override
    public Offer take() {
      Offer offer = waiting;
      waiting = null;
      return offer;
    }

    /** A newer datum that came meanwhile goes instead of the failed one. */
    @Override
    public void restore(Offer failed) {
      if (waiting == null) {
        waiting = failed;
      }
    }

    @Override
    public void delivered(Offer offer) {
      pushed = Math.max(pushed, offer.payload().version());
    }

    /** Drops what waits unacknowledged (connection gone, stop-push). */
    void clear() {
      waiting = null;
    }
  }
}
