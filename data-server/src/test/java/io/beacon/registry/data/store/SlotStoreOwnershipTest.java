package io.beacon.registry.data.store;

import static io.beacon.registry.testing.TestPublishers.publisher;
import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.common.digest.PublisherSummary;
import io.beacon.registry.common.digest.SlotDigest;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The per-owner views of a slot that renews, syncs and lease expiry rely on. */
class SlotStoreOwnershipTest {

  private static final ProcessId A = new ProcessId("10.0.0.1", 1L, 11L, 1);
  private static final ProcessId B = new ProcessId("10.0.0.2", 2L, 22L, 2);
  private static final long TERM = 3L;

  private final ManualClock clock = new ManualClock();
  // One slot, so every dataInfoId lands in it.
  private final DatumStore store =
      new DatumStore(new SlotFunction(1), new VersionClock(clock), clock, Duration.ofMinutes(3));
  private final SlotStore slot = store.slot(0);

  @Test
  void theOwnedDigestIsAlwaysTheDigestOfTheStoredPublishersOfThatOwner() {
    Random random = new Random(42);
    for (int i = 0; i < 2_000; i++) {
      String id = "d" + random.nextInt(5);
      String registerId = "r" + random.nextInt(20);
      ProcessId owner = random.nextBoolean() ? A : B;
      long version = random.nextInt(8);
      PublisherWrite write =
          random.nextInt(3) == 0
              ? new PublisherRemoval(id, registerId, new RegisterVersion(version, 1000L), owner)
              : new PublisherPut(publisher(id, registerId, version, owner));
      write(write);

      if (i % 50 == 0) {
        assertThat(ownedDigest(A)).isEqualTo(SlotDigest.ofPublishers(storedOwnedBy(A)));
        assertThat(ownedDigest(B)).isEqualTo(SlotDigest.ofPublishers(storedOwnedBy(B)));
      }
    }
    assertThat(ownedDigest(A)).isEqualTo(SlotDigest.ofPublishers(storedOwnedBy(A)));
    assertThat(slot.owners()).containsExactlyInAnyOrderElementsOf(ownersStored());
  }

  @Test
  void aPublisherTakenOverByAnotherSessionMovesToThatSessionsDigest() {
    write(new PublisherPut(publisher("d", "r1", 1, A)));

    write(new PublisherPut(publisher("d", "r1", 2, B)));

    assertThat(ownedDigest(A)).isEqualTo(SlotDigest.EMPTY);
    assertThat(ownedDigest(B).publisherCount()).isEqualTo(1);
    assertThat(slot.owners()).containsExactly(B);
  }

  @Test
  void ownedSummariesNameEveryAskedIdAndOnlyTheOwnersPublishers() {
    write(
        new PublisherPut(publisher("d1", "r1", 1, A)),
        new PublisherPut(publisher("d1", "r2", 4, B)),
        new PublisherPut(publisher("d2", "r3", 2, A)));

    SlotRead<List<PublisherSummary>> read =
        slot.ownedSummaries(() -> Status.OK, TERM, A, List.of("d1", "d3"));

    assertThat(read.status()).isEqualTo(Status.OK);
    assertThat(read.value())
        .containsExactly(
            new PublisherSummary("d1", Map.of("r1", new RegisterVersion(1, 1000L))),
            PublisherSummary.empty("d3"));
  }

  @Test
  void expiringAnOwnerRemovesExactlyItsPublishersAndLeavesTombstones() {
    write(
        new PublisherPut(publisher("d1", "r1", 1, A)),
        new PublisherPut(publisher("d1", "r2", 4, B)),
        new PublisherPut(publisher("d2", "r3", 2, A)));
    long d1Before = slot.datum("d1").version();

    ExpiryResult result = slot.expire(() -> Status.OK, TERM, A, clock.millis());

    assertThat(result.status()).isEqualTo(Status.OK);
    assertThat(result.removedPublishers()).isEqualTo(2);
    assertThat(result.changedVersions()).containsOnlyKeys("d1", "d2");
    assertThat(result.changedVersions().get("d1")).isGreaterThan(d1Before);
    assertThat(slot.datum("d1").publishers())
        .extracting(Publisher::registerId)
        .containsExactly("r2");
    assertThat(slot.datum("d2").publishers()).isEmpty();
    assertThat(slot.owners()).containsExactly(B);
    assertThat(slot.counts().tombstones()).isEqualTo(2);
    // The tombstone keeps a late copy at the expired version out.
    assertThat(write(new PublisherPut(publisher("d1", "r1", 1, A)))).isEmpty();
  }

  @Test
  void everyOwnerViewIsRefusedWithoutAccessAndChangesNothing() {
    write(new PublisherPut(publisher("d1", "r1", 1, A)));

    assertThat(slot.ownedDigest(() -> Status.NOT_LEADER, TERM, A).status())
        .isEqualTo(Status.NOT_LEADER);
    assertThat(slot.ownedSummaries(() -> Status.STALE_EPOCH, TERM, A, List.of("d1")).value())
        .isNull();
    assertThat(slot.expire(() -> Status.NOT_LEADER, TERM, A, clock.millis()).removedPublishers())
        .isZero();
    assertThat(slot.datum("d1").publishers()).hasSize(1);
  }

  @Test
  void aNewerTermForgetsTheOwnersOfTheOlderOne() {
    write(new PublisherPut(publisher("d1", "r1", 1, A)));

    SlotRead<SlotDigest> read = slot.ownedDigest(() -> Status.OK, TERM + 1, A);

    assertThat(read.value()).isEqualTo(SlotDigest.EMPTY);
    assertThat(slot.owners()).isEmpty();
    assertThat(slot.datum("d1")).isEqualTo(Datum.empty("d1"));
  }

  private SlotDigest ownedDigest(ProcessId owner) {
    return slot.ownedDigest(() -> Status.OK, TERM, owner).value();
  }

  private List<Publisher> storedOwnedBy(ProcessId owner) {
    List<Publisher> owned = new ArrayList<>();
    for (int d = 0; d < 5; d++) {
      for (Publisher publisher : slot.datum("d" + d).publishers()) {
        if (publisher.sessionProcessId().equals(owner)) {
          owned.add(publisher);
        }
      }
    }
    return owned;
  }

  private List<ProcessId> ownersStored() {
    List<ProcessId> owners = new ArrayList<>();
    if (!storedOwnedBy(A).isEmpty()) {
      owners.add(A);
    }
    if (!storedOwnedBy(B).isEmpty()) {
      owners.add(B);
    }
    return owners;
  }

  private Map<String, Long> write(PublisherWrite... writes) {
    WriteResult result = slot.write(() -> Status.OK, TERM, List.of(writes), clock.millis());
    assertThat(result.status()).isEqualTo(Status.OK);
    return result.changedVersions();
  }
}
