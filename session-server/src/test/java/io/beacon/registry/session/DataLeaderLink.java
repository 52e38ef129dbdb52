package io.beacon.registry.session;

import io.beacon.registry.common.concurrent.Threads;
import io.beacon.registry.common.rpc.RpcClient;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A session's link to a {@link FakeDataLeader}, for the routing and push tests: the leader answers
 * on an executor of its own, the session's {@link RpcClient} calls it with callbacks on a second,
 * and a scheduler runs the session's retries. A test registers it as an extension
 * ({@code @RegisterExtension}), which stops them in reverse order after each test. The parts are
 * final fields the test uses directly; thread-safe as they are.
 */
public final class DataLeaderLink implements AfterEachCallback {

  public final ThreadPoolExecutor leaderExecutor = Threads.bounded("test-leader", 2, 1_000);
  public final ThreadPoolExecutor callbackExecutor = Threads.bounded("test-callback", 2, 1_000);
  public final ScheduledExecutorService scheduler = Threads.scheduled("test-scheduler", 1);
  public final FakeDataLeader leader = new FakeDataLeader(leaderExecutor);
  public final RpcClient client = new RpcClient(1, Duration.ofSeconds(1), callbackExecutor);

  @Override
  public void afterEach(ExtensionContext context) {
    client.close();
    leader.close();
    Threads.shutdown(scheduler, Duration.ofSeconds(1));
    Threads.shutdown(callbackExecutor, Duration.ofSeconds(1));
    Threads.shutdown(leaderExecutor, Duration.ofSeconds(1));
  }
}
