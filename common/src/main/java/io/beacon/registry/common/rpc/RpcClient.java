package io.beacon.registry.common.rpc;

import com.alipay.remoting.Connection;
import com.alipay.remoting.ConnectionManager;
import com.alipay.remoting.Url;
import com.alipay.remoting.exception.CodecException;
import com.alipay.remoting.exception.ConnectionClosedException;
import com.alipay.remoting.exception.RemotingException;
import com.alipay.remoting.rpc.exception.InvokeTimeoutException;
import io.beacon.registry.common.concurrent.Tasks;
import io.beacon.registry.common.concurrent.Threads;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/**
 * A Bolt client for calls between servers. Keeps {@code connectionsPerAddress} pooled connections
 * per peer address ({@code host:port}), created on first use.
 *
 * <p>Threads: {@link #invoke} never blocks its caller: a call to a peer with an open connection is
 * written at once, a call that must connect first is handed to this client's own {@code
 * rpc-connect} threads (connecting can take up to the connect timeout). Answers complete on {@code
 * callbackExecutor}, never on a Bolt I/O thread. A pool left without a usable connection is dropped
 * before the next connect (see {@link #connectAndSend}). Thread-safe.
 *
 * <p>Callers name peers by their logical address (as in the slot table or meta's node list); an
 * optional {@code dialAddress} translation says where to connect for that address instead (e.g. a
 * proxy in a fault test). Errors and {@link #closeConnections} keep using the logical address.
 *
 * <p>A logical address bound in the client's {@link InProcessRoutes} (a server of this JVM) is
 * called without a socket: the server's handler runs on its own executor and the answer completes
 * on {@code callbackExecutor}, bounded by the same timeout.
 */
public final class RpcClient implements AutoCloseable {

  static {
    HessianCodec.install();
  }

  private final com.alipay.remoting.rpc.RpcClient bolt;
  private final int connectionsPerAddress;
  private final Duration connectTimeout;
  private final Executor callbackExecutor;
  private final UnaryOperator<String> dialAddress;
  private final InProcessRoutes routes;
  private final Map<String, Url> urls = new ConcurrentHashMap<>();
  private final ThreadPoolExecutor connectExecutor = Threads.bounded("rpc-connect", 2, 100_000);

  public RpcClient(int connectionsPerAddress, Duration connectTimeout, Executor callbackExecutor) {
    this(connectionsPerAddress, connectTimeout, callbackExecutor, UnaryOperator.identity());
  }

  /** A client that calls the servers bound in {@code routes} in-process. */
  public RpcClient(
      int connectionsPerAddress,
      Duration connectTimeout,
      Executor callbackExecutor,
      InProcessRoutes routes) {
    this(connectionsPerAddress, connectTimeout, callbackExecutor, UnaryOperator.identity(), routes);
  }

  /**
   * @param dialAddress maps a peer's logical {@code host:port} to the {@code host:port} to connect
   *     to; must be a pure function (its result per address is cached)
   */
  public RpcClient(
      int connectionsPerAddress,
      Duration connectTimeout,
      Executor callbackExecutor,
      UnaryOperator<String> dialAddress) {
    this(
        connectionsPerAddress,
        connectTimeout,
        callbackExecutor,
        dialAddress,
        InProcessRoutes.none());
  }

  /**
   * @param dialAddress as above; an address bound in {@code routes} is never dialled
   * @param routes the servers of this JVM to call in-process, or {@link InProcessRoutes#none()}
   */
  public RpcClient(
      int connectionsPerAddress,
      Duration connectTimeout,
      Executor callbackExecutor,
      UnaryOperator<String> dialAddress,
      InProcessRoutes routes) {
    this.routes = routes;
    this.dialAddress = dialAddress;
    this.connectionsPerAddress = connectionsPerAddress;
    this.connectTimeout = connectTimeout;
    this.callbackExecutor = callbackExecutor;
    this.bolt = new com.alipay.remoting.rpc.RpcClient();
    bolt.startup();
  }

  /** Calls {@code address} and completes with the answer or an {@link RpcException}. */
  public CompletableFuture<Object> invoke(String address, Object request, Duration timeout) {
    CompletableFuture<Object> result = new CompletableFuture<>();
    RpcServer local = routes.route(address);
    if (local != null) {
      callInProcess(local, address, request, timeout, result);
      return result;
    }
    Url url;
    try {
      url = urlOf(address);
    } catch (RuntimeException e) {
      result.completeExceptionally(translate(e, address));
      return result;
    }
    Connection live = liveConnection(url);
    if (live != null) {
      send(live, address, request, timeout, result);
    } else {
      try {
        connectExecutor.execute(() -> connectAndSend(url, address, request, timeout, result));
      } catch (RejectedExecutionException e) {
        result.completeExceptionally(translate(e, address));
      }
    }
    return result;
  }

  /**
   * The pooled connection to {@code url} if it is usable, without creating one (Bolt's lookup does
   * not wait for a pool being created).
   */
  private Connection liveConnection(Url url) {
    Connection connection = bolt.getConnectionManager().get(url.getUniqueKey());
    return connection != null && connection.isFine() ? connection : null;
  }

  /**
   * The connect path, on {@code rpc-connect}: serialized per address, so that dropping an unusable
   * pool never races with another thread creating one.
   *
   * <p>Bolt can keep a pool that holds no usable connection for good: when a peer resets a
   * connection right as Bolt creates it (an accept-then-reset during a network cut), the pool may
   * end up empty or holding the dead connection while Bolt still considers the pool created, and
   * every later call fails with "Connection is null" without ever connecting again. Such a pool is
   * dropped here before connecting, so the call creates a fresh one.
   */
  private void connectAndSend(
      Url url, String address, Object request, Duration timeout, CompletableFuture<Object> result) {
    synchronized (url) {
      try {
        dropUnusablePool(url);
      } catch (RuntimeException e) {
        result.completeExceptionally(translate(e, address));
        return;
      }
      send(url, address, request, timeout, result);
    }
  }

  private void dropUnusablePool(Url url) {
    ConnectionManager connections = bolt.getConnectionManager();
    String key = url.getUniqueKey();
    if (connections.getAll(key).stream().noneMatch(Connection::isFine)) {
      connections.remove(key);
    }
  }

  /**
   * Sends over {@code connection} as it is: a connection that closed since it was looked up fails
   * the call, it never makes this thread connect (callers may be Bolt I/O threads).
   */
  private void send(
      Connection connection,
      String address,
      Object request,
      Duration timeout,
      CompletableFuture<Object> result) {
    try {
      bolt.invokeWithCallback(
          connection, request, callbackOf(result, address), (int) timeout.toMillis());
    } catch (Exception e) {
      result.completeExceptionally(translate(e, address));
    }
  }

  /** Sends to {@code url}, connecting first if its pool has no connection: rpc-connect only. */
  private void send(
      Url url, String address, Object request, Duration timeout, CompletableFuture<Object> result) {
    try {
      bolt.invokeWithCallback(
          url, request, null, callbackOf(result, address), (int) timeout.toMillis());
    } catch (Exception e) {
      result.completeExceptionally(translate(e, address));
    }
  }

  private com.alipay.remoting.InvokeCallback callbackOf(
      CompletableFuture<Object> result, String address) {
    return new com.alipay.remoting.InvokeCallback() {
      @Override
      public void onResponse(Object response) {
        result.complete(response);
      }

      @Override
      public void onException(Throwable e) {
        result.completeExceptionally(translate(e, address));
      }

      @Override
      public Executor getExecutor() {
        return callbackExecutor;
      }
    };
  }

  private void callInProcess(
      RpcServer server,
      String address,
      Object request,
      Duration timeout,
      CompletableFuture<Object> result) {
    Tasks.whenComplete(
        server.callInProcess(request).orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS),
        "in-process answer",
        (response, error) -> {
          try {
            callbackExecutor.execute(
                () -> {
                  if (error == null) {
                    result.complete(response);
                  } else if (unwrap(error) instanceof TimeoutException) {
                    result.completeExceptionally(
                        new RpcException(
                            RpcException.Kind.TIMEOUT,
                            address + ": no in-process answer within " + timeout.toMillis() + " ms",
                            null));
                  } else {
                    result.completeExceptionally(translate(error, address));
                  }
                });
          } catch (RejectedExecutionException e) {
            result.completeExceptionally(translate(e, address));
          }
        });
  }

  /** The cause of a {@link CompletionException}, or {@code e} itself. */
  static Throwable unwrap(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }

  /** Like {@link #invoke(String, Object, Duration)}, checking the type of the answer. */
  public <T> CompletableFuture<T> invoke(
      String address, Object request, Class<T> responseType, Duration timeout) {
    return invoke(address, request, timeout)
        .thenApply(
            response -> {
              if (!responseType.isInstance(response)) {
                throw new RpcException(
                    RpcException.Kind.CODEC,
                    address
                        + " answered "
                        + (response == null ? "null" : response.getClass().getName())
                        + ", expected "
                        + responseType.getName(),
                    null);
              }
              return responseType.cast(response);
            });
  }

  /** Closes the pooled connections to {@code address}; the next call reconnects. */
  public void closeConnections(String address) {
    Url url = urls.remove(address);
    if (url != null) {
      bolt.closeConnection(url);
    }
  }

  @Override
  public void close() {
    connectExecutor.shutdownNow();
    bolt.shutdown();
  }

  private Url urlOf(String address) {
    return urls.computeIfAbsent(
        address,
        a ->
            bolt.getAddressParser()
                .parse(
                    dialAddress.apply(a)
                        + "?_CONNECTTIMEOUT="
                        + connectTimeout.toMillis()
                        + "&_CONNECTIONNUM="
                        + connectionsPerAddress
                        + "&_CONNECTIONWARMUP=false"));
  }

  static RpcException translate(Throwable e, String address) {
    if (unwrap(e) != e) {
      return translate(unwrap(e), address);
    }
    if (e instanceof RpcException rpc) {
      return rpc;
    }
    RpcException.Kind kind;
    if (e instanceof InvokeTimeoutException) {
      kind = RpcException.Kind.TIMEOUT;
    } else if (e instanceof ConnectionClosedException) {
      kind = RpcException.Kind.UNREACHABLE;
    } else if (e instanceof CodecException) {
      kind = RpcException.Kind.CODEC;
    } else if (e instanceof RemotingException && isConnectFailure(e)) {
      kind = RpcException.Kind.UNREACHABLE;
    } else {
      kind = RpcException.Kind.REMOTE;
    }
    return new RpcException(kind, address + ": " + e.getMessage(), e);
  }

  private static boolean isConnectFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.ConnectException
          || (t.getMessage() != null && t.getMessage().contains("Create connection failed"))) {
        return true;
      }
    }
    return false;
  }
}
