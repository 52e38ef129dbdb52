package io.beacon.registry.session;

import com.alipay.sofa.registry.core.model.ConfiguratorRegister;
import com.alipay.sofa.registry.core.model.PublisherRegister;
import com.alipay.sofa.registry.core.model.SubscriberRegister;
import com.alipay.sofa.registry.core.model.SyncConfigRequest;
import io.beacon.registry.common.concurrent.Threads;
import io.beacon.registry.common.heartbeat.MetaHeartbeater;
import io.beacon.registry.common.http.AdminHttpServer;
import io.beacon.registry.common.http.NetworkAddresses;
import io.beacon.registry.common.model.NodeInfo;
import io.beacon.registry.common.model.NodeRole;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.protocol.DataChangeNotice;
import io.beacon.registry.common.protocol.HeartbeatResponse;
import io.beacon.registry.common.retry.Backoff;
import io.beacon.registry.common.rpc.RpcClient;
import io.beacon.registry.common.rpc.RpcServer;
import io.beacon.registry.common.slot.SlotFunction;
import io.beacon.registry.common.slot.SlotTableHolder;
import io.beacon.registry.session.admin.SessionAdminRoutes;
import io.beacon.registry.session.connection.ClientConnections;
import io.beacon.registry.session.connection.ClientOff;
import io.beacon.registry.session.discovery.SessionDirectory;
import io.beacon.registry.session.push.PushScheduler;
import io.beacon.registry.session.push.PushSender;
import io.beacon.registry.session.push.ReceivedDataFactory;
import io.beacon.registry.session.registration.RegistrationValidator;
import io.beacon.registry.session.registration.SessionRegistry;
import io.beacon.registry.session.routing.DataWriter;
import io.beacon.registry.session.routing.DatumFetcher;
import io.beacon.registry.session.rpc.ConfiguratorRegisterHandler;
import io.beacon.registry.session.rpc.DataChangeNoticeHandler;
import io.beacon.registry.session.rpc.PublisherRegisterHandler;
import io.beacon.registry.session.rpc.SubscriberRegisterHandler;
import io.beacon.registry.session.rpc.SyncConfigHandler;
import java.time.Duration;
import java.time.InstantSource;
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
 * session-scheduler} runs the meta heartbeat, retries and the connection sweep; {@code
 * session-http} serves HTTP.
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

  private final SlotTableHolder tables;
  private final SessionRegistry registry = new SessionRegistry();
  private final RpcClient dataClient;
  private final RpcServer clientServer;
  private final RpcServer internalServer;
  private final AdminHttpServer http;
  private final ClientConnections connections;
  private final DataWriter writer;
  private final PushSender sender;
  private final PushScheduler pushes;
  private final ClientOff clientOff;

  private volatile MetaHeartbeater heartbeater;
  private volatile SessionDirectory directory;
  private volatile boolean started;

  public SessionServer(SessionServerConfig config, InstantSource clock) {
    this.config = config;
    this.clock = clock;
    this.host = NetworkAddresses.advertised(config.advertisedHost(), config.bindHost());
    this.processId = ProcessId.create(host, clock.millis());

    clientRpcExecutor = Threads.bounded("session-client-rpc", config.rpcThreads(), 100_000);
    internalRpcExecutor = Threads.bounded("session-internal-rpc", 2, 100_000);
    callbackExecutor = Threads.bounded("session-callback", 4, 100_000);
    callbackExecutor.setRejectedExecutionHandler(new ThreadPoolExecutor.CallerRunsPolicy());
    httpExecutor = Threads.bounded("session-http", 2, 1_000);
    scheduler = Threads.scheduled("session-scheduler", 2);

    SlotFunction slotFunction = new SlotFunction(config.slotCount());
    tables = new SlotTableHolder(config.slotCount());
    Backoff backoff = new Backoff(config.retryBackoffMin(), config.retryBackoffMax());
    Runnable refreshTable =
        () -> {
          MetaHeartbeater current = heartbeater;
          if (current != null) {
            current.triggerNow();
          }
        };

    dataClient = new RpcClient(1, Duration.ofSeconds(1), callbackExecutor);
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
    sender =
        new PushSender(
            connections,
            new ReceivedDataFactory(config.dataCenter()),
            config.pushTimeout(),
            config.pushRetries(),
            backoff,
            scheduler);
    pushes = new PushScheduler(registry, fetcher, sender, backoff, scheduler);
    clientOff = new ClientOff(registry, writer, sender, pushes, processId);
    clientOffRef[0] = clientOff;
    // Off the heartbeat's callback thread: kicking the queues may connect to new leaders.
    tables.addListener(
        table ->
            scheduler.execute(
                () -> {
                  writer.onTableChanged();
                  pushes.onTableChanged();
                }));

    RegistrationValidator validator = new RegistrationValidator(config.limits());
    clientServer =
        new RpcServer("session-client", config.bindHost(), config.clientPort(), callbackExecutor);
    clientServer.addConnectionListener(connections);
    clientServer.register(
        PublisherRegister.class,
        clientRpcExecutor,
        new PublisherRegisterHandler(validator, registry, connections, writer, processId, clock));
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

    http = new AdminHttpServer("session-http", config.bindHost(), config.httpPort(), httpExecutor);
  }

  public void start() {
    clientServer.start();
    internalServer.start();
    http.start();
    NodeInfo self =
        new NodeInfo(
            NodeRole.SESSION,
            host + ":" + internalServer.port(),
            host + ":" + clientServer.port(),
            host + ":" + http.port(),
            processId,
            config.dataCenter(),
            config.zone());
    directory = new SessionDirectory(self);
    new SessionAdminRoutes(directory, registry, tables, this::notReadyReason, config.dataCenter())
        .install(http);
    heartbeater =
        new MetaHeartbeater(
            config.metaAddresses(),
            dataClient,
            self,
            () -> tables.current().epoch(),
            this::onHeartbeat,
            config.heartbeatInterval(),
            scheduler,
            clock);
    heartbeater.start();
    scheduler.scheduleWithFixedDelay(
        this::sweep, SWEEP_INTERVAL.toMillis(), SWEEP_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    started = true;
    log.info(
        "session server started processId={} client={} internal={} http={} meta={}",
        processId,
        self.clientAddress(),
        self.address(),
        self.httpAddress(),
        config.metaAddresses());
  }

  private void onHeartbeat(HeartbeatResponse response) {
    if (tables.update(response.slotTable())) {
      log.info("slot table updated node=session epoch={}", tables.current().epoch());
    }
    directory.update(response.sessions());
    if (!ready.isDone() && notReadyReason() == null) {
      ready.complete(null);
    }
  }

  private void sweep() {
    try {
      clientOff.sweep(connections);
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

  /** {@code host:internalPort}, this session's identity among servers. */
  public String address() {
    return host + ":" + internalServer.port();
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

  public int pendingWrites() {
    return writer.pendingCount();
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
    clientServer.close();
    internalServer.close();
    dataClient.close();
    Duration grace = Duration.ofSeconds(2);
    Threads.shutdown(scheduler, grace);
    Threads.shutdown(httpExecutor, grace);
    Threads.shutdown(clientRpcExecutor, grace);
    Threads.shutdown(internalRpcExecutor, grace);
    Threads.shutdown(callbackExecutor, grace);
    heartbeater = null;
    log.info("session server closed processId={}", processId);
  }
}
