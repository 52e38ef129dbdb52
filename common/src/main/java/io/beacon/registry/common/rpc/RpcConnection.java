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
 */
public final class RpcConnection {

  static final String ATTRIBUTE = "beacon.rpc.connection";

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

  /** {@code ip:port} of the peer. */
  public String remoteAddress() {
    return remoteAddress;
  }

  public String remoteIp() {
    return connection.getRemoteIP();
  }

  /** {@code ip:port} of this server's end. */
  public String localAddress() {
    return localAddress;
  }

  public boolean isOpen() {
    return connection.isFine();
  }

  public void close() {
    connection.close();
  }

  /**
   * Whether the connection's outbound buffer is below its high watermark (see {@link
   * RpcServer#writeBufferWatermark}). A peer that stops reading makes it false once the socket and
   * then this buffer fill up; it turns true again when the buffer drains below the low watermark,
   * and {@link ConnectionListener#onWritabilityChanged} is told both times.
   */
  public boolean isWritable() {
    return connection.getChannel().isWritable();
  }

  /**
   * Bytes written to this connection and not yet handed to the socket: Netty's outbound buffer, the
   * memory a slow reader costs this process. 0 once closed.
   */
  public long pendingWriteBytes() {
    ChannelOutboundBuffer buffer = connection.getChannel().unsafe().outboundBuffer();
    return buffer == null ? 0 : buffer.totalPendingWriteBytes();
  }

  /**
   * Sends {@code request} to the peer and completes with its answer, on the server's callback
   * executor, or with an {@link RpcException}. Never blocks.
   */
  public CompletableFuture<Object> invoke(Object request, Duration timeout) {
    CompletableFuture<Object> result = new CompletableFuture<>();
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
