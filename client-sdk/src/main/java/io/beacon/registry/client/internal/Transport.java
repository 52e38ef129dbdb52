package io.beacon.registry.client.internal;

import io.beacon.registry.common.concurrent.Tasks;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;

/**
 * How the client reaches session servers: opens connections and carries the SOFARegistry client
 * protocol's wire objects ({@code com.alipay.sofa.registry.core.model}: {@code PublisherRegister},
 * {@code SubscriberRegister}, {@code ConfiguratorRegister}, {@code SyncConfigRequest} out; {@code
 * RegisterResponse}, {@code SyncConfigResponse} back; {@code ReceivedData}, {@code
 * ReceivedConfigData} pushed by the server). The seam the client's state machine is tested through
 * with a fake; the production implementation is Bolt (in {@code common.rpc}). Implementations are
 * thread-safe and never block the caller.
 */
public interface Transport extends AutoCloseable {

  /**
   * Connects to the session server at {@code address} ({@code host:port} of its client port).
   * Completes with the open connection, or exceptionally if it cannot be opened within {@code
   * timeout}. Pushes and the close of the connection are reported to {@code events}.
   */
  CompletableFuture<TransportConnection> connect(
      String address, Duration timeout, ConnectionEvents events);

  /** Closes every connection. */
  @Override
  void close();

  /** One connection to a session server. */
  interface TransportConnection {

    /** The session server's {@code host:port}. */
    String address();

    /**
     * Sends {@code request} and completes with the server's answer, or exceptionally on timeout,
     * transport failure or a closed connection.
     */
    CompletableFuture<Object> request(Object request, Duration timeout);

    /**
     * Sends {@code request} and hands its answer or failure to {@code onAnswer} on {@code worker}:
     * a request the connection throws on is answered with that failure, so a caller has one path.
     * {@code what} names the callback in the log if it fails.
     */
    default void request(
        Object request,
        Duration timeout,
        Executor worker,
        String what,
        BiConsumer<Object, Throwable> onAnswer) {
      CompletableFuture<Object> answer;
      try {
        answer = request(request, timeout);
      } catch (RuntimeException e) {
        answer = CompletableFuture.failedFuture(e);
      }
      Tasks.whenComplete(
          answer, what, (value, error) -> worker.execute(() -> onAnswer.accept(value, error)));
    }

    boolean isOpen();

    /** Closes this connection; {@link ConnectionEvents#onClosed} follows. */
    void close();
  }

  /**
   * What a connection reports. Called on transport threads: implementations hand the work to their
   * own executor and return at once.
   */
  interface ConnectionEvents {

    /**
     * A push from the server ({@code ReceivedData} or {@code ReceivedConfigData}). The returned
     * value is the answer sent back ({@code com.alipay.sofa.registry.core.model.Result}).
     */
    Object onPush(TransportConnection connection, Object push);

    /** The connection closed (by either side or a failure). Called once. */
    void onClosed(TransportConnection connection);
  }
}
