package io.beacon.registry.client.internal;

import com.alipay.sofa.registry.core.model.ReceivedConfigData;
import com.alipay.sofa.registry.core.model.ReceivedData;
import io.beacon.registry.client.ClientConfig;
import io.beacon.registry.client.RegistrationRefusedException;
import io.beacon.registry.client.internal.Transport.TransportConnection;
import java.time.InstantSource;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;

/**
 * Everything the client's worker thread owns, and what it does: the registration table, the session
 * connection, segment sync and push application, moved by user calls, transport events and {@link
 * #tick(long)}. Confined to the worker thread ({@code beacon-client-worker} in production, the test
 * thread in tests); nothing here blocks.
 *
 * <p>After {@link #close()} the loop takes nothing new: a user call that was already on its way to
 * the worker when the client closed (it passed the client's open check first) fails its future with
 * {@code IllegalStateException("client closed")} instead of registering into a dead table.
 *
 * <p>Deadlines run on the monotonic {@code clock}; {@code wallClock} only dates pushes for the
 * push-age meter (and, in the table, requests on the wire).
 */
final class ClientLoop implements SessionConnector.Listener {

  private final InstantSource wallClock;
  private final MonotonicClock clock;
  private final ClientCounters counters;
  private final Queue<ListenerDispatcher<?>> watched;
  private final RegistrationTable table;
  private final PushApplier pushes;
  private final SegmentSync segments;
  private final SessionConnector connector;
  private TransportConnection connection;
  private boolean connectedBefore;
  private boolean closed;

  ClientLoop(
      ClientConfig config,
      Transport transport,
      SessionDiscovery discovery,
      InstantSource wallClock,
      MonotonicClock clock,
      Executor worker,
      RandomGenerator random,
      int maxInFlight,
      ClientCounters counters,
      Queue<ListenerDispatcher<?>> watched) {
    this.wallClock = wallClock;
    this.clock = clock;
    this.counters = counters;
    this.watched = watched;
    this.table =
        new RegistrationTable(
            config, wallClock, clock, worker, random, maxInFlight, counters, this::answered);
    this.pushes =
        new PushApplier(
            table, config.emptyPushProtection(), config.emptyPushHold().toMillis(), counters);
    this.segments = new SegmentSync(config, clock, worker, pushes);
    this.connector =
        new SessionConnector(config, transport, discovery, clock, worker, random, this);
  }

  /** The periodic step: reconnects, expiries, segment sync, hold windows, due sends. */
  void tick(long now) {
    connector.tick(now);
    table.expireInFlight(now);
    segments.tick(connection, now);
    pushes.tick(now);
    ListenerDispatcher.checkAll(watched, now);
    pump();
  }

  void add(Registration registration) {
    if (closed) {
      registration.drop(clientClosed());
      return;
    }
    table.add(registration, clock.millis());
    pump();
  }

  void republish(
      PublisherRegistration registration, List<String> data, CompletableFuture<Void> ack) {
    if (closed) {
      ack.completeExceptionally(clientClosed());
      return;
    }
    if (!table.contains(registration)) {
      ack.completeExceptionally(ended(registration));
      return;
    }
    registration.replaceData(data);
    registration.bump(false, ack);
    table.changed(registration, clock.millis());
    pump();
  }

  /**
   * Sends the UNREGISTER of {@code registration}. One the server refused is not registered
   * anywhere, so there is nothing to withdraw and {@code ack} completes at once.
   */
  void unregister(Registration registration, CompletableFuture<Void> ack) {
    if (closed) {
      ack.completeExceptionally(clientClosed());
      return;
    }
    if (!table.contains(registration)) {
      ack.complete(null);
      return;
    }
    if (registration instanceof SubscriberRegistration subscriber) {
      subscriber.stopListening();
    } else if (registration instanceof ConfiguratorRegistration configurator) {
      configurator.stopListening();
    }
    registration.bump(true, ack);
    table.changed(registration, clock.millis());
    pump();
  }

  String connectedAddress() {
    return connector.connectedAddress();
  }

  void close() {
    closed = true;
    connector.close();
    connection = null;
    counters.connected(false);
    table.dropAll(clientClosed());
    counters.pendingRegistrations(0);
  }

  @Override
  public void onConnected(TransportConnection connection, long now) {
    this.connection = connection;
    counters.connected(true);
    if (connectedBefore) {
      counters.reconnected();
    }
    connectedBefore = true;
    segments.onConnected(now);
    segments.tick(connection, now);
    pump();
  }

  @Override
  public void onDisconnected(String address, long now) {
    connection = null;
    counters.connected(false);
    segments.onDisconnected();
    table.resetForReconnect(now);
    pushes.openGaps(table.subscribers());
    pump();
  }

  @Override
  public void onPush(Object push) {
    if (push instanceof ReceivedData data) {
      if (data.getVersion() != null) {
        counters.pushAge(data.getVersion(), wallClock.millis());
      }
      pushes.apply(data);
    } else if (push instanceof ReceivedConfigData config) {
      pushes.apply(config);
    }
  }

  private void answered(Registration.Outcome outcome) {
    if (outcome == Registration.Outcome.DONE) {
      connector.acknowledged();
    }
    pump();
  }

  /** Sends what is due, if connected, and publishes the pending count. */
  private void pump() {
    if (connection != null) {
      table.sendDue(connection, clock.millis());
    }
    counters.pendingRegistrations(table.pendingCount());
  }

  private static IllegalStateException clientClosed() {
    return new IllegalStateException("client closed");
  }

  private static RuntimeException ended(Registration registration) {
    String refusal = registration.refusal();
    return refusal != null
        ? new RegistrationRefusedException(refusal)
        : new IllegalStateException("registration ended: registId=" + registration.registId);
  }
}
