package io.beacon.registry.session.clientoff;

import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.common.model.DataInfo;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.common.model.RegisterVersion;
import io.beacon.registry.common.protocol.PublisherPut;
import io.beacon.registry.common.protocol.PublisherRemoval;
import io.beacon.registry.common.protocol.PublisherWrite;
import io.beacon.registry.common.protocol.RegistrySwitches;
import io.beacon.registry.session.registration.SessionRegistry;
import io.beacon.registry.session.registration.Subscriber;
import io.beacon.registry.session.trace.PushTracer;
import io.beacon.registry.testing.ManualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the IP and dataInfoId blacklists do to a session's registrations ({@link Blacklisting}). */
class BlacklistingTest {

  private static final ProcessId SESSION = new ProcessId("127.0.0.1", 1L, 1L, 1);
  private static final DataInfo SERVICE = new DataInfo("com.example.Service", null, null);
  private static final String IP = "10.0.0.1";
  private static final String CONN = IP + ":5001_127.0.0.1:9600";
  private static final String OTHER_CONN = "10.0.0.2:5002_127.0.0.1:9600";

  private final ManualClock clock = new ManualClock();
  private final SessionRegistry registry = new SessionRegistry();
  private final List<PublisherWrite> writes = new ArrayList<>();
  private final List<String> stopped = new ArrayList<>();
  private final List<String> started = new ArrayList<>();
  private final Blacklisting blacklisting =
      new Blacklisting(
          registry,
          writes::add,
          SESSION,
          clock,
          PushTracer.disabled(),
          s -> stopped.add(s.registerId()),
          s -> started.add(s.registerId()),
          c -> {});

  @Test
  void aSubscriberBlacklistUpdateTakesOutEverythingTheIpHeldPublishersIncluded() {
    Publisher publisher = publish("p1", CONN);
    registry.putSubscriber(subscriber("s1", CONN));
    publish("p2", OTHER_CONN);

    blacklisting.reconcile(switches(2, Set.of(), Set.of(IP), Set.of(), 2), true);

    assertThat(registry.publishers()).extracting(Publisher::registerId).containsExactly("p2");
    assertThat(registry.subscribersOf(SERVICE.id())).isEmpty();
    assertThat(stopped).containsExactly("s1");
    assertThat(writes)
        .containsExactly(new PublisherRemoval(SERVICE.id(), "p1", publisher.version(), SESSION));
  }

  @Test
  void laterRegistrationsOfASubscriberBlacklistedIpAreAcceptedUntilTheNextUpdate() {
    RegistrySwitches listed = switches(2, Set.of(), Set.of(IP), Set.of(), 2);
    blacklisting.reconcile(listed, true);

    registry.putSubscriber(subscriber("s2", CONN));
    publish("p2", CONN);
    blacklisting.reconcile(switches(3, Set.of(), Set.of(IP), Set.of(), 2), false);

    assertThat(registry.subscribersOf(SERVICE.id())).hasSize(1);
    assertThat(registry.publisher("p2")).isNotNull();

    // The same document posted again is a new version: what the IP registered since goes too.
    blacklisting.reconcile(switches(4, Set.of(), Set.of(IP), Set.of(), 4), true);

    assertThat(registry.subscribersOf(SERVICE.id())).isEmpty();
    assertThat(registry.publisher("p2")).isNull();
  }

  @Test
  void liftingTheBlacklistRestoresSubscribersWithAFirstPushAndPublishersNewerThanTheirRemoval() {
    Publisher publisher = publish("p1", CONN);
    registry.putSubscriber(subscriber("s1", CONN));
    blacklisting.reconcile(switches(2, Set.of(IP), Set.of(), Set.of(), 2), true);
    writes.clear();

    blacklisting.reconcile(switches(3, Set.of(), Set.of(), Set.of(), 3), true);

    Publisher restored = registry.publisher("p1");
    assertThat(restored.version().isNewerThan(publisher.version())).isTrue();
    assertThat(writes).containsExactly(new PublisherPut(restored));
    assertThat(started).containsExactly("s1");
    assertThat(registry.subscribersOf(SERVICE.id())).hasSize(1);
  }

  @Test
  void aPublisherBlacklistKeepsOutNewPublishersOfTheIpButNotItsNewSubscribers() {
    blacklisting.reconcile(switches(2, Set.of(IP), Set.of(), Set.of(), 2), true);
    registry.putSubscriber(subscriber("s1", CONN));
    publish("p1", CONN);

    blacklisting.reconcile(switches(3, Set.of(IP), Set.of(), Set.of(), 2), false);

    assertThat(registry.publisher("p1")).isNull();
    assertThat(registry.blockedPublisherCount()).isEqualTo(1);
    assertThat(registry.subscribersOf(SERVICE.id())).hasSize(1);
  }

  @Test
  void anIpMatchesOnlyByExactTextAsInTheReference() {
    String v6 = "0:0:0:0:0:0:0:1:5001_127.0.0.1:9600";
    publish("p1", v6);

    blacklisting.reconcile(switches(2, Set.of("::1"), Set.of(), Set.of(), 2), true);

    assertThat(registry.publisher("p1")).isNotNull();
  }

  @Test
  void aBlacklistedDataInfoIdTakesOutItsPublishersAndTheyComeBackWhenItIsDeleted() {
    publish("p1", CONN);

    blacklisting.reconcile(switches(2, Set.of(), Set.of(), Set.of(SERVICE.id()), 0), false);
    assertThat(registry.publisher("p1")).isNull();

    blacklisting.reconcile(switches(3, Set.of(), Set.of(), Set.of(), 0), false);
    assertThat(registry.publisher("p1")).isNotNull();
  }

  @Test
  void nothingListedAndNothingBlockedChangesNothing() {
    publish("p1", CONN);
    registry.putSubscriber(subscriber("s1", CONN));

    blacklisting.reconcile(switches(2, Set.of(), Set.of(), Set.of(), 0), false);

    assertThat(writes).isEmpty();
    assertThat(stopped).isEmpty();
    assertThat(registry.publisherCount()).isEqualTo(1);
  }

  private Publisher publish(String id, String connectId) {
    Publisher publisher =
        new Publisher(
            SERVICE.id(),
            id,
            List.of("v"),
            new RegisterVersion(1, clock.millis()),
            "DEFAULT_ZONE",
            "app",
            connectId,
            SESSION);
    registry.putPublisher(publisher);
    return publisher;
  }

  private static Subscriber subscriber(String id, String connectId) {
    return new Subscriber(id, SERVICE, "zone", "DEFAULT_ZONE", "app", connectId, 1);
  }

  private static RegistrySwitches switches(
      long version,
      Set<String> publisherIps,
      Set<String> subscriberIps,
      Set<String> dataInfoIds,
      long blacklistVersion) {
    return new RegistrySwitches(
        version,
        false,
        Set.of(),
        publisherIps,
        dataInfoIds,
        Set.of(),
        subscriberIps,
        blacklistVersion,
        Set.of(),
        Map.of());
  }
}
