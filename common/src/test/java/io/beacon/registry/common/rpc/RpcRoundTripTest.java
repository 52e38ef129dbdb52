package io.beacon.registry.common.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.beacon.registry.common.concurrent.Threads;
import io.beacon.registry.common.protocol.Ack;
import io.beacon.registry.common.protocol.DataChangeNotice;
import io.beacon.registry.common.protocol.Status;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RpcRoundTripTest {

  private final ExecutorService executor = Threads.bounded("test-rpc", 2, 100);
  private final RpcServer server = new RpcServer("test", "127.0.0.1", 0, executor);
  private final RpcClient client = new RpcClient(1, Duration.ofSeconds(1), executor);

  @AfterEach
  void close() {
    client.close();
    server.close();
    executor.shutdownNow();
  }

  @Test
  void aRequestReachesItsHandlerAndTheAnswerComesBack() throws Exception {
    server.register(
        DataChangeNotice.class,
        executor,
        (notice, connection) -> new Ack(Status.OK, notice.versions().keySet().toString()));
    server.start();

    Ack ack =
        client
            .invoke(
                "127.0.0.1:" + server.port(),
                new DataChangeNotice("d", Map.of("x", 1L)),
                Ack.class,
                Duration.ofSeconds(3))
            .get(5, TimeUnit.SECONDS);
    assertThat(ack).isEqualTo(new Ack(Status.OK, "[x]"));
  }

  @Test
  void aHandlerRegisteredOnTheIoThreadRunsOnTheBoltThreadThatReadTheRequest() throws Exception {
    AtomicReference<String> thread = new AtomicReference<>();
    server.register(
        DataChangeNotice.class,
        RpcServer.ON_IO_THREAD,
        (notice, connection) -> {
          thread.set(Thread.currentThread().getName());
          return Ack.ok();
        });
    server.start();

    Object answer = call(new DataChangeNotice("d", Map.of("x", 1L)));

    assertThat(answer).isEqualTo(Ack.ok());
    assertThat(thread.get()).startsWith("Rpc-netty-server-worker");
  }

  @Test
  void anAsynchronousAnswerIsSentWhenItCompletes() throws Exception {
    server.register(
        DataChangeNotice.class,
        executor,
        (notice, connection) -> CompletableFuture.supplyAsync(Ack::ok, executor));
    server.start();
    Object answer = call(new DataChangeNotice("d", Map.of()));
    assertThat(answer).isEqualTo(Ack.ok());
  }

  @Test
  void aFailingHandlerGivesTheCallerAnErrorAndTheServerGoesOn() throws Exception {
    server.register(
        DataChangeNotice.class,
        executor,
        (notice, connection) -> {
          if (notice.versions().isEmpty()) {
            throw new IllegalArgumentException("no versions");
          }
          return Ack.ok();
        });
    server.start();

    assertThatThrownBy(() -> call(new DataChangeNotice("d", Map.of())))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(RpcException.class);
    assertThat(call(new DataChangeNotice("d", Map.of("x", 1L)))).isEqualTo(Ack.ok());
  }

  @Test
  void anUnreachablePeerFailsTheCallAsUnreachable() {
    CompletableFuture<Object> call =
        client.invoke("127.0.0.1:1", new DataChangeNotice("d", Map.of()), Duration.ofSeconds(1));
    assertThatThrownBy(() -> call.get(5, TimeUnit.SECONDS))
        .hasCauseInstanceOf(RpcException.class)
        .cause()
        .satisfies(
            e -> assertThat(((RpcException) e).kind()).isEqualTo(RpcException.Kind.UNREACHABLE));
  }

  /** Calls the server (3 s call timeout) and waits up to 5 s for its answer. */
  private Object call(Object request) throws Exception {
    return client
        .invoke("127.0.0.1:" + server.port(), request, Duration.ofSeconds(3))
        .get(5, TimeUnit.SECONDS);
  }
}
