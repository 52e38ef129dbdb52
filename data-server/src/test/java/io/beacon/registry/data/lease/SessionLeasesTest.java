package io.beacon.registry.data.lease;

import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.testing.ManualClock;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionLeasesTest {

  private static final Duration LEASE = Duration.ofSeconds(30);
  private static final ProcessId A = new ProcessId("10.0.0.1", 1L, 11L, 1);
  private static final ProcessId B = new ProcessId("10.0.0.2", 2L, 22L, 2);

  private final ManualClock clock = new ManualClock();
  private final SessionLeases leases = new SessionLeases(clock, LEASE);

  @Test
  void aRenewedProcessStaysAliveForExactlyTheLease() {
    leases.renew(A);

    clock.advance(LEASE);
    assertThat(leases.isAlive(A, Set.of(), clock.instant())).isTrue();
    clock.advance(Duration.ofMillis(1));
    assertThat(leases.isAlive(A, Set.of(), clock.instant())).isFalse();
  }

  @Test
  void aRenewWithinTheLeaseExtendsIt() {
    leases.renew(A);
    clock.advance(Duration.ofSeconds(20));
    leases.renew(A);

    clock.advance(Duration.ofSeconds(20));

    assertThat(leases.isAlive(A, Set.of(), clock.instant())).isTrue();
  }

  @Test
  void aProcessListedByMetaIsAliveHoweverLongItWasSilent() {
    leases.renew(A);

    clock.advance(LEASE.multipliedBy(10));

    assertThat(leases.isAlive(A, Set.of(A), clock.instant())).isTrue();
    assertThat(leases.isAlive(A, Set.of(B), clock.instant())).isFalse();
  }

  @Test
  void aProcessNeverSeenGetsAFullLeaseFromWhenItIsFirstAskedAbout() {
    clock.advance(Duration.ofMinutes(5));

    assertThat(leases.isAlive(B, Set.of(), clock.instant())).isTrue();
    clock.advance(LEASE);
    assertThat(leases.isAlive(B, Set.of(), clock.instant())).isTrue();
    clock.advance(Duration.ofMillis(1));
    assertThat(leases.isAlive(B, Set.of(), clock.instant())).isFalse();
  }

  @Test
  void pruningForgetsOnlyProcessesSilentForTwoLeases() {
    leases.renew(A);
    clock.advance(LEASE);
    leases.renew(B);

    clock.advance(LEASE.plusMillis(1));

    assertThat(leases.prune(clock.instant())).isEqualTo(1);
    assertThat(leases.lastSeen(A)).isEmpty();
    assertThat(leases.lastSeen(B)).isPresent();
  }
}
