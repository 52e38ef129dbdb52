package io.beacon.registry.session.clientoff;

import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.common.protocol.PublisherRemoval;
import io.beacon.registry.common.rpc.ConnectionListener;
import io.beacon.registry.common.rpc.RpcConnection;
import io.beacon.registry.session.connection.ClientConnections;
import io.beacon.registry.session.push.PushScheduler;
import io.beacon.registry.session.push.PushSender;
import io.beacon.registry.session.registration.ConnectionRemoval;
import io.beacon.registry.session.registration.HandedOverPublishers;
import io.beacon.registry.session.registration.SessionRegistry;
import io.beacon.registry.session.registration.Subscriber;
import io.beacon.registry.session.routing.DataWriter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Removes everything a closed client connection registered: its publishers (from this session and,
 * through version-guarded removals, from the data leaders, so subscribers everywhere are pushed
 * within moments), its subscribers and configurators. Listens to the client port's closes itself
 * (after {@link ClientConnections}, which forgets the connection first) and sweeps connections
 * whose close event was lost. Thread-safe; called from Bolt's event thread and from the sweep task.
 */
public final class ClientOff implements ConnectionListener {

  private final SessionRegistry registry;
  private final DataWriter writer;
  private final PushSender sender;
  private final PushScheduler pushes;
  private final ProcessId processId;
  private final HandedOverPublishers handedOverPublishers;
  private final Set<String> handingOver = ConcurrentHashMap.newKeySet();
  private volatile boolean serverClosing;

  public ClientOff(
      SessionRegistry registry,
      DataWriter writer,
      PushSender sender,
      PushScheduler pushes,
      ProcessId processId,
      HandedOverPublishers handedOverPublishers) {
    this.handedOverPublishers = handedOverPublishers;
    this.registry = registry;
    this.writer = writer;
    this.sender = sender;
    this.pushes = pushes;
    this.processId = processId;
  }

  /**
   * This session server is shutting down: the connections it closes now belong to clients that are
   * moving to another session, not leaving. Their publishers are then dropped here only, not
   * removed from the data leaders: the clients re-register them elsewhere (same registId and
   * version, which takes them over), and those of clients that never come back expire with this
   * session process's lease. Removing them would show subscribers everywhere an empty list until
   * the clients are back.
   */
  public void serverClosing() {
    serverClosing = true;
  }

  /**
   * A leaving session is about to close {@code connectId} so that its client moves to another
   * session: when it closes, its publishers go to {@link HandedOverPublishers} (still claimed by
   * this session, no removal to the data servers) instead of being removed. A connection its client
   * closes itself is removed as usual.
   */
  public void handOver(String connectId) {
    handingOver.add(connectId);
  }

  @Override
  public void onClose(RpcConnection connection) {
    clientOff(ClientConnections.connectIdOf(connection));
  }

  /** Removes the registrations of {@code connectId}; returns how many publishers it held. */
  public int clientOff(String connectId) {
    ConnectionRemoval removal = registry.removeConnection(connectId);
    boolean handedOver = handingOver.remove(connectId);
    if (handedOver) {
      handedOverPublishers.keep(removal.publishers());
    }
    boolean moving = handedOver || serverClosing;
    for (Publisher publisher : moving ? List.<Publisher>of() : removal.publishers()) {
      writer.submit(
          new PublisherRemoval(
              publisher.dataInfoId(), publisher.registerId(), publisher.version(), processId));
    }
    for (Subscriber subscriber : removal.subscribers()) {
      sender.forget(subscriber);
      pushes.release(subscriber.dataInfoId());
    }
    return removal.publishers().size();
  }

  /**
   * Removes every publisher of clients at {@code ips} (persistent client-off by IP), blocked ones
   * included; their subscribers stay. Returns how many active publishers were removed.
   */
  public int clientOffPublishers(Set<String> ips) {
    List<Publisher> removed = registry.removePublishersOf(ips);
    for (Publisher publisher : removed) {
      writer.submit(
          new PublisherRemoval(
              publisher.dataInfoId(), publisher.registerId(), publisher.version(), processId));
    }
    return removed.size();
  }

  /**
   * Cleans connectIds that still hold registrations but have no open connection (a close event that
   * raced a registration, or was never delivered).
   */
  public void sweep(ClientConnections connections) {
    for (String connectId : connections.sweepClosed()) {
      clientOff(connectId);
    }
    for (String connectId : registry.connectIds()) {
      if (!connections.isOpen(connectId)) {
        clientOff(connectId);
      }
    }
  }
}
