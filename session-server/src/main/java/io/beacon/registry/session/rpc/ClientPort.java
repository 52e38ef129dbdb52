package io.beacon.registry.session.rpc;

import com.alipay.sofa.registry.core.model.ConfiguratorRegister;
import com.alipay.sofa.registry.core.model.PublisherRegister;
import com.alipay.sofa.registry.core.model.SubscriberRegister;
import com.alipay.sofa.registry.core.model.SyncConfigRequest;
import io.beacon.registry.common.lifecycle.Startable;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.rpc.RpcConnection;
import io.beacon.registry.common.rpc.RpcServer;
import io.beacon.registry.session.clientoff.Blacklisting;
import io.beacon.registry.session.clientoff.ClientOff;
import io.beacon.registry.session.connection.ClientConnections;
import io.beacon.registry.session.heartbeat.SwitchEffects;
import io.beacon.registry.session.leave.ClientHandover;
import io.beacon.registry.session.push.PushPath;
import io.beacon.registry.session.push.PushScheduler;
import io.beacon.registry.session.push.PushSender;
import io.beacon.registry.session.registration.HandedOverPublishers;
import io.beacon.registry.session.registration.RegistrationValidator;
import io.beacon.registry.session.registration.SessionRegistry;
import io.beacon.registry.session.routing.DataWriter;
import io.beacon.registry.session.routing.WritePath;
import io.beacon.registry.session.settings.PushLimits;
import io.beacon.registry.session.settings.SessionServerConfig;
import io.beacon.registry.session.switches.SessionSwitches;
import io.beacon.registry.session.trace.PushTracer;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * The client port (9600, the SOFARegistry client protocol): its flow control, who hears of its
 * connections (the connection table, {@link ClientOff}, the push sender's writability wake-ups),
 * the periodic sweep of what lost connections left, its request handlers, and what switches do to
 * the registrations it took ({@link ClientOff} by IP, {@link Blacklisting}). Any client may call
 * it; a registration belongs to the connection that made it.
 *
 * <p>Publisher registrations run on the Bolt I/O thread that read them: the handler never blocks
 * (short registry and queue locks, writes handed on without waiting), and the executor hand-off
 * plus the cross-thread write of the answer cost more than the registration itself. The other
 * requests run on {@code clientRpc}; writability wake-ups are handed to {@code callbacks}, since
 * draining builds and serializes frames; switch effects run on {@code switchesExecutor}, one at a
 * time ({@link SwitchEffects}).
 *
 * <p>A leaving session ({@code SessionLeave}) refuses new connections here and hands the open ones
 * over one by one ({@link #handOver}): closed without removing their publishers from the data
 * servers, since their clients register them again through another session.
 */
public final class ClientPort implements Startable, ClientHandover {

  private final RpcServer port;
  private final ClientConnections connections;
  private final ClientOff clientOff;
  private final Blacklisting blacklisting;
  private final SwitchEffects switchEffects;
  private final SessionRegistry registry;
  private final PushSender sender;

  public ClientPort(
      SessionServerConfig config,
      Executor clientRpc,
      Executor callbacks,
      Executor switchesExecutor,
      ProcessId processId,
      InstantSource clock,
      SessionRegistry registry,
      ClientConnections connections,
      WritePath write,
      PushPath push,
      SessionSwitches switches,
      PushTracer tracer,
      HandedOverPublishers handedOver) {
    DataWriter writer = write.writer();
    PushScheduler pushes = push.scheduler();
    this.connections = connections;
    this.registry = registry;
    this.sender = push.sender();
    this.clientOff = new ClientOff(registry, writer, this.sender, pushes, processId, handedOver);
    this.blacklisting =
        new Blacklisting(
            registry,
            writer::submit,
            processId,
            clock,
            tracer,
            subscriber -> {
              sender.forget(subscriber);
              pushes.release(subscriber.dataInfoId());
            },
            pushes::onSubscribe,
            push.configs()::onRegister);
    this.switchEffects =
        new SwitchEffects(
            switches,
            switchesExecutor,
            pushes,
            clientOff,
            blacklisting,
            connections,
            push.configs());
    port = new RpcServer("session-client", config.bindHost(), config.clientPort(), callbacks);
    PushLimits limits = config.pushLimits();
    port.writeBufferWatermark(limits.writeBufferLowBytes(), limits.writeBufferHighBytes());
    if (limits.socketSendBufferBytes() > 0) {
      port.socketSendBufferBytes(limits.socketSendBufferBytes());
    }
    // The table forgets a closed connection before client-off removes what it registered.
    port.addConnectionListener(connections);
    port.addConnectionListener(clientOff);
    port.addConnectionListener(this.sender.writabilityListener(callbacks));
    RegistrationValidator validator = new RegistrationValidator(config.limits());
    port.register(
        PublisherRegister.class,
        RpcServer.ON_IO_THREAD,
        new PublisherRegisterHandler(
            validator,
            registry,
            connections,
            writer::submit,
            processId,
            clock,
            switches::current,
            tracer));
    port.register(
        SubscriberRegister.class,
        clientRpc,
        new SubscriberRegisterHandler(validator, registry, connections, pushes, this.sender));
    port.register(
        ConfiguratorRegister.class,
        clientRpc,
        new ConfiguratorRegisterHandler(validator, registry, connections, push.configs()));
    port.register(SyncConfigRequest.class, clientRpc, new SyncConfigHandler(config.dataCenter()));
  }

  @Override
  public void start() {
    port.start();
  }

  public int port() {
    return port.port();
  }

  /** What removes the registrations of closed connections and turned-off IPs. */
  public ClientOff clientOff() {
    return clientOff;
  }

  /** What puts a switch change into force on the registrations of this port's clients. */
  public SwitchEffects switchEffects() {
    return switchEffects;
  }

  /**
   * Removes what connections whose close event was lost left behind, and the push state of
   * registrations that are gone (a push racing a client-off can recreate it).
   */
  public void sweep() {
    clientOff.sweep(connections);
    sender.prune(registerId -> registry.subscriber(registerId) != null);
  }

  @Override
  public void refuseNewConnections() {
    port.refuseNewConnections();
  }

  @Override
  public List<String> openConnectIds() {
    return connections.connectIds();
  }

  @Override
  public boolean handOver(String connectId) {
    RpcConnection connection = connections.get(connectId);
    if (connection == null) {
      return false;
    }
    clientOff.handOver(connectId);
    connection.close();
    return true;
  }

  /**
   * Closes the port. Its clients move to another session: their publishers are dropped here only,
   * not removed from the data leaders (see {@link ClientOff#serverClosing()}).
   */
  @Override
  public void close() {
    clientOff.serverClosing();
    port.close();
  }
}
