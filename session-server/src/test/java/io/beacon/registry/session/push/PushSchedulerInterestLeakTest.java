package io.beacon.registry.session.push;

import static io.beacon.registry.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.common.concurrent.Threads;
import io.beacon.registry.common.model.DataInfo;
import io.beacon.registry.common.model.Datum;
import io.beacon.registry.common.retry.Backoff;
import io.beacon.registry.common.rpc.RpcClient;
import io.beacon.registry.common.rpc.RpcServer;
import io.beacon.registry.common.slot.SlotFunction;
import io.beacon.registry.common.slot.SlotTableHolder;
import io.beacon.registry.session.FakeDataLeader;
import io.beacon.registry.session.connection.ClientConnections;
import io.beacon.registry.session.registration.SessionRegistry;
import io.beacon.registry.session.registration.Subscriber;
import io.beacon.registry.session.routing.DatumFetcher;
import io.beacon.registry.session.settings.PushLimits;
import io.beacon.registry.testing.Settings;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Regression: a leak in {@link PushScheduler} (fixed by {@code release} and the no-subscriber
 * branch of {@code onChange}): an {@code Interest} is dropped only when a fetch of its dataInfoId
 * completes or fails with no subscriber left, but once the last subscriber has left no fetch ever
 * starts again ({@code onChange} returns early when there are no subscribers, and unsubscribing
 * never reaches the scheduler). So every dataInfoId ever subscribed keeps its interest for the life
 * of the session, contrary to the documented "one Interest per dataInfoId that has subscribers
 * here" and to {@code interestCount()}'s javadoc.
 */
class PushSchedulerInterestLeakTest {

  private static final int SLOTS = 4;
  private static final DataInfo SERVICE = new DataInfo("com.example.Service", null, null);
  private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(5), Duration.ofMillis(50));

  private final ThreadPoolExecutor serverExecutor = Threads.bounded("test-server", 2, 1_000);
  private final ThreadPoolExecutor callbackExecutor = Threads.bounded("test-callback", 2, 1_000);
  private final ScheduledExecutorService scheduler = Threads.scheduled("test-scheduler", 1);
  private final FakeDataLeader leader = new FakeDataLeader(serverExecutor);
  private final RpcClient dataClient = new RpcClient(1, Duration.ofSeconds(1), callbackExecutor);
  private final RpcServer clientPort =
      new RpcServer("test-client-port", "127.0.0.1", 0, callbackExecutor);
  private final ClientConnections connections = new ClientConnections();
  private final SessionRegistry registry = new SessionRegistry();
  private final PushSender sender =
      new PushSender(
          connections,
          new ReceivedDataFactory("DefaultDataCenter"),
          Duration.ofSeconds(3),
          3,
          BACKOFF,
          Settings.defaults(PushLimits.class),
          scheduler,
          ip -> true);
  private FakeClient client;

  @AfterEach
  void close() {
    if (client != null) {
      client.close();
    }
    clientPort.close();
    dataClient.close();
    leader.close();
    Threads.shutdown(scheduler, Duration.ofSeconds(1));
    Threads.shutdown(callbackExecutor, Duration.ofSeconds(1));
    Threads.shutdown(serverExecutor, Duration.ofSeconds(1));
  }

  @Test
  void anInterestWhoseLastSubscriberLeftIsDroppedByTheNextNotice() throws Exception {
    clientPort.addConnectionListener(connections);
    clientPort.start();
    client = new FakeClient();
    String connectId = client.connect(clientPort.port());
    await().until(() -> connections.isOpen(connectId));
    SlotTableHolder tables = new SlotTableHolder(SLOTS);
    tables.update(leader.tableLeadingAll(SLOTS, 1, 1));
    PushScheduler pushes =
        new PushScheduler(
            registry,
            new DatumFetcher(
                new SlotFunction(SLOTS), tables, dataClient, Duration.ofSeconds(3), () -> {}),
            sender,
            BACKOFF,
            scheduler);
    Subscriber subscriber =
        new Subscriber("s1", SERVICE, "zone", "DEFAULT_ZONE", "app", connectId, 1L);
    registry.putSubscriber(subscriber);
    pushes.onSubscribe(subscriber);
    await().until(() -> sender.pushedVersion("s1") == Datum.EMPTY_PUSH_VERSION);
    assertThat(pushes.interestCount()).isEqualTo(1);

    // What SubscriberRegisterHandler does on UNREGISTER (ClientOff does the same on close).
    sender.forget(registry.removeSubscriber("s1"));
    pushes.onChange(SERVICE.id(), 1_000);

    await()
        .alias("interest of a dataInfoId without subscribers is dropped")
        .atMost(Duration.ofSeconds(2))
        .until(() -> pushes.interestCount() == 0);
  }
}
