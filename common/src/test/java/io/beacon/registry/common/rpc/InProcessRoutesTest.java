package io.beacon.registry.common.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.beacon.registry.common.concurrent.Threads;
import io.beacon.registry.common.protocol.Ack;
import io.beacon.registry.common.protocol.DataChangeNotice;
import io.beacon.registry.common.protocol.FetchDatumRequest;
import io.beacon.registry.common.protocol.Status;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InProcessRoutesTest {

  private static final DataChangeNotice NOTICE = new DataChangeNotice("d", Map.of("x", 1L));

  private final ThreadPoolExecutor handlerExecutor = Threads.bounded("test-handler", 1, 1);
  private final ThreadPoolExecutor callbackExecutor = Threads.bounded("test-callback", 1, 100);
  private final InProcessRoutes routes = InProcessRoutes.create();
  private final RpcServer server = new RpcServer("test", "127.0.0.1", 0, callbackExecutor);
  private final RpcClient client =
      new RpcClient(1, Duration.ofSeconds(1), callbackExecutor, routes);
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void close() {
    release.countDown();
    client.close();
    server.close();
    handlerExecutor.shutdownNow();
    callbackExecutor.shutdownNow();
  }

  private String bound() {
    server.start();
    String address = "127.0.0.1:" + server.port();
    routes.bind(address, server);
    return address;
  }

  @Test
  void aBoundAddressIsCalledOnTheHandlersExecutorAndAnsweredOnTheCallbackExecutor()
      throws Exception {
    AtomicReference<String> handlerThread = new AtomicReference<>();
    AtomicReference<RpcConnection> caller = new AtomicReference<>();
    server.register(
        DataChangeNotice.class,
        handlerExecutor,
        (notice, connection) -> {
          handlerThread.set(Thread.currentThread().getName());
          caller.set(connection);
          release.await();
          // The very object the caller built: nothing was encoded.
          return new Ack(Status.OK, String.valueOf(notice == NOTICE));
        });
    String address = bound();

    AtomicReference<String> answerThread = new AtomicReference<>();
    CompletableFuture<Ack> call =
        client
            .invoke(address, NOTICE, Ack.class, Duration.ofSeconds(3))
            .whenComplete((a, e) -> answerThread.set(Thread.currentThread().getName()));
    release.countDown();
    Ack ack = call.get(5, TimeUnit.SECONDS);

    assertThat(ack).isEqualTo(new Ack(Status.OK, "true"));
    assertThat(handlerThread.get()).startsWith("test-handler");
    assertThat(answerThread.get()).startsWith("test-callback");
    assertThat(caller.get().remoteAddress()).isEqualTo(RpcConnection.IN_PROCESS);
    assertThat(caller.get().isOpen()).isTrue();
    assertThat(caller.get().invoke(Ack.ok(), Duration.ofSeconds(1)))
        .failsWithin(Duration.ofSeconds(1));
    assertThat(routes.calls()).isEqualTo(1);
  }

  @Test
  void anAsynchronousAnswerCompletesTheCallWhenItCompletes() throws Exception {
    CompletableFuture<Object> later = new CompletableFuture<>();
    server.register(DataChangeNotice.class, handlerExecutor, (notice, connection) -> later);
    CompletableFuture<Object> call = client.invoke(bound(), NOTICE, Duration.ofSeconds(3));

    assertThat(call).isNotDone();
    later.complete(Ack.ok());
    assertThat(call.get(5, TimeUnit.SECONDS)).isEqualTo(Ack.ok());
  }

  @Test
  void failuresReachTheCallerAsTheyWouldOverBolt() throws Exception {
    server.register(
        DataChangeNotice.class,
        handlerExecutor,
        (notice, connection) -> {
          if (notice.versions().isEmpty()) {
            throw new IllegalArgumentException("no versions");
          }
          return Ack.ok();
        });
    String address = bound();

    assertThat(kindOf(client.invoke(address, new DataChangeNotice("d", Map.of()), timeout())))
        .isEqualTo(RpcException.Kind.REMOTE);
    assertThat(kindOf(client.invoke(address, new FetchDatumRequest(0, 1, 1, List.of()), timeout())))
        .as("a request class no handler takes")
        .isEqualTo(RpcException.Kind.REMOTE);
    assertThat(client.invoke(address, NOTICE, timeout()).get(5, TimeUnit.SECONDS))
        .as("the server goes on")
        .isEqualTo(Ack.ok());
  }

  @Test
  void aHandlerThatNeverAnswersTimesTheCallOut() {
    server.register(
        DataChangeNotice.class, handlerExecutor, (notice, connection) -> new CompletableFuture<>());
    assertThat(kindOf(client.invoke(bound(), NOTICE, Duration.ofMillis(200))))
        .isEqualTo(RpcException.Kind.TIMEOUT);
  }

  @Test
  void aFullHandlerExecutorRefusesTheCallAsBusy() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    server.register(
        DataChangeNotice.class,
        handlerExecutor,
        (notice, connection) -> {
          running.countDown();
          release.await();
          return Ack.ok();
        });
    String address = bound();
    CompletableFuture<Object> first = client.invoke(address, NOTICE, timeout());
    assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Object> queued = client.invoke(address, NOTICE, timeout());

    assertThat(kindOf(client.invoke(address, NOTICE, timeout())))
        .as("one thread busy, its one queue slot taken")
        .isEqualTo(RpcException.Kind.REMOTE);
    release.countDown();
    assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(Ack.ok());
    assertThat(queued.get(5, TimeUnit.SECONDS)).isEqualTo(Ack.ok());
  }

  @Test
  void aClosedServerIsUnreachableAndAnUnboundAddressGoesOverBolt() throws Exception {
    server.register(DataChangeNotice.class, handlerExecutor, (notice, connection) -> Ack.ok());
    String address = bound();
    server.close();
    assertThat(kindOf(client.invoke(address, NOTICE, timeout())))
        .isEqualTo(RpcException.Kind.UNREACHABLE);

    routes.unbind(address, server);
    long routed = routes.calls();
    assertThat(kindOf(client.invoke(address, NOTICE, timeout())))
        .as("over Bolt, to a port nobody listens on any more")
        .isEqualTo(RpcException.Kind.UNREACHABLE);
    assertThat(routes.calls()).isEqualTo(routed);
  }

  @Test
  void noRoutesBindNothing() {
    server.start();
    InProcessRoutes.none().bind("127.0.0.1:" + server.port(), server);
    assertThat(InProcessRoutes.none().route("127.0.0.1:" + server.port())).isNull();
    assertThat(InProcessRoutes.none().calls()).isZero();
  }

  private static Duration timeout() {
    return Duration.ofSeconds(3);
  }

  private static RpcException.Kind kindOf(CompletableFuture<Object> call) {
    AtomicReference<RpcException.Kind> kind = new AtomicReference<>();
    assertThatThrownBy(() -> call.get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(RpcException.class)
        .satisfies(e -> kind.set(((RpcException) e).kind()));
    return kind.get();
  }
}
