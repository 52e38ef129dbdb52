package io.beacon.registry.data.change;

import io.beacon.registry.common.protocol.Ack;
import io.beacon.registry.common.protocol.DataChangeNotice;
import io.beacon.registry.common.protocol.Status;
import io.beacon.registry.common.rpc.RpcClient;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Sends change notices over the internal RPC client. The call is started on {@code executor}
 * because {@link RpcClient#invoke} may block while it connects to a session for the first time,
 * which must not hold up the RPC thread that applied the write. Stateless; thread-safe.
 */
public final class RpcNoticeSender implements NoticeSender {

  private final RpcClient client;
  private final Executor executor;
  private final Duration timeout;

  public RpcNoticeSender(RpcClient client, Executor executor, Duration timeout) {
    this.client = client;
    this.executor = executor;
    this.timeout = timeout;
  }

  @Override
  public CompletionStage<?> send(String sessionAddress, DataChangeNotice notice) {
    // Rejected by a saturated executor, the call fails: a failed send, retried like any other.
    CompletableFuture<Ack> call =
        CompletableFuture.completedFuture(notice)
            .thenComposeAsync(
                toSend -> client.invoke(sessionAddress, toSend, Ack.class, timeout), executor);
    return call.thenApply(
        ack -> {
          if (ack.status() != Status.OK) {
            throw new IllegalStateException(
                sessionAddress + " answered " + ack.status() + ": " + ack.message());
          }
          return ack;
        });
  }

  @Override
  public void release(String sessionAddress) {
    client.closeConnections(sessionAddress);
  }
}
