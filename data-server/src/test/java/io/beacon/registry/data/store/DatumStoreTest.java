package io.beacon.registry.data.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.common.colocation.PublisherPool;
import io.beacon.registry.common.model.DataInfo;
import io.beacon.registry.common.model.Datum;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.common.model.RegisterVersion;
import io.beacon.registry.common.model.VersionClock;
import io.beacon.registry.common.protocol.PublisherPut;
import io.beacon.registry.common.protocol.PublisherRemoval;
import io.beacon.registry.common.protocol.PublisherWrite;
import io.beacon.registry.common.protocol.Status;
import io.beacon.registry.common.slot.SlotFunction;
import io.beacon.registry.testing.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatumStoreTest {

  private static final String ID = new DataInfo("com.example.Echo", null, null).id();
  private static final ProcessId SESSION_A = new ProcessId("10.0.0.1", 1L, 11L, 1);
  private static final ProcessId SESSION_B = new ProcessId("10.0.0.2", 2L, 22L, 2);
  private static final Duration RETENTION = Duration.ofSeconds(180);
  private static final long TERM = 7L;

  private final ManualClock clock = new ManualClock();
  private final DatumStore store =
      new DatumStore(new SlotFunction(16), new VersionClock(clock), clock, RETENTION);
  private final SlotStore slot = store.slot(store.slotOf(ID));

  @Test
  void aNewerPutReplacesTheStoredPublisherAndBumpsTheVersion() {
    Map<String, Long> first = write(put("r1", List.of("a"), 1, SESSION_A));
    Map<String, Long> second = write(put("r1", List.of("b"), 2, SESSION_A));

    assertThat(first).containsOnlyKeys(ID);
    assertThat(second.get(ID)).isGreaterThan(first.get(ID));
    assertThat(datum().publishers())
        .singleElement()
        .satisfies(p -> assertThat(p.values()).containsExactly("b"));
  }

  @Test
  void anOlderOrEqualPutIsIgnoredAndChangesNothing() {
    write(put("r1", List.of("new"), 5, SESSION_A));
    long version = datum().version();

    assertThat(write(put("r1", List.of("old"), 4, SESSION_A))).isEmpty();
    assertThat(write(put("r1", List.of("same-version"), 5, SESSION_A))).isEmpty();

    assertThat(datum().version()).isEqualTo(version);
    assertThat(datum().publishers().get(0).values()).containsExactly("new");
  }

  @Test
  void aTimestampBreaksTheTieBetweenEqualClientVersions() {
    write(put("r1", List.of("a"), new RegisterVersion(3, 100), SESSION_A, "c1"));
    Map<String, Long> replay =
        write(put("r1", List.of("b"), new RegisterVersion(3, 200), SESSION_A, "c1"));

    assertThat(replay).containsOnlyKeys(ID);
    assertThat(datum().publishers().get(0).values()).containsExactly("b");
  }

  @Test
  void aRemovalOfTheOwningSessionAtTheSameOrNewerVersionRemovesThePublisher() {
    write(put("r1", List.of("a"), 3, SESSION_A));
    long before = datum().version();

    Map<String, Long> changed = write(removal("r1", 3, SESSION_A));

    assertThat(changed.get(ID)).isGreaterThan(before);
    assertThat(datum().publishers()).isEmpty();
  }

  @Test
  void aRemovalFromAnotherSessionDoesNotRemoveThePublisher() {
    write(put("r1", List.of("a"), 3, SESSION_B));

    assertThat(write(removal("r1", 9, SESSION_A))).isEmpty();

    assertThat(datum().publishers()).hasSize(1);
  }

  @Test
  void aRemovalOlderThanTheStoredPublisherDoesNotRemoveIt() {
    write(put("r1", List.of("a"), 5, SESSION_A));

    assertThat(write(removal("r1", 4, SESSION_A))).isEmpty();

    assertThat(datum().publishers()).hasSize(1);
  }

  @Test
  void aTombstoneBlocksALateOlderPutFromAnySession() {
    write(put("r1", List.of("a"), 3, SESSION_A));
    write(removal("r1", 5, SESSION_A));
    long afterRemoval = datum().version();

    assertThat(write(put("r1", List.of("late"), 4, SESSION_B))).isEmpty();
    assertThat(write(put("r1", List.of("late"), 5, SESSION_A))).isEmpty();

    assertThat(datum().publishers()).isEmpty();
    assertThat(datum().version()).isEqualTo(afterRemoval);
  }

  /**
   * Regression: a put retried by its session can reach the leader after the removal that replaced
   * it in the session's queue; the removal found nothing to remove and left no tombstone, so the
   * late put created a publisher nobody owned any more.
   */
  @Test
  void aRemovalThatOvertakesItsPutStillKeepsThePutOut() {
    write(removal("r1", 2, SESSION_A));

    assertThat(write(put("r1", List.of("late"), 1, SESSION_A))).isEmpty();
    assertThat(datum().publishers()).isEmpty();
    assertThat(write(put("r1", List.of("replayed"), 3, SESSION_A))).isNotEmpty();
  }

  @Test
  void aPutNewerThanTheTombstoneIsStored() {
    write(put("r1", List.of("a"), 3, SESSION_A));
    write(removal("r1", 5, SESSION_A));

    assertThat(write(put("r1", List.of("back"), 6, SESSION_B))).containsOnlyKeys(ID);

    assertThat(datum().publishers())
        .singleElement()
        .satisfies(p -> assertThat(p.values()).containsExactly("back"));
  }

  /**
   * Why a session re-stamps a blacklisted publisher it restores: its removal left a tombstone at
   * the publisher's own version, so the same publisher sent again is refused, and only the same
   * client version with a later registration timestamp is stored.
   */
  @Test
  void aPublisherBlockedAndRestoredIsStoredOnlyWhenReStampedPastItsTombstone() {
    RegisterVersion version = new RegisterVersion(3, 1_000);
    write(put("r1", List.of("a"), version, SESSION_A, "c1"));
    write(removal("r1", version, SESSION_A));

    assertThat(write(put("r1", List.of("a"), version, SESSION_A, "c1"))).isEmpty();
    assertThat(datum().publishers()).isEmpty();
    assertThat(write(put("r1", List.of("a"), new RegisterVersion(3, 1_001), SESSION_A, "c1")))
        .containsOnlyKeys(ID);
    assertThat(datum().publishers()).hasSize(1);
  }

  @Test
  void tombstonesAreCompactedOnlyOnceTheRetentionHasPassed() {
    write(put("r1", List.of("a"), 3, SESSION_A));
    write(removal("r1", 5, SESSION_A));
    assertThat(store.counts().tombstones()).isEqualTo(1);

    clock.advance(RETENTION.minusMillis(1));
    assertThat(store.tick(clock.instant())).isZero();
    assertThat(write(put("r1", List.of("late"), 4, SESSION_A))).isEmpty();

    clock.advance(Duration.ofMillis(1));
    assertThat(store.tick(clock.instant())).isEqualTo(1);
    assertThat(store.counts().tombstones()).isZero();
    assertThat(write(put("r1", List.of("late"), 4, SESSION_A))).containsOnlyKeys(ID);
  }

  @Test
  void eachTombstoneOfAGroupIsCompactedWhenItsOwnRetentionHasPassed() {
    write(removal("r1", 5, SESSION_A));
    clock.advance(Duration.ofSeconds(60));
    write(removal("r2", 5, SESSION_A));
    write(removal("r3", 5, SESSION_A));
    clock.advance(Duration.ofSeconds(60));
    write(removal("r4", 5, SESSION_A));
    // A newer put supersedes the oldest tombstone but the group's oldest time stays behind.
    write(put("r1", List.of("back"), 6, SESSION_A));
    assertThat(store.counts().tombstones()).isEqualTo(3);

    clock.advance(Duration.ofSeconds(60));
    assertThat(store.tick(clock.instant())).as("r1's time: nothing due").isZero();
    clock.advance(Duration.ofSeconds(60));
    assertThat(store.tick(clock.instant())).as("r2 and r3").isEqualTo(2);
    clock.advance(Duration.ofSeconds(59));
    assertThat(store.tick(clock.instant())).isZero();
    clock.advance(Duration.ofSeconds(1));
    assertThat(store.tick(clock.instant())).as("r4").isEqualTo(1);
    assertThat(store.counts().tombstones()).isZero();
    assertThat(datum().publishers())
        .singleElement()
        .satisfies(p -> assertThat(p.registerId()).isEqualTo("r1"));
  }

  @Test
  void aGroupWhoseTombstonesWereCompactedHasItsLaterTombstonesCompactedToo() {
    write(put("r1", List.of("a"), 3, SESSION_A));
    write(removal("r1", 5, SESSION_A));
    clock.advance(RETENTION);
    assertThat(store.tick(clock.instant())).isEqualTo(1);

    write(put("r1", List.of("b"), 6, SESSION_A));
    write(removal("r1", 7, SESSION_A));
    assertThat(store.counts().tombstones()).isEqualTo(1);
    clock.advance(RETENTION);

    assertThat(store.tick(clock.instant())).isEqualTo(1);
    assertThat(store.counts().tombstones()).isZero();
  }

  @Test
  void anOwnerOnlyChangeReplacesThePublisherWithoutBumpingTheVersion() {
    write(put("r1", List.of("a"), new RegisterVersion(1, 100), SESSION_A, "1.1.1.1:5_s1:9600"));
    long version = datum().version();

    Map<String, Long> changed =
        write(put("r1", List.of("a"), new RegisterVersion(1, 200), SESSION_B, "1.1.1.1:6_s2:9600"));

    assertThat(changed).isEmpty();
    Datum datum = datum();
    assertThat(datum.version()).isEqualTo(version);
    assertThat(datum.publishers())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.sessionProcessId()).isEqualTo(SESSION_B);
              assertThat(p.connectId()).isEqualTo("1.1.1.1:6_s2:9600");
            });
  }

  @Test
  void theNewOwnerAloneCanRemoveAPublisherAfterAnOwnerChange() {
    write(put("r1", List.of("a"), new RegisterVersion(1, 100), SESSION_A, "c1"));
    write(put("r1", List.of("a"), new RegisterVersion(1, 200), SESSION_B, "c2"));

    assertThat(write(removal("r1", new RegisterVersion(1, 100), SESSION_A))).isEmpty();
    assertThat(write(removal("r1", new RegisterVersion(1, 200), SESSION_B))).containsOnlyKeys(ID);
  }

  @Test
  void datumVersionsStrictlyGrowEvenWhenTheClockStandsStillOrStepsBack() {
    long last = Datum.NO_VERSION;
    for (int i = 1; i <= 20; i++) {
      if (i == 10) {
        clock.advance(Duration.ofMinutes(-5));
      }
      long version = write(put("r" + (i % 3), List.of("v" + i), i, SESSION_A)).get(ID);
      assertThat(version).isGreaterThan(last);
      last = version;
    }
  }

  @Test
  void aDatumWhosePublishersAreAllGoneStaysEmptyWithItsRealVersion() {
    write(put("r1", List.of("a"), 1, SESSION_A), put("r2", List.of("b"), 1, SESSION_A));
    write(removal("r1", 1, SESSION_A), removal("r2", 1, SESSION_A));

    Datum datum = datum();
    assertThat(datum.publishers()).isEmpty();
    assertThat(datum.version()).isGreaterThan(Datum.EMPTY_PUSH_VERSION);
    assertThat(store.counts().datums()).isEqualTo(1);
  }

  @Test
  void anUnknownDataInfoIdReadsAsTheEmptyDatum() {
    assertThat(store.datum(ID)).isEqualTo(Datum.empty(ID));
  }

  @Test
  void writesOfOneBatchAreAppliedInOrderAndReportTheLastVersion() {
    Map<String, Long> changed =
        write(
            put("r1", List.of("a"), 1, SESSION_A),
            put("r1", List.of("b"), 2, SESSION_A),
            removal("r1", 2, SESSION_A));

    assertThat(changed.get(ID)).isEqualTo(datum().version());
    assertThat(datum().publishers()).isEmpty();
  }

  @Test
  void aSnapshotDoesNotChangeWhenTheStoreDoes() {
    write(put("r1", List.of("a"), 1, SESSION_A));
    Datum before = datum();

    write(put("r2", List.of("b"), 1, SESSION_A));

    assertThat(before.publishers()).hasSize(1);
    assertThat(datum().publishers()).hasSize(2);
  }

  @Test
  void aRefusedAccessAppliesNothing() {
    WriteResult result =
        slot.write(
            () -> Status.NOT_LEADER, TERM, List.of(put("r1", List.of("a"), 1, SESSION_A)), 0L);

    assertThat(result.status()).isEqualTo(Status.NOT_LEADER);
    assertThat(store.counts()).isEqualTo(StoreCounts.ZERO);
    assertThat(slot.read(() -> Status.STALE_EPOCH, TERM, List.of(ID)).datums()).isEmpty();
  }

  @Test
  void aRequestOfANewerLeaderTermDiscardsDataOfTheOlderTerm() {
    write(put("r1", List.of("a"), 1, SESSION_A));

    ReadResult read = slot.read(() -> Status.OK, TERM + 1, List.of(ID));

    assertThat(read.datums()).containsExactly(Datum.empty(ID));
  }

  @Test
  void droppingASlotForgetsItsDatums() {
    write(put("r1", List.of("a"), 1, SESSION_A));

    assertThat(slot.drop().publishers()).isEqualTo(1);

    assertThat(store.datum(ID)).isEqualTo(Datum.empty(ID));
  }

  @Test
  void aStoreWithASharedPoolStoresThePooledInstanceOfAnEqualPublisher() {
    PublisherPool pool = PublisherPool.shared();
    DatumStore shared =
        new DatumStore(new SlotFunction(16), new VersionClock(clock), clock, RETENTION, pool);
    // What a session in the same JVM stored; the write arrives as an equal, decoded copy.
    Publisher sessions = pool.share(put("r1", List.of("a"), 1, SESSION_A).publisher());
    PublisherPut decoded = put("r1", List.of("a"), 1, SESSION_A);
    assertThat(decoded.publisher()).isEqualTo(sessions).isNotSameAs(sessions);

    SlotStore sharedSlot = shared.slot(shared.slotOf(ID));
    sharedSlot.write(() -> Status.OK, TERM, List.of(decoded), clock.millis());

    Datum stored = sharedSlot.read(() -> Status.OK, TERM, List.of(ID)).datums().get(0);
    assertThat(stored.publishers()).singleElement().isSameAs(sessions);
  }

  private Datum datum() {
    return slot.read(() -> Status.OK, TERM, List.of(ID)).datums().get(0);
  }

  private Map<String, Long> write(PublisherWrite... writes) {
    WriteResult result = slot.write(() -> Status.OK, TERM, List.of(writes), clock.millis());
    assertThat(result.status()).isEqualTo(Status.OK);
    return result.changedVersions();
  }

  private static PublisherPut put(
      String registerId, List<String> values, long version, ProcessId owner) {
    return put(registerId, values, new RegisterVersion(version, 1000L), owner, "1.1.1.1:5_s:9600");
  }

  private static PublisherPut put(
      String registerId,
      List<String> values,
      RegisterVersion version,
      ProcessId owner,
      String connectId) {
    return new PublisherPut(
        new Publisher(ID, registerId, values, version, "DEFAULT_ZONE", "app", connectId, owner));
  }

  private static PublisherRemoval removal(String registerId, long version, ProcessId owner) {
    return removal(registerId, new RegisterVersion(version, 1000L), owner);
  }

  private static PublisherRemoval removal(
      String registerId, RegisterVersion version, ProcessId owner) {
    return new PublisherRemoval(ID, registerId, version, owner);
  }
}
