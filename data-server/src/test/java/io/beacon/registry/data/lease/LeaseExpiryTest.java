package io.beacon.registry.data.lease;

import static io.beacon.registry.data.TestPublishers.idInSlot;
import static io.beacon.registry.data.TestPublishers.publisher;
import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.common.model.VersionClock;
import io.beacon.registry.common.protocol.DataChangeNotice;
import io.beacon.registry.common.protocol.PublisherPut;
import io.beacon.registry.common.protocol.PublisherWrite;
import io.beacon.registry.common.protocol.Status;
import io.beacon.registry.common.slot.Slot;
import io.beacon.registry.common.slot.SlotFunction;
import io.beacon.registry.common.slot.SlotTable;
import io.beacon.registry.common.slot.SlotTableHolder;
import io.beacon.registry.data.change.ChangeNotifier;
import io.beacon.registry.data.slot.SlotAccess;
import io.beacon.registry.data.store.DatumStore;
import io.beacon.registry.testing.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LeaseExpiryTest {

  private static final String SELF = "10.0.0.1:9620";
  private static final String OTHER = "10.0.0.2:9620";
  private static final Duration LEASE = Duration.ofSeconds(30);
  private static final long LEADER_EPOCH = 4;
  private static final int SLOTS = 4;
  private static final ProcessId SILENT = new ProcessId("10.0.0.5", 1L, 1L, 1);
  private static final ProcessId LISTED = new ProcessId("10.0.0.6", 1L, 1L, 2);
  private static final ProcessId RENEWING = new ProcessId("10.0.0.7", 1L, 1L, 3);

  private final ManualClock clock = new ManualClock();
  private final SlotFunction slots = new SlotFunction(SLOTS);
  private final SlotTableHolder tables = new SlotTableHolder(SLOTS);
  private final DatumStore store =
      new DatumStore(slots, new VersionClock(clock), clock, Duration.ofMinutes(3));
  private final SlotAccess access = new SlotAccess(tables, () -> SELF, () -> {});
  private final SessionLeases leases = new SessionLeases(clock, LEASE);
  private final List<DataChangeNotice> notices = new ArrayList<>();
  private final ChangeNotifier notifier =
      new ChangeNotifier(
          () -> SELF,
          (session, notice) -> {
            notices.add(notice);
            return CompletableFuture.completedFuture(null);
          },
          (task, delay) -> {},
          Duration.ofMillis(500));
  private final LeaseExpiry expiry =
      new LeaseExpiry(store, tables, access, () -> SELF, leases, () -> Set.of(LISTED), notifier);

  @BeforeEach
  void leadSlotsZeroToTwoOnly() {
    List<Slot> table = new ArrayList<>();
    for (int i = 0; i < SLOTS; i++) {
      table.add(new Slot(i, i < 3 ? SELF : OTHER, LEADER_EPOCH, List.of()));
    }
    tables.update(new SlotTable(9, table));
    notifier.updateSessions(List.of("10.0.0.6:9602"));
  }

  @Test
  void onlyThePublishersOfASilentUnlistedProcessExpireAfterTheLease() {
    leases.renew(SILENT);
    leases.renew(LISTED);
    leases.renew(RENEWING);
    put(0, publisher(idInSlot(slots, 0, 0), "s1", 1, SILENT));
    put(1, publisher(idInSlot(slots, 1, 0), "s2", 1, SILENT));
    put(0, publisher(idInSlot(slots, 0, 0), "l1", 1, LISTED));
    put(1, publisher(idInSlot(slots, 1, 1), "w1", 1, RENEWING));

    clock.advance(Duration.ofSeconds(20));
    leases.renew(RENEWING);
    assertThat(expiry.tick(clock.instant())).isZero();
    clock.advance(Duration.ofSeconds(20));
    int removed = expiry.tick(clock.instant());

    assertThat(removed).isEqualTo(2);
    assertThat(ownersOf(0)).containsExactly(LISTED);
    assertThat(ownersOf(1)).containsExactly(RENEWING);
    assertThat(store.counts().tombstones()).isEqualTo(2);
    assertThat(notices).extracting(n -> n.versions().keySet()).isNotEmpty();
    assertThat(notices.stream().flatMap(n -> n.versions().keySet().stream()))
        .contains(idInSlot(slots, 0, 0), idInSlot(slots, 1, 0));
  }

  @Test
  void aProcessNeverSeenHereKeepsItsPublishersForALeaseFromWhenTheyWereNoticed() {
    put(2, publisher(idInSlot(slots, 2, 0), "u1", 1, SILENT));
    clock.advance(Duration.ofMinutes(10));

    assertThat(expiry.tick(clock.instant())).isZero();
    clock.advance(LEASE);
    assertThat(expiry.tick(clock.instant())).isZero();
    clock.advance(Duration.ofSeconds(1));
    assertThat(expiry.tick(clock.instant())).isEqualTo(1);
    assertThat(store.counts().publishers()).isZero();
  }

  @Test
  void slotsLedElsewhereAreLeftAlone() {
    put(3, publisher(idInSlot(slots, 3, 0), "o1", 1, SILENT));
    leases.renew(SILENT);

    clock.advance(LEASE.multipliedBy(2));

    assertThat(expiry.tick(clock.instant())).isZero();
    assertThat(store.slot(3).owners()).containsExactly(SILENT);
  }

  private void put(int slotId, Publisher publisher) {
    long epoch = tables.current().slot(slotId).leaderEpoch();
    List<PublisherWrite> writes = List.of(new PublisherPut(publisher));
    assertThat(store.slot(slotId).write(() -> Status.OK, epoch, writes, clock.millis()).status())
        .isEqualTo(Status.OK);
  }

  private Set<ProcessId> ownersOf(int slotId) {
    return store.slot(slotId).owners();
  }
}
