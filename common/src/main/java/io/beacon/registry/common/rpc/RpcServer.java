package io.beacon.registry.common.rpc;

import com.alipay.remoting.BizContext;
import com.alipay.remoting.Connection;
import com.alipay.remoting.ConnectionEventType;
import com.alipay.remoting.ExtendedNettyChannelHandler;
import com.alipay.remoting.config.BoltGenericOption;
import com.alipay.remoting.config.BoltServerOption;
import com.alipay.remoting.rpc.protocol.AsyncUserProcessor;
import io.beacon.registry.common.lifecycle.Startable;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Bolt server: one port, one handler per request class, connection events, and calls back to the
 * connected peers. Requests are decoded by {@link HessianCodec}, so a frame naming a class outside
 * the allowlist, or a malformed body, is answered with an error and never reaches a handler.
 *
 * <p>Threads: Bolt's I/O threads decode frames and hand each request to the executor given at
 * {@link #register}, where a handler may block briefly but should not; a handler registered with
 * {@link #ON_IO_THREAD} runs on the I/O thread itself and must never block. Connection events
 * arrive on Bolt's event thread; writability changes on the connection's I/O thread. Lifecycle:
 * register handlers and listeners (and set the watermark), then {@link #start()}, then {@link
 * #close()}.
 *
 * <p>Backpressure: each accepted connection's outbound buffer has a low and a high watermark
 * (Bolt's defaults, 32 and 64 KiB, unless {@link #writeBufferWatermark} says otherwise). Bolt keeps
 * writing above the high one; callers that must not grow memory for a peer that stops reading check
 * {@link RpcConnection#isWritable()} and wait for {@link ConnectionListener#onWritabilityChanged}.
 */
public final class RpcServer implements Startable {

  private static final Logger log = LoggerFactory.getLogger(RpcServer.class);

  static {
    HessianCodec.install();
  }

  private final String name;
  private final com.alipay.remoting.rpc.RpcServer bolt;
  private final Executor callbackExecutor;
  private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();
  private final Map<Class<?>, Processor<?>> processors = new ConcurrentHashMap<>();
  private final RpcConnection inProcessCaller;
  private volatile boolean started;
  private volatile boolean refusing;

  /**
   * @param name for logs
   * @param bindHost the address to listen on
   * @param port the port, or 0 for a free one
   * @param callbackExecutor where answers to {@link RpcConnection#invoke} are completed
   */
  public RpcServer(String name, String bindHost, int port, Executor callbackExecutor) {
    this.name = name;
    this.callbackExecutor = callbackExecutor;
    this.inProcessCaller = RpcConnection.inProcess(name);
    this.bolt = new com.alipay.remoting.rpc.RpcServer(bindHost, port, true);
    bolt.addConnectionEventProcessor(
        ConnectionEventType.CONNECT, (address, connection) -> fire(connection, true));
    bolt.addConnectionEventProcessor(
        ConnectionEventType.CLOSE, (address, connection) -> fire(connection, false));
    ChannelHandler writability = new WritabilityHandler();
    ChannelHandler refusal = new RefusalHandler();
    bolt.option(
        BoltGenericOption.EXTENDED_NETTY_CHANNEL_HANDLER,
        new ExtendedNettyChannelHandler() {
          @Override
          public List<ChannelHandler> frontChannelHandlers() {
            return List.of(refusal, writability);
          }

          @Override
          public List<ChannelHandler> backChannelHandlers() {
            return List.of();
          }
        });
  }

  /**
   * Sets the outbound buffer watermarks of every connection accepted from now on: a connection is
   * unwritable above {@code highBytes} until it drains below {@code lowBytes}. Call before {@link
   * #start()}.
   */
  public void writeBufferWatermark(int lowBytes, int highBytes) {
    if (lowBytes <= 0 || highBytes < lowBytes) {
      throw new IllegalArgumentException(
          "writeBufferWatermark: " + lowBytes + ".." + highBytes + " (expected: 0 < low <= high)");
    }
    bolt.option(BoltServerOption.NETTY_BUFFER_LOW_WATER_MARK, lowBytes);
    bolt.option(BoltServerOption.NETTY_BUFFER_HIGH_WATER_MARK, highBytes);
  }

  /**
   * Sets the kernel send buffer (SO_SNDBUF) of every connection accepted from now on; by default
   * the OS sizes it. A small one makes a peer that stops reading reach the write-buffer watermark
   * sooner. Call before {@link #start()}.
   */
  public void socketSendBufferBytes(int bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("socketSendBufferBytes: " + bytes + " (expected: > 0)");
    }
    bolt.option(BoltGenericOption.TCP_SO_SNDBUF, bytes);
  }

  /**
   * The executor that runs a handler on the Bolt I/O thread which read its request (decoding
   * included), for handlers that never block and cost less than a hand-off to another thread. Its
   * requests are handled in the order they arrive on their connection. An in-process call to such a
   * handler runs on the calling thread.
   */
  public static final Executor ON_IO_THREAD = Runnable::run;

  /** Handles requests of {@code type} with {@code handler} on {@code executor}. */
  public <T> void register(Class<T> type, Executor executor, RpcHandler<T> handler) {
    Processor<T> processor = new Processor<>(type, executor, handler);
    bolt.registerUserProcessor(processor);
    processors.put(type, processor);
  }

  /**
   * Handles {@code request} as if it had arrived over a connection (see {@link InProcessRoutes}):
   * on the executor its handler was registered with, its caller being {@link
   * RpcConnection#inProcess}. Completes with the handler's answer, or with an {@link RpcException}:
   * UNREACHABLE when this server is not started, REMOTE when no handler takes the request's class,
   * the executor is full or the handler failed. Never blocks.
   */
  CompletableFuture<Object> callInProcess(Object request) {
    CompletableFuture<Object> result = new CompletableFuture<>();
    if (!isStarted()) {
      result.completeExceptionally(
          new RpcException(RpcException.Kind.UNREACHABLE, name + " is not started", null));
      return result;
    }
    Processor<?> processor = request == null ? null : processors.get(request.getClass());
    if (processor == null) {
      result.completeExceptionally(
          new RpcException(
              RpcException.Kind.REMOTE,
              name
                  + " handles no "
                  + (request == null ? "null" : request.getClass().getName())
                  + " request",
              null));
      return result;
    }
    processor.handleInProcess(
        request,
        (response, error) -> {
          Throwable cause = error == null ? null : RpcClient.unwrap(error);
          if (cause == null) {
            result.complete(response);
          } else {
            // Over Bolt any failure of the handler reaches the caller as an error answer.
            result.completeExceptionally(
                cause instanceof RpcException rpc && rpc.kind() == RpcException.Kind.REMOTE
                    ? rpc
                    : new RpcException(
                        RpcException.Kind.REMOTE, name + ": " + cause.getMessage(), cause));
          }
        });
    return result;
  }

  public void addConnectionListener(ConnectionListener listener) {
    listeners.add(listener);
  }

  @Override
  public void start() {
    try {
      bolt.startup();
    } catch (RuntimeException e) {
      throw new IllegalStateException(name + ": cannot listen on port " + bolt.port(), e);
    }
    started = true;
    log.info("rpc server started name={} port={}", name, bolt.port());
  }

  /** The port listened on (the real one once started with port 0). */
  public int port() {
    return bolt.port();
  }

  /**
   * From now on every new connection is closed as soon as it is accepted, on its I/O thread before
   * it can read a frame; connections open now are not touched. For a server that is leaving: its
   * clients reconnect elsewhere. Irreversible.
   */
  public void refuseNewConnections() {
    refusing = true;
  }

  public boolean isStarted() {
    return started && bolt.isStarted();
  }

  @Override
  public void close() {
    if (started) {
      started = false;
      bolt.shutdown();
    }
  }

  RpcConnection connectionOf(Connection connection) {
    Object existing = connection.getAttribute(RpcConnection.ATTRIBUTE);
    if (existing != null) {
      return (RpcConnection) existing;
    }
    RpcConnection created = new RpcConnection(connection, bolt, callbackExecutor);
    Object raced = connection.setAttributeIfAbsent(RpcConnection.ATTRIBUTE, created);
    return raced == null ? created : (RpcConnection) raced;
  }

  private void fire(Connection connection, boolean open) {
    if (connection == null) {
      return;
    }
    RpcConnection rpcConnection = connectionOf(connection);
    for (ConnectionListener listener : listeners) {
      try {
        if (open) {
          listener.onOpen(rpcConnection);
        } else {
          listener.onClose(rpcConnection);
        }
      } catch (Throwable t) {
        log.warn("connection listener failed server={} connection={}", name, rpcConnection, t);
      }
    }
  }

  private void fireWritability(Connection connection, boolean writable) {
    RpcConnection rpcConnection = connectionOf(connection);
    for (ConnectionListener listener : listeners) {
      try {
        listener.onWritabilityChanged(rpcConnection, writable);
      } catch (Throwable t) {
        log.warn("writability listener failed server={} connection={}", name, rpcConnection, t);
      }
    }
  }

  /** Tells the listeners when a connection's outbound buffer crosses a watermark. Shared. */
  @ChannelHandler.Sharable
  private final class WritabilityHandler extends ChannelInboundHandlerAdapter {

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) {
      Connection connection = context.channel().attr(Connection.CONNECTION).get();
      if (connection != null) {
        fireWritability(connection, context.channel().isWritable());
      }
      context.fireChannelWritabilityChanged();
    }
  }

  /** Closes each connection accepted after {@link #refuseNewConnections()}. Shared. */
  @ChannelHandler.Sharable
  private final class RefusalHandler extends ChannelInboundHandlerAdapter {

    @Override
    public void channelActive(ChannelHandlerContext context) {
      if (refusing) {
        context.channel().config().setAutoRead(false);
        var unused = context.close();
      }
      context.fireChannelActive();
    }
  }

  /** Adapts one {@link RpcHandler} to Bolt. */
  private final class Processor<T> extends AsyncUserProcessor<T> {

    private final Class<T> type;
    private final Executor executor;
    private final RpcHandler<T> handler;

    Processor(Class<T> type, Executor executor, RpcHandler<T> handler) {
      this.type = type;
      this.executor = executor;
      this.handler = handler;
    }

    @Override
    public void handleRequest(
        BizContext context, com.alipay.remoting.AsyncContext async, T request) {
      handle(
          request,
          connectionOf(context.getConnection()),
          (response, error) -> {
            if (error != null) {
              async.sendException(error);
            } else {
              async.sendResponse(response);
            }
          });
    }

    /** The in-process path: the same handling, handed to this processor's executor first. */
    void handleInProcess(Object request, BiConsumer<Object, Throwable> answer) {
      try {
        executor.execute(() -> handle(request, inProcessCaller, answer));
      } catch (RejectedExecutionException e) {
        answer.accept(
            null,
            new RpcException(
                RpcException.Kind.REMOTE,
                name + " is busy: " + type.getSimpleName() + " refused by its executor",
                e));
      }
    }

    /** Runs the handler; {@code answer} gets its response or its failure, once. */
    private void handle(
        Object request, RpcConnection connection, BiConsumer<Object, Throwable> answer) {
      Object response;
      try {
        if (!type.isInstance(request)) {
          throw new IllegalArgumentException("expected " + type.getName());
        }
        response = handler.handle(type.cast(request), connection);
      } catch (Throwable t) {
        log.warn(
            "request failed server={} type={} peer={}", name, type.getSimpleName(), connection, t);
        answer.accept(null, t);
        return;
      }
      if (response instanceof CompletionStage<?> stage) {
        stage.whenComplete(
            (value, error) -> {
              if (error != null) {
                answer.accept(null, error);
              } else {
                answer.accept(value, null);
              }
            });
      } else {
        answer.accept(response, null);
      }
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
