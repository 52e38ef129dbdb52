package io.beacon.registry.data.lease;

import static io.beacon.registry.testing.TestPublishers.publisher;
import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.common.slot.Slot;
import io.beacon.registry.data.SlotWorld;
import java.time.Duration;
import java.util.List;
import java.util.Set;
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

  private final SlotWorld world = new SlotWorld(SELF, SLOTS);
  private final SessionLeases leases = new SessionLeases(world.clock, LEASE);
  private final LeaseExpiry expiry =
      new LeaseExpiry(
          world.store,
          world.tables,
          world.access,
          () -> SELF,
          leases,
          () -> Set.of(LISTED),
          world.notifier);

  @BeforeEach
  void leadSlotsZeroToTwoOnly() {
    world.tables.update(
        world.table(9, i -> new Slot(i, i < 3 ? SELF : OTHER, LEADER_EPOCH, List.of())));
    world.notifier.updateSessions(List.of("10.0.0.6:9602"));
  }

  @Test
  void onlyThePublishersOfASilentUnlistedProcessExpireAfterTheLease() {
    leases.renew(SILENT);
    leases.renew(LISTED);
    leases.renew(RENEWING);
    put(0, publisher(world.idInSlot(0, 0), "s1", 1, SILENT));
    put(1, publisher(world.idInSlot(1, 0), "s2", 1, SILENT));
    put(0, publisher(world.idInSlot(0, 0), "l1", 1, LISTED));
    put(1, publisher(world.idInSlot(1, 1), "w1", 1, RENEWING));

    world.clock.advance(Duration.ofSeconds(20));
    leases.renew(RENEWING);
    assertThat(expiry.tick(world.clock.instant())).isZero();
    world.clock.advance(Duration.ofSeconds(20));
    int removed = expiry.tick(world.clock.instant());

    assertThat(removed).isEqualTo(2);
    assertThat(ownersOf(0)).containsExactly(LISTED);
    assertThat(ownersOf(1)).containsExactly(RENEWING);
    assertThat(world.store.counts().tombstones()).isEqualTo(2);
    assertThat(world.notices).extracting(n -> n.versions().keySet()).isNotEmpty();
    assertThat(world.notices.stream().flatMap(n -> n.versions().keySet().stream()))
        .contains(world.idInSlot(0, 0), world.idInSlot(1, 0));
  }

  @Test
  void aProcessNeverSeenHereKeepsItsPublishersForALeaseFromWhenTheyWereNoticed() {
    put(2, publisher(world.idInSlot(2, 0), "u1", 1, SILENT));
    world.clock.advance(Duration.ofMinutes(10));

    assertThat(expiry.tick(world.clock.instant())).isZero();
    world.clock.advance(LEASE);
    assertThat(expiry.tick(world.clock.instant())).isZero();
    world.clock.advance(Duration.ofSeconds(1));
    assertThat(expiry.tick(world.clock.instant())).isEqualTo(1);
    assertThat(world.store.counts().publishers()).isZero();
  }

  @Test
  void slotsLedElsewhereAreLeftAlone() {
    put(3, publisher(world.idInSlot(3, 0), "o1", 1, SILENT));
    leases.renew(SILENT);

    world.clock.advance(LEASE.multipliedBy(2));

    assertThat(expiry.tick(world.clock.instant())).isZero();
    assertThat(world.store.slot(3).owners()).containsExactly(SILENT);
  }

  private void put(int slotId, Publisher publisher) {
    world.put(slotId, world.tables.current().slot(slotId).leaderEpoch(), publisher);
  }

  private Set<ProcessId> ownersOf(int slotId) {
    return world.store.slot(slotId).owners();
  }
}
