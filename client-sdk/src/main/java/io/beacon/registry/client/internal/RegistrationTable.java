package io.beacon.registry.client.internal;

import io.beacon.registry.client.ClientConfig;
import io.beacon.registry.client.internal.Transport.TransportConnection;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every live registration of the client, and the sending of them: which are due, which are in
 * flight, and what an answer does. Confined to the client's worker thread; answers hop back onto it
 * through {@code worker}.
 *
 * <p>Invariant: a registration that is not done is either in {@link #ready} (waiting for its {@code
 * nextSendAt}) or in {@link #inFlight}, never both, so at most one request per registration is
 * outstanding and {@link #pendingCount()} is their sum. A change made while a request is in flight
 * waits for its answer, which then no longer counts (its requestId is old) and puts the
 * registration back to be sent at once. At most {@link #maxInFlight} requests are outstanding in
 * total, so a replay of thousands of registrations after a reconnect is paced by the answers. A
 * request that got no answer at all within {@code requestTimeout + retryInterval} counts as failed;
 * its answer, should it still come, is told from the retry's by the send id and ignored.
 *
 * <p>Times are monotonic ({@link MonotonicClock}); only the timestamp in a request is wall time.
 */
final class RegistrationTable {

  static final int DEFAULT_MAX_IN_FLIGHT = 256;

  private static final Logger log = LoggerFactory.getLogger(RegistrationTable.class);

  private final ClientConfig config;
  private final InstantSource wallClock;
  private final MonotonicClock clock;
  private final Executor worker;
  private final RandomGenerator random;
  private final int maxInFlight;
  private final Consumer<Registration.Outcome> afterAnswer;
  private final Map<String, Registration> byId = new HashMap<>();
  private final PriorityQueue<Registration> ready =
      new PriorityQueue<>(
          Comparator.comparingLong((Registration r) -> r.nextSendAt)
              .thenComparingLong(r -> r.sequence));
  private final Set<Registration> inFlight = new LinkedHashSet<>();
  private final ClientCounters counters;

  /**
   * @param afterAnswer told, after an answer (or expiry) was applied, what it meant
   */
  RegistrationTable(
      ClientConfig config,
      InstantSource wallClock,
      MonotonicClock clock,
      Executor worker,
      RandomGenerator random,
      int maxInFlight,
      ClientCounters counters,
      Consumer<Registration.Outcome> afterAnswer) {
    this.config = config;
    this.counters = counters;
    this.wallClock = wallClock;
    this.clock = clock;
    this.worker = worker;
    this.random = random;
    this.maxInFlight = maxInFlight;
    this.afterAnswer = afterAnswer;
  }

  void add(Registration registration, long now) {
    byId.put(registration.registId, registration);
    schedule(registration, now);
  }

  boolean contains(Registration registration) {
    return byId.get(registration.registId) == registration;
  }

  /** The registration has a new version: send it as soon as possible. */
  void changed(Registration registration, long now) {
    schedule(registration, now);
  }

  SubscriberRegistration subscriber(String registId) {
    return byId.get(registId) instanceof SubscriberRegistration s ? s : null;
  }

  ConfiguratorRegistration configurator(String registId) {
    return byId.get(registId) instanceof ConfiguratorRegistration c ? c : null;
  }

  List<SubscriberRegistration> subscribers() {
    List<SubscriberRegistration> subscribers = new ArrayList<>();
    for (Registration registration : byId.values()) {
      if (registration instanceof SubscriberRegistration s) {
        subscribers.add(s);
      }
    }
    return subscribers;
  }

  int pendingCount() {
    return ready.size() + inFlight.size();
  }

  int inFlightCount() {
    return inFlight.size();
  }

  /** Sends what is due on {@code connection}, within the in-flight cap. */
  void sendDue(TransportConnection connection, long now) {
    while (inFlight.size() < maxInFlight && !ready.isEmpty() && ready.peek().nextSendAt <= now) {
      Registration registration = ready.poll();
      registration.queued = false;
      send(registration, connection, now);
    }
  }

  /** Fails the requests that got no answer at all within their deadline. */
  void expireInFlight(long now) {
    long deadline = config.requestTimeout().plus(config.retryInterval()).toMillis();
    List<Registration> expired = new ArrayList<>();
    for (Registration registration : inFlight) {
      if (registration.sentAt + deadline > now) {
        break;
      }
      expired.add(registration);
    }
    for (Registration registration : expired) {
      answered(
          registration,
          registration.sentSendId,
          null,
          new TimeoutException("no answer within " + deadline + " ms"));
    }
  }

  /**
   * The connection was lost: every registration is sent again on the next one, with its registId
   * and version, in the order they were made. Answers still coming from the old connection no
   * longer count.
   */
  void resetForReconnect(long now) {
    inFlight.clear();
    ready.clear();
    for (Registration registration : byId.values()) {
      registration.resetForReconnect();
      registration.queued = true;
      registration.nextSendAt = now;
      ready.add(registration);
    }
  }

  /** Drops everything (client closed); pending futures fail with {@code cause}. */
  void dropAll(Throwable cause) {
    List<Registration> all = new ArrayList<>(byId.values());
    byId.clear();
    ready.clear();
    inFlight.clear();
    all.forEach(registration -> registration.drop(cause));
  }

  private void send(Registration registration, TransportConnection connection, long now) {
    Object request = registration.wireRequest(config, wallClock.millis());
    long sendId = registration.markSent();
    registration.sentSendId = sendId;
    registration.sentRequestId = registration.requestId();
    registration.sentAt = now;
    if (registration.firstSentAt == Registration.NOT_SENT) {
      registration.firstSentAt = now;
    }
    inFlight.add(registration);
    connection.request(
        request,
        config.requestTimeout(),
        worker,
        "registration answer",
        (value, error) -> answered(registration, sendId, value, error));
  }

  private void answered(Registration registration, long sendId, Object value, Throwable error) {
    if (!inFlight.contains(registration) || registration.sentSendId != sendId) {
      return; // the answer of a send before a reconnect, or of one already expired
    }
    inFlight.remove(registration);
    long now = clock.millis();
    Registration.Outcome outcome =
        registration.onAnswer(registration.sentRequestId, value, error, now);
    switch (outcome) {
      case DONE -> {
        counters.acknowledgedAfter(now - registration.firstSentAt);
        if (registration.isUnregistering()) {
          byId.remove(registration.registId);
        }
      }
      case REFUSED -> {
        byId.remove(registration.registId);
        log.warn(
            "registration refused registId={} dataId={} group={} message={}",
            registration.registId,
            registration.dataId,
            registration.group,
            registration.refusal());
      }
      case CHANGED -> schedule(registration, now);
      case RETRY -> schedule(registration, now + retryDelay(registration));
    }
    afterAnswer.accept(outcome);
  }

  private long retryDelay(Registration registration) {
    long delay = registration.retryDelayMillis();
    // Up to 20 % jitter, so registrations failed together do not retry in step.
    return delay + random.nextLong(delay / 5 + 1);
  }

  private void schedule(Registration registration, long at) {
    if (!contains(registration) || inFlight.contains(registration)) {
      return; // gone, or the answer of the request in flight reschedules it
    }
    if (registration.queued) {
      if (at >= registration.nextSendAt) {
        return;
      }
      ready.remove(registration);
    }
    registration.nextSendAt = at;
    registration.queued = true;
    ready.add(registration);
  }
}
