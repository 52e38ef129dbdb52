package io.beacon.registry.data.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.beacon.registry.common.model.DataInfo;
import io.beacon.registry.common.model.Datum;
import io.beacon.registry.common.model.DatumDelta;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A slot's answers to a session that names the version of a datum it already holds. */
class SlotStoreDeltaTest {

  private static final String ID = new DataInfo("com.example.Echo", null, null).id();
  private static final ProcessId SESSION_A = new ProcessId("10.0.0.1", 1L, 11L, 1);
  private static final ProcessId SESSION_B = new ProcessId("10.0.0.2", 2L, 22L, 2);
  private static final long TERM = 7L;

  private final ManualClock clock = new ManualClock();
  private final DatumStore store =
      new DatumStore(new SlotFunction(16), new VersionClock(clock), clock, Duration.ofSeconds(180));
  private final SlotStore slot = store.slot(store.slotOf(ID));
  private final Map<String, Long> clientVersions = new HashMap<>();

  @Test
  void aReadThatNamesNoVersionIsAnsweredWhole() {
    write(put("r1", "a", SESSION_A));

    ReadResult read = read(Datum.NO_VERSION);

    assertThat(read.deltas()).isEmpty();
    assertThat(read.datums()).singleElement().isEqualTo(store.datum(ID));
  }

  @Test
  void aSessionThatHoldsTheCurrentVersionGetsAnEmptyDelta() {
    write(put("r1", "a", SESSION_A));
    Datum held = read(Datum.NO_VERSION).datums().get(0);

    ReadResult read = read(held.version());

    assertThat(read.datums()).isEmpty();
    assertThat(read.deltas())
        .containsExactly(new DatumDelta(ID, held.version(), held.version(), List.of(), List.of()));
  }

  @Test
  void aChangeAfterASessionsReadIsAnsweredWithOnlyTheChangedPublisher() {
    write(put("r1", "a", SESSION_A), put("r2", "b", SESSION_A), put("r3", "c", SESSION_A));
    Datum held = read(Datum.NO_VERSION).datums().get(0);

    write(put("r2", "b2", SESSION_A), removal("r3", SESSION_A), put("r4", "d", SESSION_B));
    DatumDelta delta = read(held.version()).deltas().get(0);

    assertThat(delta.fromVersion()).isEqualTo(held.version());
    assertThat(delta.version()).isEqualTo(store.datum(ID).version());
    assertThat(delta.changed()).extracting(Publisher::registerId).containsExactly("r2", "r4");
    assertThat(delta.removedRegisterIds()).containsExactly("r3");
    assertThat(delta.applyTo(held)).isEqualTo(store.datum(ID));
  }

  @Test
  void aPublisherRemovedAndStoredAgainEndsWhereTheLeaderHoldsIt() {
    write(put("r1", "a", SESSION_A), put("r2", "b", SESSION_A), put("r3", "c", SESSION_A));
    Datum held = read(Datum.NO_VERSION).datums().get(0);

    write(removal("r1", SESSION_A), put("r1", "a2", SESSION_A));
    DatumDelta delta = read(held.version()).deltas().get(0);

    assertThat(delta.removedRegisterIds()).containsExactly("r1");
    assertThat(delta.changed()).extracting(Publisher::registerId).containsExactly("r1");
    assertThat(delta.applyTo(held).publishers())
        .extracting(Publisher::registerId)
        .containsExactly("r2", "r3", "r1");
    assertThat(delta.applyTo(held)).isEqualTo(store.datum(ID));
  }

  @Test
  void moreChangesThanTheLogHoldsAreAnsweredWhole() {
    write(put("r1", "a", SESSION_A));
    Datum held = read(Datum.NO_VERSION).datums().get(0);

    for (int i = 0; i <= SlotStore.CHANGE_LOG_CAPACITY; i++) {
      write(put("r1", "a" + i, SESSION_A));
    }
    ReadResult read = read(held.version());

    assertAnsweredWhole(read);
  }

  @Test
  void changesBeforeTheFirstSessionReadAreAnsweredWhole() {
    write(put("r1", "a", SESSION_A));
    long before = store.datum(ID).version();
    write(put("r2", "b", SESSION_A));

    // The datum's log starts at this read: what happened before it is not known.
    ReadResult read = read(before);

    assertAnsweredWhole(read);
  }

  @Test
  void aVersionBumpAfterAMigrationMakesEveryHeldVersionFetchWhole() {
    write(put("r1", "a", SESSION_A));
    Datum held = read(Datum.NO_VERSION).datums().get(0);

    assertThat(slot.bumpVersions(() -> Status.OK, TERM).status()).isEqualTo(Status.OK);
    ReadResult read = read(held.version());

    assertAnsweredWhole(read);
  }

  @Test
  void aVersionTheDatumHasNotReachedIsAnsweredWhole() {
    write(put("r1", "a", SESSION_A));
    long current = read(Datum.NO_VERSION).datums().get(0).version();

    ReadResult read = read(current + 1);

    assertAnsweredWhole(read);
  }

  @Test
  void knownVersionsMustBeOnePerDataInfoId() {
    assertThatThrownBy(() -> slot.read(() -> Status.OK, TERM, List.of(ID), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("knownVersions: 0");
  }

  /**
   * Random puts, replacements, owner-only replacements, removals and re-adds, read now and then by
   * a session that keeps what it read and names its version: applying each answer to what it held
   * always gives what a subscriber of the leader's datum would see, in the leader's order.
   */
  @Test
  void aSessionApplyingEveryAnswerHoldsWhatTheLeaderHolds() {
    Random random = new Random(20261206L);
    Datum held = read(Datum.NO_VERSION).datums().get(0);
    int deltas = 0;
    for (int step = 0; step < 3_000; step++) {
      String registerId = "r" + random.nextInt(12);
      int operation = random.nextInt(10);
      if (operation < 5) {
        write(put(registerId, "v" + random.nextInt(4), SESSION_A));
      } else if (operation < 6) {
        // Same values through another session: replaces the record, not what subscribers see.
        Publisher stored =
            slot.read(() -> Status.OK, TERM, List.of(ID)).datums().get(0).publishers().stream()
                .filter(p -> p.registerId().equals(registerId))
                .findFirst()
                .orElse(null);
        if (stored != null) {
          write(put(registerId, stored.values().get(0), SESSION_B));
        }
      } else if (operation < 8) {
        write(removal(registerId, SESSION_A), removal(registerId, SESSION_B));
      }
      if (random.nextInt(4) == 0) {
        ReadResult read = read(held.version());
        if (read.deltas().isEmpty()) {
          held = read.datums().get(0);
        } else {
          held = read.deltas().get(0).applyTo(held);
          deltas++;
        }
        assertThat(visible(held)).isEqualTo(visible(store.datum(ID)));
        assertThat(held.version()).isEqualTo(store.datum(ID).version());
      }
    }
    assertThat(deltas).isGreaterThan(100);
  }

  /** What a subscriber sees of a datum: each publisher's registerId, values and zone, in order. */
  private static List<List<Object>> visible(Datum datum) {
    return datum.publishers().stream()
        .map(p -> List.<Object>of(p.registerId(), p.values(), p.zone(), p.appName()))
        .toList();
  }

  private void assertAnsweredWhole(ReadResult read) {
    assertThat(read.deltas()).isEmpty();
    assertThat(read.datums()).containsExactly(store.datum(ID));
  }

  private ReadResult read(long knownVersion) {
    ReadResult read = slot.read(() -> Status.OK, TERM, List.of(ID), List.of(knownVersion));
    assertThat(read.status()).isEqualTo(Status.OK);
    assertThat(read.datums().size() + read.deltas().size()).isEqualTo(1);
    return read;
  }

  private void write(PublisherWrite... writes) {
    WriteResult result = slot.write(() -> Status.OK, TERM, List.of(writes), clock.millis());
    assertThat(result.status()).isEqualTo(Status.OK);
  }

  private PublisherPut put(String registerId, String value, ProcessId owner) {
    long version = clientVersions.merge(registerId, 1L, Long::sum);
    return new PublisherPut(
        new Publisher(
            ID,
            registerId,
            List.of(value),
            new RegisterVersion(version, 1000L),
            "DEFAULT_ZONE",
            "app",
            "1.1.1.1:5_s:9600",
            owner));
  }

  private PublisherRemoval removal(String registerId, ProcessId owner) {
    long version = clientVersions.merge(registerId, 1L, Long::sum);
    return new PublisherRemoval(ID, registerId, new RegisterVersion(version, 1000L), owner);
  }
}
