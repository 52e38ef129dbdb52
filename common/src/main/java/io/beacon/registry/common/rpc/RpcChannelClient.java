package io.beacon.registry.common.rpc;

import com.alipay.remoting.AsyncContext;
import com.alipay.remoting.BizContext;
import com.alipay.remoting.Connection;
import com.alipay.remoting.ConnectionEventType;
import com.alipay.remoting.rpc.protocol.AsyncUserProcessor;
import com.google.common.net.HostAndPort;
import io.beacon.registry.common.concurrent.Tasks;
import io.beacon.registry.common.concurrent.Threads;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Bolt client for the client SDK: opens {@link RpcChannel}s, duplex connections on which the
 * client calls a session server and the session calls back with pushes, as the official
 * SOFARegistry client's connection does.
 *
 * <p>Each {@link #connect} opens exactly one connection of its own (a Bolt standalone connection:
 * no pool, no warmup, no reconnect; Bolt heartbeats stay on, sessions answer them). Only the push
 * types given at construction are accepted; each gets a Bolt processor whose interest is its class
 * name, and bodies are decoded by {@link HessianCodec}, so a push naming a class outside the
 * allowlist is answered with an error status and never reaches a listener, and the channel goes on.
 *
 * <p>Threads: connecting runs on this client's own {@code <name>-connect} threads (it can take up
 * to the connect timeout); {@code connect}'s future completes there, or on the thread of {@link
 * #close} for connects still queued or running then. Pushes are decoded and handed to the channel's
 * {@link RpcChannel.Listener} on {@code pushExecutor}; a full executor makes Bolt answer the push
 * with a busy status. Answers to calls complete on {@code callbackExecutor}. A channel's close is
 * reported from Bolt's connection event thread, from the {@code <name>-connect} thread when the
 * connection closed before {@code connect}'s future completed, or from the thread of {@link
 * #close}.
 *
 * <p>Ordering: a connection exists before its {@code RpcChannel} does, so a push or a close can
 * arrive first. Each Bolt connection therefore carries a future of its channel; pushes and the
 * close wait on it, and it completes only after {@code connect}'s future, so a listener never hears
 * of a channel its owner has not been given. Thread-safe.
 */
public final class RpcChannelClient implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RpcChannelClient.class);

  /** Bolt connection attribute: the future of the connection's {@link RpcChannel}. */
  private static final String CHANNEL = "beacon.rpc.channel";

  static {
    HessianCodec.install();
  }

  private final String name;
  private final com.alipay.remoting.rpc.RpcClient bolt;
  private final Executor callbackExecutor;
  private final ExecutorService connectExecutor;
  private final Set<RpcChannel> open = ConcurrentHashMap.newKeySet();

  /** Connects not completed yet; {@link #close} fails them. */
  private final Set<PendingConnect> connecting = ConcurrentHashMap.newKeySet();

  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * @param name for logs and thread names
   * @param pushTypes the request classes servers may push on a channel
   * @param callbackExecutor where answers to {@link RpcChannel#invoke} complete
   * @param pushExecutor where pushes are decoded and given to listeners; should be bounded
   */
  public RpcChannelClient(
      String name,
      Collection<Class<?>> pushTypes,
      Executor callbackExecutor,
      Executor pushExecutor) {
    this(
        name, pushTypes, callbackExecutor, pushExecutor, Threads.bounded(name + "-connect", 2, 64));
  }

  /** As the public constructor, connecting on {@code connectExecutor}, which it owns (tests). */
  RpcChannelClient(
      String name,
      Collection<Class<?>> pushTypes,
      Executor callbackExecutor,
      Executor pushExecutor,
      ExecutorService connectExecutor) {
    this.name = name;
    this.callbackExecutor = callbackExecutor;
    this.connectExecutor = connectExecutor;
    this.bolt = new com.alipay.remoting.rpc.RpcClient();
    for (Class<?> type : List.copyOf(pushTypes)) {
      bolt.registerUserProcessor(new PushProcessor<>(type, pushExecutor));
    }
    bolt.addConnectionEventProcessor(
        ConnectionEventType.CLOSE,
        (remoteAddress, connection) -> {
          if (connection != null) {
            reportClosed(connection);
          }
        });
    bolt.startup();
  }

  /**
   * Opens a connection to {@code address} ({@code host:port}). Completes with the open channel, or
   * with an {@link RpcException} of kind {@code UNREACHABLE} if no connection could be made within
   * {@code connectTimeout} (or the client is closed), or an {@link IllegalArgumentException} for a
   * malformed address. Never blocks. Pushes and the close of the channel go to {@code listener}.
   */
  public CompletableFuture<RpcChannel> connect(
      String address, Duration connectTimeout, RpcChannel.Listener listener) {
    CompletableFuture<RpcChannel> result = new CompletableFuture<>();
    HostAndPort target;
    try {
      target = HostAndPort.fromString(address);
      if (!target.hasPort()) {
        throw new IllegalArgumentException("no port");
      }
    } catch (IllegalArgumentException e) {
      result.completeExceptionally(
          new IllegalArgumentException("address: " + address + " (expected: host:port)", e));
      return result;
    }
    PendingConnect pending = new PendingConnect(address, result);
    connecting.add(pending);
    Tasks.whenComplete(result, "connect", (channel, error) -> connecting.remove(pending));
    // Read after the add: a close() that missed this result in its sweep is seen here.
    if (closed.get()) {
      result.completeExceptionally(unreachable(address, "client closed"));
      return result;
    }
    try {
      connectExecutor.execute(() -> open(address, target, connectTimeout, listener, result));
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(
          unreachable(address, closed.get() ? "client closed" : "too many connects in progress"));
    }
    return result;
  }

  /** On {@code <name>-connect}: connects, then hands out the channel, then releases its events. */
  private void open(
      String address,
      HostAndPort target,
      Duration connectTimeout,
      RpcChannel.Listener listener,
      CompletableFuture<RpcChannel> result) {
    Connection connection;
    try {
      connection =
          bolt.createStandaloneConnection(
              target.getHost(), target.getPort(), millis(connectTimeout));
    } catch (Exception e) {
      result.completeExceptionally(RpcClient.translate(e, address));
      return;
    }
    CompletableFuture<RpcChannel> ready = channelOf(connection);
    RpcChannel channel =
        new RpcChannel(address, connection, bolt, callbackExecutor, listener, open::remove);
    open.add(channel);
    // Read after the add: a close() that missed this channel in its sweep is seen here.
    String failure = null;
    if (closed.get()) {
      failure = "client closed";
    } else if (!connection.isFine()) {
      failure = "closed on connect";
    }
    if (failure != null) {
      RpcException error = unreachable(address, failure);
      result.completeExceptionally(error);
      discard(channel, ready, error);
      return;
    }
    if (!result.complete(channel)) {
      // The caller gave up (cancelled, or its own timeout): nobody owns this channel.
      discard(channel, ready, unreachable(address, "connect abandoned by the caller"));
      return;
    }
    log.info(
        "rpc channel open client={} address={} local={}", name, address, channel.localAddress());
    ready.complete(channel);
  }

  /** Closes a channel never handed out; its listener hears nothing, early pushes get an error. */
  private void discard(RpcChannel channel, CompletableFuture<RpcChannel> ready, RpcException why) {
    open.remove(channel);
    ready.completeExceptionally(why);
    channel.close();
  }

  /**
   * Closes every open channel, reporting each close once on the calling thread (Bolt's event thread
   * may not get to it before the client stops), and the client. Connects in progress or still
   * queued fail with {@code UNREACHABLE}, on the calling thread unless their connect thread gets
   * there first. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    // shutdownNow drops queued connects and interrupts running ones: their futures are failed
    // here, or they would never complete.
    connectExecutor.shutdownNow();
    for (PendingConnect pending : List.copyOf(connecting)) {
      pending.result().completeExceptionally(unreachable(pending.address(), "client closed"));
    }
    for (RpcChannel channel : List.copyOf(open)) {
      channel.close();
      // Through the channel's future, so the report still waits for connect's future.
      reportClosed(channel.connection());
    }
    bolt.shutdown();
  }

  private static int millis(Duration duration) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, duration.toMillis()));
  }

  /** Reports the close of {@code connection} to its channel once connect has handed it out. */
  private static void reportClosed(Connection connection) {
    Tasks.whenComplete(
        channelOf(connection),
        "close report",
        (channel, error) -> {
          if (error == null) {
            channel.reportClosed();
          }
        });
  }

  @SuppressWarnings("unchecked")
  private static CompletableFuture<RpcChannel> channelOf(Connection connection) {
    Object existing = connection.getAttribute(CHANNEL);
    if (existing != null) {
      return (CompletableFuture<RpcChannel>) existing;
    }
    CompletableFuture<RpcChannel> created = new CompletableFuture<>();
    Object raced = connection.setAttributeIfAbsent(CHANNEL, created);
    return raced == null ? created : (CompletableFuture<RpcChannel>) raced;
  }

  private static RpcException unreachable(String address, String why) {
    return new RpcException(RpcException.Kind.UNREACHABLE, address + ": " + why, null);
  }

  /** A connect in flight: the address asked for and the future it completes. */
  private record PendingConnect(String address, CompletableFuture<RpcChannel> result) {}

  /** Receives one push type from any channel of this client, on {@code executor}. */
  private static final class PushProcessor<T> extends AsyncUserProcessor<T> {

    private final Class<T> type;
    private final Executor executor;

    PushProcessor(Class<T> type, Executor executor) {
      this.type = type;
      this.executor = executor;
    }

    @Override
    public void handleRequest(BizContext context, AsyncContext async, T push) {
      CompletableFuture<RpcChannel> channel = channelOf(context.getConnection());
      if (channel.isDone() && !channel.isCompletedExceptionally()) {
        channel.join().dispatch(push, async);
        return;
      }
      // The push beat connect's completion: answer it once the channel is handed out.
      Tasks.whenComplete(
          channel,
          "push before connect completed",
          (handedOut, error) -> {
            if (error != null) {
              async.sendException(error);
              return;
            }
            try {
              executor.execute(() -> handedOut.dispatch(push, async));
            } catch (RejectedExecutionException e) {
              async.sendException(e);
            }
          });
    }

    @Override
    public String interest() {
      return type.getName();
    }

    @Override
    public Executor getExecutor() {
      return executor;
    }
  }
}
