package io.beacon.registry.session.push;

import static io.beacon.registry.testing.Awaits.await;

import com.alipay.remoting.exception.RemotingException;
import io.beacon.registry.common.concurrent.Threads;
import io.beacon.registry.common.retry.Backoff;
import io.beacon.registry.common.rpc.ConnectionListener;
import io.beacon.registry.common.rpc.RpcServer;
import io.beacon.registry.session.connection.ClientConnections;
import io.beacon.registry.session.settings.PushLimits;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A session's client port with a {@link FakeClient} connected to it, for the push tests: a real
 * {@link RpcServer} on 127.0.0.1 on an executor of its own, whose open connections {@link
 * #connections} tracks as the session's client port does, and the senders that push over them. A
 * test registers it as an extension ({@code @RegisterExtension}): before each test the client opens
 * its first connection ({@link #connectId()}); after it, the client, the port and the executor
 * close. Thread-safe as its parts are; the first connectId is set before the test runs.
 */
final class ConnectedClient implements BeforeEachCallback, AfterEachCallback {

  final ClientConnections connections = new ClientConnections();
  final FakeClient client = new FakeClient();
  private final ThreadPoolExecutor executor = Threads.bounded("test-client-port", 2, 1_000);
  private final RpcServer port = new RpcServer("test-client-port", "127.0.0.1", 0, executor);
  private String connectId;

  /** A port whose connections {@code listeners} hear of too. */
  ConnectedClient(ConnectionListener... listeners) {
    port.addConnectionListener(connections);
    for (ConnectionListener listener : listeners) {
      port.addConnectionListener(listener);
    }
    port.start();
  }

  /** The connection the client opened before the test. */
  String connectId() {
    return connectId;
  }

  /** Opens another connection from the client; its connectId, once the port holds it open. */
  String open() throws RemotingException {
    String opened = client.connect(port.port());
    await().until(() -> connections.isOpen(opened));
    return opened;
  }

  /** A sender over these connections (3 s push timeout, data center {@code DefaultDataCenter}). */
  PushSender sender(
      int retries,
      Backoff backoff,
      PushLimits limits,
      ScheduledExecutorService scheduler,
      Predicate<String> pushAllowed) {
    return new PushSender(
        connections,
        new ReceivedDataFactory("DefaultDataCenter"),
        Duration.ofSeconds(3),
        retries,
        backoff,
        limits,
        scheduler,
        pushAllowed);
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    connectId = open();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    client.close();
    port.close();
    Threads.shutdown(executor, Duration.ofSeconds(1));
  }
}
