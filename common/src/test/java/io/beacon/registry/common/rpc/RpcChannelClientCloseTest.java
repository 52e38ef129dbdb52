package io.beacon.registry.common.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.alipay.sofa.registry.core.model.ReceivedData;
import io.beacon.registry.common.concurrent.Threads;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link RpcChannelClient#close()} while connects are still waiting for a connect thread. */
class RpcChannelClientCloseTest {

  private static final RpcChannel.Listener IGNORING =
      new RpcChannel.Listener() {
        @Override
        public Object onPush(RpcChannel channel, Object push) {
          return null;
        }

        @Override
        public void onClosed(RpcChannel channel) {}
      };

  /**
   * Race: close() stops the connect threads with shutdownNow(), which drops the connects still
   * queued for them; nothing completed their futures, so a caller of connect() waited forever (the
   * SDK's reconnect logic only by its own deadline). They now fail as UNREACHABLE, "client closed".
   */
  @Test
  void aConnectStillQueuedWhenTheClientClosesFailsAsUnreachable() throws Exception {
    ExecutorService connectThreads = Threads.bounded("test-connect", 1, 10);
    CountDownLatch release = new CountDownLatch(1);
    connectThreads.execute(() -> awaitQuietly(release)); // occupies the only connect thread
    RpcChannelClient client =
        new RpcChannelClient(
            "test-close",
            List.of(ReceivedData.class),
            Runnable::run,
            Runnable::run,
            connectThreads);
    try {
      CompletableFuture<RpcChannel> queued =
          client.connect("127.0.0.1:1", Duration.ofSeconds(1), IGNORING);
      assertThat(queued).isNotDone();

      client.close();

      assertThatThrownBy(() -> queued.get(5, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOfSatisfying(
              RpcException.class,
              e -> assertThat(e.kind()).isEqualTo(RpcException.Kind.UNREACHABLE))
          .hasMessageContaining("client closed");
      assertThatThrownBy(
              () ->
                  client
                      .connect("127.0.0.1:1", Duration.ofSeconds(1), IGNORING)
                      .get(5, TimeUnit.SECONDS))
          .cause()
          .hasMessageContaining("client closed");
    } finally {
      release.countDown();
      client.close();
      connectThreads.shutdownNow();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // close() interrupts running connects
    }
  }
}
