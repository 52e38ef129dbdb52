package io.beacon.registry.meta.leader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.beacon.registry.meta.persistence.DatabaseFixture;
import io.beacon.registry.meta.persistence.LeaderLeaseRepository;
import io.beacon.registry.meta.persistence.TestDatabases;
import io.beacon.registry.meta.persistence.TestDatabases.Kind;
import io.beacon.registry.testing.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Election on H2 with one {@link ManualClock} standing for both the database clock and the local
 * monotonic clock: rounds are driven by hand, so every deadline is checked to the millisecond.
 */
class LeaseElectorTest {

  @RegisterExtension static final DatabaseFixture databases = new DatabaseFixture();

  static final Duration LEASE = LeaseElector.DEFAULT_LEASE;
  static final Duration RENEW = LeaseElector.DEFAULT_RENEW_INTERVAL;
  private static final Duration STEP = Duration.ofMillis(100);

  /** What a listener heard: leadership, and the known leader and its term (null / 0 if none). */
  record Event(boolean leader, String owner, long term) {}

  private final ManualClock clock = new ManualClock();
  private final String cluster = TestDatabases.newClusterId();
  private final Map<String, List<Event>> events = new ConcurrentHashMap<>();
  private final List<LeaseElector> electors = new ArrayList<>();

  @AfterEach
  void stopElectors() {
    electors.forEach(LeaseElector::abandon);
  }

  private LeaderLeaseRepository leases() {
    return databases.database(Kind.H2).leases();
  }

  private LeaseElector elector(String name, LeaderLeaseRepository leases) {
    LeaseElector elector =
        new LeaseElector(
            leases,
            cluster,
            name + ":9611",
            name + ":9615",
            LEASE,
            RENEW,
            clock::millis,
            () -> TimeUnit.MILLISECONDS.toNanos(clock.millis()),
            (leader, lease) ->
                events
                    .computeIfAbsent(name, n -> new CopyOnWriteArrayList<>())
                    .add(
                        new Event(
                            leader,
                            lease == null ? null : lease.owner(),
                            lease == null ? 0 : lease.term())));
    electors.add(elector);
    return elector;
  }

  private static void round(LeaseElector... electors) {
    for (LeaseElector elector : electors) {
      elector.tick();
    }
  }

  private static long leaders(LeaseElector... electors) {
    return Stream.of(electors).filter(LeaseElector::isLeader).count();
  }

  @Test
  void exactlyOneOfThreeElectorsLeadsAndTheOthersKnowWho() {
    LeaseElector a = elector("a", leases());
    LeaseElector b = elector("b", leases());
    LeaseElector c = elector("c", leases());

    for (int i = 0; i < 20; i++) {
      round(a, b, c);
      assertThat(leaders(a, b, c)).isEqualTo(1);
      clock.advance(RENEW);
    }

    assertThat(a.isLeader()).isTrue();
    for (LeaseElector elector : List.of(a, b, c)) {
      assertThat(elector.leaderAddress()).isEqualTo("a:9611");
      assertThat(elector.leaderHttpAddress()).isEqualTo("a:9615");
      assertThat(elector.term()).isEqualTo(1);
    }
  }

  @Test
  void aCrashedLeadersLeaseIsTakenOnlyOnceItExpiresAndWithinLeasePlusRenew() {
    LeaseElector a = elector("a", leases());
    LeaseElector b = elector("b", leases());
    LeaseElector c = elector("c", leases());
    round(a, b, c);
    clock.advance(RENEW);
    round(a, b, c);
    long lastRenewal = clock.millis();
    clock.advance(Duration.ofMillis(300));
    long crash = clock.millis();

    a.abandon();
    while (leaders(b, c) == 0) {
      clock.advance(RENEW);
      round(b, c);
      if (clock.millis() < lastRenewal + LEASE.toMillis()) {
        assertThat(leaders(b, c)).isZero();
      }
    }

    assertThat(clock.millis() - crash).isLessThanOrEqualTo(LEASE.plus(RENEW).toMillis());
    assertThat(leaders(a, b, c)).isEqualTo(1);
    LeaseElector successor = b.isLeader() ? b : c;
    assertThat(successor.term()).isEqualTo(2);
    round(b, c);
    assertThat(b.leaderAddress()).isEqualTo(c.leaderAddress()).isNotEqualTo("a:9611");
  }

  @Test
  void aLeaderThatCannotRenewStopsLeadingAtItsDeadlineBeforeAnotherCanTakeOver() {
    FlakyLeases flaky = new FlakyLeases(leases());
    LeaseElector a = elector("a", flaky);
    LeaseElector b = elector("b", leases());
    round(a, b);
    long start = clock.millis();
    flaky.failing(true);

    long aStopped = -1;
    long bStarted = -1;
    while (bStarted < 0) {
      clock.advance(STEP);
      round(a, b);
      assertThat(leaders(a, b)).isLessThanOrEqualTo(1);
      if (aStopped < 0 && !a.isLeader()) {
        aStopped = clock.millis();
      }
      if (b.isLeader()) {
        bStarted = clock.millis();
      }
    }

    assertThat(aStopped - start).isEqualTo(LEASE.minus(RENEW).toMillis());
    assertThat(bStarted - start).isEqualTo(LEASE.toMillis());
    assertThat(events.get("a"))
        .containsExactly(new Event(true, "a:9611", 1), new Event(false, null, 0));
    assertThat(events.get("b"))
        .containsExactly(new Event(false, "a:9611", 1), new Event(true, "b:9611", 2));
  }

  @Test
  void aLeaderRecoversAfterAFailedRoundWithoutLosingItsTerm() {
    FlakyLeases flaky = new FlakyLeases(leases());
    LeaseElector a = elector("a", flaky);
    a.tick();
    flaky.failing(true);
    clock.advance(RENEW);
    a.tick();
    assertThat(a.isLeader()).isTrue();

    flaky.failing(false);
    clock.advance(RENEW);
    a.tick();

    assertThat(a.isLeader()).isTrue();
    assertThat(a.term()).isEqualTo(1);
    assertThat(events.get("a")).containsExactly(new Event(true, "a:9611", 1));
  }

  @Test
  void aSlowDatabaseMakesTheDeadlineEarlierNeverLater() {
    FlakyLeases slow = new FlakyLeases(leases());
    slow.duringAcquire(() -> clock.advance(Duration.ofSeconds(2)));
    LeaseElector a = elector("a", slow);
    long start = clock.millis();

    a.tick();

    assertThat(a.isLeader()).isTrue();
    clock.set(java.time.Instant.ofEpochMilli(start + LEASE.minus(RENEW).toMillis() - 1));
    assertThat(a.isLeader()).isTrue();
    clock.advance(Duration.ofMillis(1));
    assertThat(a.isLeader()).isFalse();
    assertThat(a.leaderAddress()).isNull();
  }

  @Test
  void aCleanCloseHandsTheLeaseOverAtTheNextRound() {
    LeaseElector a = elector("a", leases());
    LeaseElector b = elector("b", leases());
    round(a, b);

    a.close();
    assertThat(a.isLeader()).isFalse();
    b.tick();

    assertThat(b.isLeader()).isTrue();
    assertThat(b.term()).isEqualTo(2);
    a.tick();
    a.close();
    assertThat(a.isLeader()).isFalse();
    assertThat(leases().read(cluster).orElseThrow().owner()).isEqualTo("b:9611");
  }

  /**
   * Regression: a meta server closes its ports before its resources, so at {@code close()} the
   * address supplier answers null; the lease was then kept until it expired (3 s in the process
   * tests) instead of being released (found by {@code GracefulLeaveIT}).
   */
  @Test
  void aLeaderWhosePortClosedFirstStillReleasesItsLease() {
    java.util.concurrent.atomic.AtomicReference<String> bound =
        new java.util.concurrent.atomic.AtomicReference<>("a:9611");
    LeaseElector a =
        new LeaseElector(
            leases(),
            cluster,
            bound::get,
            () -> "a:9615",
            LEASE,
            RENEW,
            clock::millis,
            () -> TimeUnit.MILLISECONDS.toNanos(clock.millis()),
            (leader, lease) -> {});
    electors.add(a);
    LeaseElector b = elector("b", leases());
    round(a, b);
    assertThat(a.isLeader()).isTrue();

    bound.set(null);
    a.close();
    b.tick();

    assertThat(b.isLeader()).isTrue();
    assertThat(leases().read(cluster).orElseThrow().owner()).isEqualTo("b:9611");
  }

  @Test
  void listenersHearOfLeadershipAndLeaderChangesButNotOfRenewals() {
    LeaseElector a = elector("a", leases());
    LeaseElector b = elector("b", leases());
    for (int i = 0; i < 3; i++) {
      round(a, b);
      clock.advance(RENEW);
    }

    a.close();
    b.tick();
    b.tick();

    assertThat(events.get("a"))
        .containsExactly(new Event(true, "a:9611", 1), new Event(false, null, 0));
    assertThat(events.get("b"))
        .containsExactly(new Event(false, "a:9611", 1), new Event(true, "b:9611", 2));
  }

  @Test
  void aFollowerForgetsALeaderWhoseLeaseRanOutUnrenewed() {
    LeaseElector a = elector("a", leases());
    LeaseElector b = elector("b", leases());
    round(a, b);
    a.abandon();

    clock.advance(LEASE.minusMillis(1));
    assertThat(b.leaderAddress()).isEqualTo("a:9611");
    clock.advance(Duration.ofMillis(1));

    assertThat(b.leaderAddress()).isNull();
    assertThat(b.knownLease()).isEmpty();
    assertThat(b.term()).isEqualTo(1);
  }

  @Test
  void roundsDoNothingUntilTheOwnAddressIsKnown() {
    String[] address = {null};
    LeaseElector a =
        new LeaseElector(
            leases(),
            cluster,
            () -> address[0],
            () -> null,
            LEASE,
            RENEW,
            clock::millis,
            () -> TimeUnit.MILLISECONDS.toNanos(clock.millis()),
            (leader, lease) -> {});
    electors.add(a);

    a.tick();
    assertThat(a.isLeader()).isFalse();
    assertThat(leases().read(cluster)).isEmpty();

    address[0] = "a:9611";
    a.tick();
    assertThat(a.isLeader()).isTrue();
    assertThat(a.leaderHttpAddress()).isNull();
  }

  @Test
  void aFailingListenerDoesNotStopTheElection() {
    LeaseElector a =
        new LeaseElector(
            leases(),
            cluster,
            "a:9611",
            "a:9615",
            LEASE,
            RENEW,
            clock::millis,
            () -> TimeUnit.MILLISECONDS.toNanos(clock.millis()),
            (leader, lease) -> {
              throw new IllegalStateException("listener bug");
            });
    electors.add(a);

    a.tick();

    assertThat(a.isLeader()).isTrue();
  }

  @Test
  void aLeaseThatLeavesNoRoomForRenewalsIsRejected() {
    assertThatThrownBy(
            () ->
                new LeaseElector(
                    leases(),
                    cluster,
                    "a:1",
                    "a:2",
                    Duration.ofSeconds(2),
                    Duration.ofSeconds(1),
                    clock::millis,
                    System::nanoTime,
                    (leader, lease) -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected: > 2 x renewInterval");
  }
}
