package io.beacon.registry.session;

import com.alipay.sofa.registry.core.model.ConfiguratorRegister;
import com.alipay.sofa.registry.core.model.PublisherRegister;
import com.alipay.sofa.registry.core.model.SubscriberRegister;
import com.alipay.sofa.registry.core.model.SyncConfigRequest;
import io.beacon.registry.common.concurrent.Tasks;
import io.beacon.registry.common.concurrent.Threads;
import io.beacon.registry.common.heartbeat.MetaHeartbeater;
import io.beacon.registry.common.http.AdminHttpServer;
import io.beacon.registry.common.http.NetworkAddresses;
import io.beacon.registry.common.model.NodeInfo;
import io.beacon.registry.common.model.NodeRole;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.model.PublisherPool;
import io.beacon.registry.common.protocol.DataChangeNotice;
import io.beacon.registry.common.protocol.HeartbeatRequest;
import io.beacon.registry.common.protocol.HeartbeatResponse;
import io.beacon.registry.common.protocol.SlotDigestRequest;
import io.beacon.registry.common.protocol.SlotPublisherDiffRequest;
import io.beacon.registry.common.retry.Backoff;
import io.beacon.registry.common.rpc.ConnectionListener;
import io.beacon.registry.common.rpc.InProcessRoutes;
import io.beacon.registry.common.rpc.RpcClient;
import io.beacon.registry.common.rpc.RpcConnection;
import io.beacon.registry.common.rpc.RpcServer;
import io.beacon.registry.common.slot.SlotFunction;
import io.beacon.registry.common.slot.SlotTable;
import io.beacon.registry.common.slot.SlotTableHolder;
import io.beacon.registry.session.admin.SessionAdminRoutes;
import io.beacon.registry.session.admin.SessionDigestEndpoint;
import io.beacon.registry.session.connection.ClientConnections;
import io.beacon.registry.session.connection.ClientOff;
import io.beacon.registry.session.discovery.SessionDirectory;
import io.beacon.registry.session.push.PushAntiEntropy;
import io.beacon.registry.session.push.PushScheduler;
import io.beacon.registry.session.push.PushSender;
import io.beacon.registry.session.push.ReceivedDataFactory;
import io.beacon.registry.session.registration.RegistrationValidator;
import io.beacon.registry.session.registration.SessionRegistry;
import io.beacon.registry.session.renew.SessionRenewer;
import io.beacon.registry.session.renew.SlotPublishers;
import io.beacon.registry.session.renew.SlotSyncResponder;
import io.beacon.registry.session.routing.DataWriter;
import io.beacon.registry.session.routing.DatumFetcher;
import io.beacon.registry.session.routing.LeaderChangeResend;
import io.beacon.registry.session.rpc.ConfiguratorRegisterHandler;
import io.beacon.registry.session.rpc.DataChangeNoticeHandler;
import io.beacon.registry.session.rpc.PublisherRegisterHandler;
import io.beacon.registry.session.rpc.SubscriberRegisterHandler;
import io.beacon.registry.session.rpc.SyncConfigHandler;
import io.beacon.registry.session.switches.SessionSwitches;
import io.beacon.registry.session.trace.PushTracer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session server's composition root: wires its parts explicitly, starts them, and closes them
 * in reverse order.
 *
 * <p>Threads: {@code session-client-rpc} runs client requests; {@code session-internal-rpc} runs
 * data servers' change notices; {@code session-callback} completes every RPC answer (pushes,
 * fetches, writes) and falls back to the caller when full, so no answer is ever dropped; {@code
 * session-scheduler} runs the meta heartbeat, the renew to data leaders, retries and the connection
 * sweep; {@code session-table} applies each new slot table (resends to new leaders, kicks waiting
 * retries) in order; {@code session-http} serves HTTP.
 *
 * <p>Metrics go to the {@link MeterRegistry} passed in (a {@link SimpleMeterRegistry} by default):
 * the push tracing histograms ({@link PushTracer#METRIC}), also served on the HTTP port.
 */
public final class SessionServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SessionServer.class);
  private static final Duration SWEEP_INTERVAL = Duration.ofSeconds(5);

  private final SessionServerConfig config;
  private final InstantSource clock;
  private final String host;
  private final ProcessId processId;
  private final CompletableFuture<Void> ready = new CompletableFuture<>();

  private final ThreadPoolExecutor clientRpcExecutor;
  private final ThreadPoolExecutor internalRpcExecutor;
  private final ThreadPoolExecutor callbackExecutor;
  private final ThreadPoolExecutor httpExecutor;
  private final ScheduledExecutorService scheduler;
  private final ThreadPoolExecutor tableExecutor;

  private final SlotTableHolder tables;
  private final SessionRegistry registry;
  private final RpcClient dataClient;
  private final InProcessRoutes routes;
  private final RpcServer clientServer;
  private final RpcServer internalServer;
  private final AdminHttpServer http;
  private final ClientConnections connections;
  private final DataWriter writer;
  private final PushSender sender;
  private final PushScheduler pushes;
  private final ClientOff clientOff;
  private final SessionSwitches switches;
  private final SessionRenewer renewer;
  private final PushAntiEntropy antiEntropy;
  private final MeterRegistry meters;
  private final PushTracer tracer;

  private volatile MetaHeartbeater heartbeater;
  private volatile SessionDirectory directory;
  private volatile boolean started;

  public SessionServer(SessionServerConfig config, InstantSource clock) {
    this(config, clock, new SimpleMeterRegistry());
  }

  /** A session whose metrics go to {@code meters} (owned by the caller, not closed here). */
  public SessionServer(SessionServerConfig config, InstantSource clock, MeterRegistry meters) {
    this(config, clock, meters, PublisherPool.none());
  }

  /**
   * @param publisherPool shares stored publishers with a data server in the same JVM, or {@link
   *     PublisherPool#none()}
   */
  public SessionServer(
      SessionServerConfig config,
      InstantSource clock,
      MeterRegistry meters,
      PublisherPool publisherPool) {
    this(config, clock, meters, publisherPool, InProcessRoutes.none());
  }

  /**
   * @param routes the servers of this JVM called without a socket: this session binds its internal
   *     address there while it runs, and calls the bound ones (the data server of a standalone JVM)
   *     in-process; or {@link InProcessRoutes#none()}
   */
  public SessionServer(
      SessionServerConfig config,
      InstantSource clock,
      MeterRegistry meters,
      PublisherPool publisherPool,
      InProcessRoutes routes) {
    this.config = config;
    this.routes = routes;
    this.registry = new SessionRegistry(publisherPool, new SlotFunction(config.slotCount()));
    this.meters = meters;
    this.clock = clock;
    this.host = NetworkAddresses.advertised(config.advertisedHost(), config.bindHost());
    this.processId = ProcessId.create(host, clock.millis());

    clientRpcExecutor = Threads.bounded("session-client-rpc", config.rpcThreads(), 100_000);
    internalRpcExecutor = Threads.bounded("session-internal-rpc", 2, 100_000);
    callbackExecutor = Threads.bounded("session-callback", 4, 100_000);
    callbackExecutor.setRejectedExecutionHandler(new ThreadPoolExecutor.CallerRunsPolicy());
    httpExecutor = Threads.bounded("session-http", 2, 1_000);
    scheduler = Threads.scheduled("session-scheduler", 2);
    tableExecutor = Threads.bounded("session-table", 1, 1_000);

    tracer = new PushTracer(meters, clock, System::nanoTime, registry::hasSubscribers);
    SlotFunction slotFunction = registry.slotFunction();
    tables = new SlotTableHolder(config.slotCount());
    Backoff backoff = new Backoff(config.retryBackoffMin(), config.retryBackoffMax());
    Runnable refreshTable =
        () -> {
          MetaHeartbeater current = heartbeater;
          if (current != null) {
            current.triggerNow();
          }
        };

    // The overrides apply to data servers only; meta addresses are never keys, so heartbeats on
    // this client go straight to meta.
    dataClient =
        new RpcClient(1, Duration.ofSeconds(1), callbackExecutor, config::dialAddressOf, routes);
    writer =
        new DataWriter(
            slotFunction,
            tables,
            dataClient,
            processId,
            config.dataRpcTimeout(),
            backoff,
            config.maxWriteBatch(),
            scheduler,
            refreshTable);
    DatumFetcher fetcher =
        new DatumFetcher(slotFunction, tables, dataClient, config.dataRpcTimeout(), refreshTable);

    ClientOff[] clientOffRef = new ClientOff[1];
    connections = new ClientConnections(connectId -> clientOffRef[0].clientOff(connectId));
    SessionSwitches[] switchesRef = new SessionSwitches[1];
    sender =
        new PushSender(
            connections,
            new ReceivedDataFactory(config.dataCenter()),
            config.pushTimeout(),
            config.pushRetries(),
            backoff,
            config.pushLimits(),
            scheduler,
            clientIp -> switchesRef[0].current().allowsPushTo(clientIp),
            tracer);
    pushes = new PushScheduler(registry, fetcher, sender, backoff, scheduler, tracer);
    clientOff = new ClientOff(registry, writer, sender, pushes, processId);
    clientOffRef[0] = clientOff;
    switches =
        new SessionSwitches(
            pushes::repushAll,
            ips ->
                log.info(
                    "client-off ips={} publishersRemoved={}",
                    ips,
                    clientOff.clientOffPublishers(ips)),
            ips ->
                ips.forEach(
                    ip ->
                        log.info(
                            "client-open ip={} connectionsClosed={}",
                            ip,
                            connections.closeByIp(ip))));
    switchesRef[0] = switches;
    // Off the heartbeat's callback thread, one table at a time (the single-thread table executor).
    LeaderChangeResend resend = new LeaderChangeResend(registry, writer, slotFunction);
    tables.addListener(
        table ->
            tableExecutor.execute(
                () -> {
                  resend.onTable(table);
                  writer.onTableChanged();
                  pushes.onTableChanged();
                }));

    RegistrationValidator validator = new RegistrationValidator(config.limits());
    clientServer =
        new RpcServer("session-client", config.bindHost(), config.clientPort(), callbackExecutor);
    clientServer.addConnectionListener(connections);
    clientServer.writeBufferWatermark(
        config.pushLimits().writeBufferLowBytes(), config.pushLimits().writeBufferHighBytes());
    if (config.pushLimits().socketSendBufferBytes() > 0) {
      clientServer.socketSendBufferBytes(config.pushLimits().socketSendBufferBytes());
    }
    clientServer.addConnectionListener(
        new ConnectionListener() {
          @Override
          public void onClose(RpcConnection connection) {}

          @Override
          public void onWritabilityChanged(RpcConnection connection, boolean writable) {
            if (writable) {
              // Off the I/O thread: draining builds and serializes frames.
              String connectId = ClientConnections.connectIdOf(connection);
              callbackExecutor.execute(() -> sender.onWritable(connectId));
            }
          }
        });
    // On the Bolt I/O thread that read it: the handler never blocks (short registry and queue
    // locks, writes handed on without waiting), and the executor hand-off plus the cross-thread
    // write of the answer cost more than the registration itself.
    clientServer.register(
        PublisherRegister.class,
        RpcServer.ON_IO_THREAD,
        new PublisherRegisterHandler(
            validator, registry, connections, writer, processId, clock, switches::current, tracer));
    clientServer.register(
        SubscriberRegister.class,
        clientRpcExecutor,
        new SubscriberRegisterHandler(validator, registry, connections, pushes, sender));
    clientServer.register(
        ConfiguratorRegister.class,
        clientRpcExecutor,
        new ConfiguratorRegisterHandler(validator, registry, connections, config.pushTimeout()));
    clientServer.register(
        SyncConfigRequest.class, clientRpcExecutor, new SyncConfigHandler(config.dataCenter()));

    internalServer =
        new RpcServer(
            "session-internal", config.bindHost(), config.internalPort(), callbackExecutor);
    internalServer.register(
        DataChangeNotice.class, internalRpcExecutor, new DataChangeNoticeHandler(pushes));
    SlotPublishers slotPublishers = new SlotPublishers(registry);
    SlotSyncResponder syncResponder = new SlotSyncResponder(slotPublishers, processId);
    internalServer.register(
        SlotDigestRequest.class,
        internalRpcExecutor,
        (request, peer) -> syncResponder.digest(request));
    internalServer.register(
        SlotPublisherDiffRequest.class,
        internalRpcExecutor,
        (request, peer) -> syncResponder.publishers(request));
    antiEntropy =
        new PushAntiEntropy(
            pushes,
            tables,
            slotFunction,
            dataClient,
            config.dataRpcTimeout(),
            () -> switches.current().stopPush());
    renewer =
        new SessionRenewer(
            tables,
            slotPublishers,
            dataClient,
            processId,
            this::address,
            config.dataRpcTimeout(),
            refreshTable);

    http = new AdminHttpServer("session-http", config.bindHost(), config.httpPort(), httpExecutor);
  }

  public void start() {
    clientServer.start();
    internalServer.start();
    routes.bind(address(), internalServer);
    http.start();
    NodeInfo self =
        new NodeInfo(
            NodeRole.SESSION,
            address(),
            host + ":" + clientServer.port(),
            host + ":" + http.port(),
            processId,
            config.dataCenter(),
            config.zone());
    directory = new SessionDirectory(self);
    new SessionAdminRoutes(
            directory,
            registry,
            tables,
            this::notReadyReason,
            config.dataCenter(),
            switches::current,
            tracer)
        .install(http);
    new SessionDigestEndpoint(renewer, tables, processId, this::address, writer::pendingCount)
        .install(http);
    heartbeater =
        new MetaHeartbeater(
            config.metaAddresses(),
            dataClient,
            self,
            () -> heartbeatRequest(self),
            this::onHeartbeat,
            config.heartbeatInterval(),
            scheduler,
            clock);
    heartbeater.start();
    Tasks.scheduleWithFixedDelay(scheduler, "sweep", SWEEP_INTERVAL, SWEEP_INTERVAL, this::sweep);
    Duration renew = config.renewInterval();
    Tasks.scheduleWithFixedDelay(scheduler, "renew", renew, renew, this::renewSafely);
    Duration scan = config.pushScanInterval();
    Tasks.scheduleWithFixedDelay(scheduler, "push version scan", scan, scan, this::scanSafely);
    started = true;
    log.info(
        "session server started processId={} client={} internal={} http={} meta={}",
        processId,
        self.clientAddress(),
        self.address(),
        self.httpAddress(),
        config.metaAddresses());
  }

  private HeartbeatRequest heartbeatRequest(NodeInfo self) {
    SlotTable table = tables.current();
    return new HeartbeatRequest(
        self,
        table.epoch(),
        table.isAssigned() ? table : null,
        switches.current().version(),
        List.of());
  }

  private void onHeartbeat(HeartbeatResponse response) {
    if (tables.update(response.slotTable())) {
      log.info("slot table updated node=session epoch={}", tables.current().epoch());
    }
    switches.update(response.switches());
    directory.update(response.sessions());
    if (!ready.isDone() && notReadyReason() == null) {
      ready.complete(null);
    }
  }

  private void scanSafely() {
    try {
      antiEntropy.scan();
    } catch (Throwable t) {
      log.warn("push version scan failed", t);
    }
  }

  private void renewSafely() {
    try {
      renewer.renew();
    } catch (Throwable t) {
      log.warn("renew round failed", t);
    }
  }

  private void sweep() {
    try {
      clientOff.sweep(connections);
      sender.prune(registerId -> registry.subscriber(registerId) != null);
      tracer.expire();
    } catch (Throwable t) {
      log.warn("connection sweep failed", t);
    }
  }

  /** Null when ready; otherwise why not. */
  public String notReadyReason() {
    if (!started || !clientServer.isStarted() || !internalServer.isStarted() || !http.isStarted()) {
      return "servers not started";
    }
    if (!tables.current().isAssigned()) {
      return "no slot table from meta yet";
    }
    if (!heartbeater.isConnected()) {
      return "no recent heartbeat answer from meta";
    }
    return null;
  }

  public boolean isReady() {
    return notReadyReason() == null;
  }

  /** Waits until the session is ready; returns false if {@code timeout} passed first. */
  public boolean awaitReady(Duration timeout) {
    try {
      ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  public int clientPort() {
    return clientServer.port();
  }

  public int internalPort() {
    return internalServer.port();
  }

  public int httpPort() {
    return http.port();
  }

  /**
   * {@code host:internalPort}, this session's identity among servers: what meta lists and what
   * renews carry, so data servers call it there (the advertised internal port if one is set).
   */
  public String address() {
    return host + ":" + config.advertisedInternalPort(internalServer.port());
  }

  public String clientAddress() {
    return host + ":" + clientServer.port();
  }

  public ProcessId processId() {
    return processId;
  }

  public SessionRegistry registry() {
    return registry;
  }

  /** The switches this session acts on (as meta last sent them). */
  public io.beacon.registry.common.protocol.RegistrySwitches switches() {
    return switches.current();
  }

  /** The meta server this session's heartbeats go to now, or null. */
  public String metaLeader() {
    MetaHeartbeater beat = heartbeater;
    return beat == null ? null : beat.leader();
  }

  /** The slot table this session routes by. */
  public io.beacon.registry.common.slot.SlotTable slotTable() {
    return tables.current();
  }

  public int pendingWrites() {
    return writer.pendingCount();
  }

  /**
   * Bytes buffered for client connections and not yet taken by their sockets (Netty's outbound
   * buffers of the client port): what clients that do not read cost this process. Bounded per
   * connection by the push write-buffer watermark (see {@code PushLimits}).
   */
  public long clientPendingWriteBytes() {
    return connections.pendingWriteBytes();
  }

  /** Where this session's metrics go (the push tracing histograms). */
  public MeterRegistry meterRegistry() {
    return meters;
  }

  /** Push tracing: per-stage latency and the slowest recent pushes. */
  public PushTracer pushTracer() {
    return tracer;
  }

  /** The push sender's counters and per-connection state, for tests and metrics. */
  public PushSender pushSender() {
    return sender;
  }

  @Override
  public synchronized void close() {
    if (!started && heartbeater == null) {
      return;
    }
    started = false;
    MetaHeartbeater beat = heartbeater;
    if (beat != null) {
      beat.close();
    }
    http.close();
    clientOff.serverClosing();
    clientServer.close();
    routes.unbind(address(), internalServer);
    internalServer.close();
    dataClient.close();
    Duration grace = Duration.ofSeconds(2);
    Threads.shutdown(scheduler, grace);
    Threads.shutdown(tableExecutor, grace);
    Threads.shutdown(httpExecutor, grace);
    Threads.shutdown(clientRpcExecutor, grace);
    Threads.shutdown(internalRpcExecutor, grace);
    Threads.shutdown(callbackExecutor, grace);
    heartbeater = null;
    log.info("session server closed processId={}", processId);
  }
}
