package io.beacon.registry.common.rpc;

import com.alipay.remoting.Connection;
import com.alipay.remoting.InvokeCallback;
import io.netty.channel.ChannelOutboundBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * One accepted connection on an {@link RpcServer}: who is on the other side, and a way to call them
 * back over the same connection (how sessions push to clients). Identity is stable for the life of
 * the connection. Thread-safe.
 *
 * <p>A call routed in-process ({@link InProcessRoutes}) has no socket: its handler sees {@link
 * #inProcess}, which is always open and writable, names {@value #IN_PROCESS} as its remote address
 * and cannot be called back (only client-facing servers call their peers back, and they are never
 * routed in-process).
 */
public final class RpcConnection {

  static final String ATTRIBUTE = "beacon.rpc.connection";

  /** The remote address of an in-process caller. */
  public static final String IN_PROCESS = "in-process";

  private static final String LOOPBACK_IP = "127.0.0.1";

  // Null for the in-process caller.
  private final Connection connection;
  private final com.alipay.remoting.rpc.RpcServer server;
  private final Executor callbackExecutor;
  private final String remoteAddress;
  private final String localAddress;

  RpcConnection(
      Connection connection, com.alipay.remoting.rpc.RpcServer server, Executor callbackExecutor) {
    this.connection = connection;
    this.server = server;
    this.callbackExecutor = callbackExecutor;
    this.remoteAddress = connection.getRemoteIP() + ":" + connection.getRemotePort();
    this.localAddress = connection.getLocalIP() + ":" + connection.getLocalPort();
  }

  private RpcConnection(String serverName) {
    this.connection = null;
    this.server = null;
    this.callbackExecutor = null;
    this.remoteAddress = IN_PROCESS;
    this.localAddress = serverName;
  }

  /** The caller of a request routed in-process to the server named {@code serverName}. */
  static RpcConnection inProcess(String serverName) {
    return new RpcConnection(serverName);
  }

  /** {@code ip:port} of the peer. */
  public String remoteAddress() {
    return remoteAddress;
  }

  /** The peer's IP; the loopback address for an in-process caller. */
  public String remoteIp() {
    return connection == null ? LOOPBACK_IP : connection.getRemoteIP();
  }

  /** {@code ip:port} of this server's end. */
  public String localAddress() {
    return localAddress;
  }

  public boolean isOpen() {
    return connection == null || connection.isFine();
  }

  public void close() {
    if (connection != null) {
      connection.close();
    }
  }

  /**
   * Whether the connection's outbound buffer is below its high watermark (see {@link
   * RpcServer#writeBufferWatermark}). A peer that stops reading makes it false once the socket and
   * then this buffer fill up; it turns true again when the buffer drains below the low watermark,
   * and {@link ConnectionListener#onWritabilityChanged} is told both times.
   */
  public boolean isWritable() {
    return connection == null || connection.getChannel().isWritable();
  }

  /**
   * Bytes written to this connection and not yet handed to the socket: Netty's outbound buffer, the
   * memory a slow reader costs this process. 0 once closed.
   */
  public long pendingWriteBytes() {
    if (connection == null) {
      return 0;
    }
    ChannelOutboundBuffer buffer = connection.getChannel().unsafe().outboundBuffer();
    return buffer == null ? 0 : buffer.totalPendingWriteBytes();
  }

  /**
   * Sends {@code request} to the peer and completes with its answer, on the server's callback
   * executor, or with an {@link RpcException}. Never blocks.
   */
  public CompletableFuture<Object> invoke(Object request, Duration timeout) {
    CompletableFuture<Object> result = new CompletableFuture<>();
    if (connection == null) {
      result.completeExceptionally(
          new RpcException(
              RpcException.Kind.UNREACHABLE, "an in-process caller cannot be called back", null));
      return result;
    }
    try {
      server.invokeWithCallback(
          connection, request, null, callbackOf(result, remoteAddress), (int) timeout.toMillis());
    } catch (Exception e) {
      result.completeExceptionally(RpcClient.translate(e, remoteAddress));
    }
    return result;
  }

  InvokeCallback callbackOf(CompletableFuture<Object> result, String address) {
    return new InvokeCallback() {
      @Override
      public void onResponse(Object response) {
        result.complete(response);
      }

      @Override
      public void onException(Throwable e) {
        result.completeExceptionally(RpcClient.translate(e, address));
      }

      @Override
      public Executor getExecutor() {
        return callbackExecutor;
      }
    };
  }

  @Override
  public String toString() {
    return remoteAddress + "->" + localAddress;
  }
}
