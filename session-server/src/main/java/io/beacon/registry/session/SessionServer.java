package io.beacon.registry.session;

import io.beacon.registry.common.colocation.Colocation;
import io.beacon.registry.common.heartbeat.MetaHeartbeater;
import io.beacon.registry.common.http.AdminHttpServer;
import io.beacon.registry.common.http.NetworkAddresses;
import io.beacon.registry.common.lifecycle.Lifecycle;
import io.beacon.registry.common.lifecycle.Readiness;
import io.beacon.registry.common.model.NodeInfo;
import io.beacon.registry.common.model.NodeRole;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.protocol.LeaveStage;
import io.beacon.registry.common.protocol.RegistrySwitches;
import io.beacon.registry.common.slot.SlotFunction;
import io.beacon.registry.common.slot.SlotTable;
import io.beacon.registry.common.slot.SlotTableHolder;
import io.beacon.registry.session.admin.SessionAdminRoutes;
import io.beacon.registry.session.admin.SessionDigestEndpoint;
import io.beacon.registry.session.discovery.SessionDirectory;
import io.beacon.registry.session.heartbeat.SessionHeartbeat;
import io.beacon.registry.session.heartbeat.SwitchEffects;
import io.beacon.registry.session.leave.ConnectionDrain;
import io.beacon.registry.session.leave.LeaveControl;
import io.beacon.registry.session.leave.SessionLeave;
import io.beacon.registry.session.push.PushPath;
import io.beacon.registry.session.push.PushSender;
import io.beacon.registry.session.registration.SessionRegistry;
import io.beacon.registry.session.renew.Renewal;
import io.beacon.registry.session.routing.WritePath;
import io.beacon.registry.session.rpc.ClientPort;
import io.beacon.registry.session.rpc.InternalPort;
import io.beacon.registry.session.settings.SessionServerConfig;
import io.beacon.registry.session.switches.SessionSwitches;
import io.beacon.registry.session.trace.PushTracer;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The session server's composition root: wires its parts explicitly (what serves the clients is one
 * {@link ClientPlane}); {@link Lifecycle} starts them in order and closes them in reverse. Its
 * threads are the {@link SessionExecutors}. Metrics go to the {@link MeterRegistry} passed in: the
 * push tracing histograms ({@link PushTracer#METRIC}), also served on the HTTP port. SIGTERM
 * (through the application's {@link #leaveAndClose()}) and {@code PUT /opsapi/v1/leave} start a
 * graceful {@link SessionLeave} ({@link LeaveControl}).
 */
public final class SessionServer implements AutoCloseable {

  private static final Duration SWEEP_INTERVAL = Duration.ofSeconds(5);

  private final SessionServerConfig config;
  private final String host;
  private final ProcessId processId;
  private final MeterRegistry meters;
  private final Lifecycle lifecycle = new Lifecycle("session");
  private final Readiness readiness = new Readiness(this::notReadyReasonNow);
  private final SlotTableHolder tables;
  private final SessionRegistry registry;
  private final SessionSwitches switches = new SessionSwitches();
  private final ClientPlane clients;
  private final InternalPort internalPort;
  private final AdminHttpServer http;
  private final MetaHeartbeater heartbeater;
  private final LeaveControl leave;

  public SessionServer(
      SessionServerConfig config,
      InstantSource clock,
      MeterRegistry meters,
      Colocation colocation) {
    this.config = config;
    this.meters = meters;
    this.host = NetworkAddresses.advertised(config.advertisedHost(), config.bindHost());
    this.processId = ProcessId.create(host, clock.millis());
    SessionExecutors executors = SessionExecutors.create(lifecycle, config.rpcThreads());
    ScheduledExecutorService scheduler = executors.scheduler();

    registry = new SessionRegistry(colocation.publishers(), new SlotFunction(config.slotCount()));
    tables = new SlotTableHolder(config.slotCount());
    clients =
        ClientPlane.create(
            config,
            executors,
            colocation,
            clock,
            meters,
            registry,
            tables,
            switches,
            processId,
            this::address);
    ClientPort clientPort = clients.port();
    Renewal renewal = clients.renewal();
    PushTracer tracer = clients.tracer();
    PushPath push = clients.push();
    WritePath write = clients.write();
    SessionDirectory directory = new SessionDirectory(this::self);
    SwitchEffects effects = clientPort.switchEffects();
    heartbeater =
        new MetaHeartbeater(
            config.metaAddresses(),
            clients.dataClient(),
            new SessionHeartbeat(
                this::self, tables, switches, effects, directory, readiness, this::leaveStage),
            config.heartbeatInterval(),
            scheduler,
            clock,
            config.metaReachability(clock));
    internalPort =
        new InternalPort(
            config,
            executors.internalRpc(),
            executors.callbacks(),
            colocation.routes(),
            host,
            push.scheduler(),
            renewal.syncs(),
            heartbeater,
            effects,
            directory);
    http =
        new AdminHttpServer("session-http", config.bindHost(), config.httpPort(), executors.http());
    new SessionAdminRoutes(
            directory,
            registry,
            tables,
            readiness::notReadyReason,
            config.dataCenter(),
            switches::current,
            tracer)
        .install(http);
    new SessionDigestEndpoint(
            renewal.renewer(), tables, processId, this::address, write.writer()::pendingCount)
        .install(http);
    tables.onRefreshRequested(heartbeater::triggerNow);
    leave = new LeaveControl(config, clientPort, directory, heartbeater, http, lifecycle, clock);

    lifecycle
        .closing("data client", clients.dataClient()::close)
        .part("client port", clientPort)
        .part("internal port", internalPort)
        .part("http", http)
        .part("meta heartbeat", heartbeater)
        .every("connection sweep", scheduler, SWEEP_INTERVAL, clientPort::sweep)
        .every("push trace expiry", scheduler, SWEEP_INTERVAL, tracer::expire)
        .every("switch recheck", scheduler, SWEEP_INTERVAL, effects::recheck)
        .every("renew", scheduler, config.renewInterval(), renewal.renewer()::renew)
        .every("push version scan", scheduler, config.pushScanInterval(), push.antiEntropy()::scan)
        .every("config push scan", scheduler, config.pushScanInterval(), push.configs()::scan)
        .every("leave", scheduler, ConnectionDrain.STEP, leave::step);
  }

  public void start() {
    lifecycle.start(
        () -> "processId=" + processId + " client=" + clientAddress() + " at=" + address());
  }

  /** Returns false if the session was not ready within {@code timeout}. */
  public boolean awaitReady(Duration timeout) {
    return readiness.await(timeout);
  }

  public String notReadyReason() {
    return readiness.notReadyReason();
  }

  private String notReadyReasonNow() {
    return SessionHeartbeat.notReadyReason(lifecycle.isRunning(), heartbeater, tables.current());
  }

  /** This session as meta lists it. */
  private NodeInfo self() {
    return new NodeInfo(
        NodeRole.SESSION,
        address(),
        clientAddress(),
        host + ":" + http.port(),
        processId,
        config.dataCenter(),
        config.zone());
  }

  public int clientPort() {
    return clients.port().port();
  }

  public int internalPort() {
    return internalPort.port();
  }

  public int httpPort() {
    return http.port();
  }

  /** {@code host:internalPort}, this session's identity among servers. */
  public String address() {
    return internalPort.address();
  }

  public String clientAddress() {
    return host + ":" + clients.port().port();
  }

  public ProcessId processId() {
    return processId;
  }

  public SessionRegistry registry() {
    return registry;
  }

  public RegistrySwitches switches() {
    return switches.current();
  }

  public String metaLeader() {
    return heartbeater.leader();
  }

  public SlotTable slotTable() {
    return tables.current();
  }

  public MeterRegistry meterRegistry() {
    return meters;
  }

  public PushSender pushSender() {
    return clients.push().sender();
  }

  /**
   * This server's graceful leave: {@code leaving().begin()} starts it (idempotent, never blocks),
   * {@code leaving().left()} completes when it is done; the server is still open then, and the
   * caller closes it (the application exits).
   */
  public SessionLeave leaving() {
    return leave.leave();
  }

  private LeaveStage leaveStage() {
    return leave == null ? LeaveStage.STAYING : leave.stage();
  }

  /** What SIGTERM does: {@link LeaveControl#beforeClose()}, then {@link #close()}. */
  public void leaveAndClose() {
    leave.beforeClose();
    close();
  }

  /** Closes at once: clients move elsewhere, what they leave here expires with the lease. */
  @Override
  public void close() {
    lifecycle.close();
  }
}
