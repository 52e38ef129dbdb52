package io.beacon.registry.session.push;

import static io.beacon.registry.session.push.PushFixtures.SERVICE;
import static io.beacon.registry.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.common.model.Datum;
import io.beacon.registry.common.retry.Backoff;
import io.beacon.registry.common.slot.SlotFunction;
import io.beacon.registry.common.slot.SlotTableHolder;
import io.beacon.registry.session.DataLeaderLink;
import io.beacon.registry.session.registration.SessionRegistry;
import io.beacon.registry.session.registration.Subscriber;
import io.beacon.registry.session.routing.DatumFetcher;
import io.beacon.registry.session.settings.PushLimits;
import io.beacon.registry.testing.Settings;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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
  private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(5), Duration.ofMillis(50));

  @RegisterExtension final DataLeaderLink link = new DataLeaderLink();
  @RegisterExtension final ConnectedClient port = new ConnectedClient();
  private final SessionRegistry registry = new SessionRegistry();
  private final PushSender sender =
      port.sender(3, BACKOFF, Settings.defaults(PushLimits.class), link.scheduler, ip -> true);

  @Test
  void anInterestWhoseLastSubscriberLeftIsDroppedByTheNextNotice() throws Exception {
    SlotTableHolder tables = new SlotTableHolder(SLOTS);
    tables.update(link.leader.tableLeadingAll(SLOTS, 1, 1));
    PushScheduler pushes =
        new PushScheduler(
            registry,
            new DatumFetcher(
                new SlotFunction(SLOTS), tables, link.client, Duration.ofSeconds(3), () -> {}),
            sender,
            BACKOFF,
            link.scheduler);
    Subscriber subscriber = PushFixtures.subscriber("s1", "zone", "DEFAULT_ZONE", port.connectId());
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
