package io.beacon.registry.common.rpc;

import com.alipay.remoting.AsyncContext;
import com.alipay.remoting.Connection;
import com.alipay.remoting.InvokeCallback;
import com.alipay.remoting.RejectedExecutionPolicy;
import com.alipay.remoting.RejectionProcessableInvokeCallback;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection opened by {@link RpcChannelClient}: calls to the server and the server's
 * calls back (pushes) travel on the same Bolt connection. Identity is stable for the life of the
 * connection.
 *
 * <p>Threads: {@link #invoke} never blocks; its answer completes on the client's callback executor
 * (never on a Bolt I/O thread), except when that executor refuses the task (full or shut down): the
 * call then fails at once on the refusing thread instead of never completing. Pushes reach the
 * {@link Listener} on the client's push executor. The close is reported once: on Bolt's connection
 * event thread; on the client's {@code <name>-connect} thread if the connection closed before
 * {@code connect}'s future completed (the report waits for it); or on the thread of {@link
 * RpcChannelClient#close}. Thread-safe; the only mutable state is the once-only close flag.
 */
public final class RpcChannel {

  private static final Logger log = LoggerFactory.getLogger(RpcChannel.class);

  /** What one channel reports to its owner; given to {@link RpcChannelClient#connect}. */
  public interface Listener {

    /**
     * A push from the server, of one of the client's push types. The returned value is sent back as
     * the answer; a thrown exception is sent as an error status (the server's call fails with an
     * {@link RpcException} of kind {@code REMOTE}). Runs on the client's push executor, so it may
     * take a moment but must not wait for other pushes.
     */
    Object onPush(RpcChannel channel, Object push) throws Exception;

    /**
     * The connection closed: by the server, by a failure, by {@link RpcChannel#close} or by {@link
     * RpcChannelClient#close}. Called once per channel, never before {@code connect}'s future
     * completed. Must not block.
     */
    void onClosed(RpcChannel channel);
  }

  private final String address;
  private final String localAddress;
  private final Connection connection;
  private final com.alipay.remoting.rpc.RpcClient bolt;
  private final Executor callbackExecutor;
  private final Listener listener;
  private final Consumer<RpcChannel> onRelease;
  private final AtomicBoolean closeReported = new AtomicBoolean();

  RpcChannel(
      String address,
      Connection connection,
      com.alipay.remoting.rpc.RpcClient bolt,
      Executor callbackExecutor,
      Listener listener,
      Consumer<RpcChannel> onRelease) {
    this.address = address;
    this.localAddress = connection.getLocalIP() + ":" + connection.getLocalPort();
    this.connection = connection;
    this.bolt = bolt;
    this.callbackExecutor = callbackExecutor;
    this.listener = listener;
    this.onRelease = onRelease;
  }

  /** The {@code host:port} this channel was opened to, as given to {@code connect}. */
  public String address() {
    return address;
  }

  /** {@code ip:port} of this end of the connection. */
  public String localAddress() {
    return localAddress;
  }

  public boolean isOpen() {
    return !closeReported.get() && connection.isFine();
  }

  /**
   * Sends {@code request} on this connection and completes with the server's answer, or with an
   * {@link RpcException}: {@code UNREACHABLE} if the channel is closed or closes before the answer,
   * {@code TIMEOUT}, {@code REMOTE} if the server answered with an error status, {@code CODEC}.
   * Never blocks.
   */
  public CompletableFuture<Object> invoke(Object request, Duration timeout) {
    CompletableFuture<Object> result = new CompletableFuture<>();
    if (!isOpen()) {
      result.completeExceptionally(
          new RpcException(RpcException.Kind.UNREACHABLE, address + ": channel closed", null));
      return result;
    }
    try {
      int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
      bolt.invokeWithCallback(connection, request, callbackOf(result), millis);
    } catch (Exception e) {
      result.completeExceptionally(RpcClient.translate(e, address));
    }
    return result;
  }

  /** Closes the connection; {@link Listener#onClosed} follows once Bolt reports the close. */
  public void close() {
    connection.close();
  }

  @Override
  public String toString() {
    return localAddress + "->" + address;
  }

  Connection connection() {
    return connection;
  }

  /** Runs on the push executor: the listener's answer, or its failure, goes back to the server. */
  void dispatch(Object push, AsyncContext async) {
    Object answer;
    try {
      answer = listener.onPush(this, push);
    } catch (Throwable t) {
      log.warn("push handler failed channel={} type={}", this, push.getClass().getSimpleName(), t);
      async.sendException(t);
      return;
    }
    async.sendResponse(answer);
  }

  /** Tells the listener once that the connection is gone, whoever noticed first. */
  void reportClosed() {
    if (!closeReported.compareAndSet(false, true)) {
      return;
    }
    onRelease.accept(this);
    log.info("rpc channel closed address={} local={}", address, localAddress);
    try {
      listener.onClosed(this);
    } catch (Throwable t) {
      log.warn("close listener failed channel={}", this, t);
    }
  }

  /** Bolt drops a callback its executor refuses; this one fails the call instead. */
  private InvokeCallback callbackOf(CompletableFuture<Object> result) {
    return new RejectionProcessableInvokeCallback() {
      @Override
      public void onResponse(Object response) {
        result.complete(response);
      }

      @Override
      public void onException(Throwable e) {
        if (e instanceof RejectedExecutionException) {
          result.completeExceptionally(
              new RpcException(
                  RpcException.Kind.REMOTE,
                  address + ": answer dropped, callback executor busy",
                  e));
        } else {
          result.completeExceptionally(RpcClient.translate(e, address));
        }
      }

      @Override
      public Executor getExecutor() {
        return callbackExecutor;
      }

      @Override
      public RejectedExecutionPolicy rejectedExecutionPolicy() {
        return RejectedExecutionPolicy.CALLER_HANDLE_EXCEPTION;
      }
    };
  }
}
