package io.beacon.registry.common.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.beacon.registry.common.concurrent.Threads;
import io.beacon.registry.common.protocol.Ack;
import io.beacon.registry.common.protocol.DataChangeNotice;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A leaving server refuses new connections and keeps serving the open ones. */
class RpcServerRefusalTest {

  private final ExecutorService executor = Threads.bounded("test-rpc", 2, 100);
  private final RpcServer server = new RpcServer("test", "127.0.0.1", 0, executor);
  private final RpcClient before = new RpcClient(1, Duration.ofSeconds(1), executor);
  private final RpcClient after = new RpcClient(1, Duration.ofSeconds(1), executor);
  private final AtomicInteger handled = new AtomicInteger();

  @AfterEach
  void close() {
    before.close();
    after.close();
    server.close();
    executor.shutdownNow();
  }

  @Test
  void aNewConnectionIsClosedBeforeItIsReadAndAnOpenOneGoesOn() throws Exception {
    server.register(
        DataChangeNotice.class,
        executor,
        (notice, connection) -> {
          handled.incrementAndGet();
          return Ack.ok();
        });
    server.start();
    assertThat(call(before)).isEqualTo(Ack.ok());

    server.refuseNewConnections();

    assertThatThrownBy(() -> call(after)).hasCauseInstanceOf(RpcException.class);
    assertThat(handled).hasValue(1);
    assertThat(call(before)).isEqualTo(Ack.ok());
    assertThat(handled).hasValue(2);
  }

  private Object call(RpcClient client) throws Exception {
    return client
        .invoke(
            "127.0.0.1:" + server.port(),
            new DataChangeNotice("d", Map.of("x", 1L)),
            Ack.class,
            Duration.ofSeconds(2))
        .get(5, TimeUnit.SECONDS);
  }
}
