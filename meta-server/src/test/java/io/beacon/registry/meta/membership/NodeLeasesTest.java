package io.beacon.registry.meta.membership;

import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.common.model.NodeInfo;
import io.beacon.registry.common.model.NodeRole;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.protocol.LeaveStage;
import io.beacon.registry.meta.membership.NodeLeases.Renewal;
import io.beacon.registry.testing.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class NodeLeasesTest {

  private static final Duration LEASE = Duration.ofSeconds(20);

  private final ManualClock clock = new ManualClock();
  private final NodeLeases leases = new NodeLeases(LEASE);

  @Test
  void firstHeartbeatJoinsAndLaterOnesRenew() {
    NodeInfo data = node(NodeRole.DATA, "10.0.0.1:9620", 1);

    assertThat(leases.renew(data, clock.instant())).isEqualTo(Renewal.JOINED);
    clock.advance(Duration.ofSeconds(1));
    assertThat(leases.renew(data, clock.instant())).isEqualTo(Renewal.RENEWED);

    assertThat(leases.live(NodeRole.DATA)).containsExactly(data);
    assertThat(leases.leaseOf(data.address()).renewedAt()).isEqualTo(clock.instant());
  }

  @Test
  void nodeIsEvictedOnlyAfterALeaseWithoutRenewal() {
    NodeInfo session = node(NodeRole.SESSION, "10.0.0.5:9602", 1);
    leases.renew(session, clock.instant());

    clock.advance(LEASE);
    assertThat(leases.tick(clock.instant())).isEmpty();
    assertThat(leases.live(NodeRole.SESSION)).containsExactly(session);

    clock.advance(Duration.ofMillis(1));
    assertThat(leases.tick(clock.instant())).containsExactly(session);
    assertThat(leases.live(NodeRole.SESSION)).isEmpty();
  }

  @Test
  void renewalPostponesEviction() {
    NodeInfo data = node(NodeRole.DATA, "10.0.0.1:9620", 1);
    leases.renew(data, clock.instant());
    clock.advance(Duration.ofSeconds(15));
    leases.renew(data, clock.instant());

    clock.advance(Duration.ofSeconds(15));

    assertThat(leases.tick(clock.instant())).isEmpty();
    assertThat(leases.liveAddresses(NodeRole.DATA)).containsExactly(data.address());
  }

  @Test
  void newProcessIdAtTheSameAddressIsARestartThatReplacesTheOldEntry() {
    NodeInfo before = node(NodeRole.DATA, "10.0.0.1:9620", 1);
    NodeInfo after = node(NodeRole.DATA, "10.0.0.1:9620", 2);
    leases.renew(before, clock.instant());

    assertThat(leases.renew(after, clock.instant())).isEqualTo(Renewal.RESTARTED);

    assertThat(leases.live(NodeRole.DATA)).containsExactly(after);
  }

  @Test
  void evictedNodeThatComesBackJoinsAgain() {
    NodeInfo data = node(NodeRole.DATA, "10.0.0.1:9620", 1);
    leases.renew(data, clock.instant());
    clock.advance(LEASE.plusSeconds(1));
    leases.tick(clock.instant());

    assertThat(leases.renew(data, clock.instant())).isEqualTo(Renewal.JOINED);
  }

  @Test
  void liveNodesAreListedPerRoleSortedByAddress() {
    NodeInfo dataB = node(NodeRole.DATA, "10.0.0.2:9620", 1);
    NodeInfo dataA = node(NodeRole.DATA, "10.0.0.1:9620", 1);
    NodeInfo session = node(NodeRole.SESSION, "10.0.0.3:9602", 1);
    leases.renew(dataB, clock.instant());
    leases.renew(session, clock.instant());
    leases.renew(dataA, clock.instant());

    assertThat(leases.live(NodeRole.DATA)).containsExactly(dataA, dataB);
    assertThat(leases.live(NodeRole.SESSION)).containsExactly(session);
    assertThat(leases.liveAddresses(NodeRole.DATA))
        .containsExactly(dataA.address(), dataB.address());
  }

  @Test
  void aLeavingProcessStaysListedAndLeavingUntilItRestarts() {
    NodeInfo session = node(NodeRole.SESSION, "10.0.0.5:9602", 1);
    NodeInfo other = node(NodeRole.SESSION, "10.0.0.6:9602", 1);
    leases.renew(session, clock.instant());
    leases.renew(other, clock.instant());

    assertThat(leases.renew(session, clock.instant(), LeaveStage.LEAVING))
        .isEqualTo(Renewal.LEAVING);
    // Later heartbeats of the same process keep it leaving, whatever they say.
    assertThat(leases.renew(session, clock.instant(), LeaveStage.STAYING))
        .isEqualTo(Renewal.RENEWED);

    assertThat(leases.live(NodeRole.SESSION)).containsExactly(session, other);
    assertThat(leases.staying(NodeRole.SESSION)).containsExactly(other);
    assertThat(leases.leaving()).containsExactly(session.address());
    assertThat(leases.leavingAddresses(NodeRole.DATA)).isEmpty();

    NodeInfo restarted = node(NodeRole.SESSION, "10.0.0.5:9602", 2);
    assertThat(leases.renew(restarted, clock.instant())).isEqualTo(Renewal.RESTARTED);
    assertThat(leases.leaving()).isEmpty();
    assertThat(leases.staying(NodeRole.SESSION)).containsExactly(restarted, other);
  }

  @Test
  void leftEndsThatProcesssLeaseAtOnceAndNeverAnotherOne() {
    NodeInfo data = node(NodeRole.DATA, "10.0.0.1:9620", 1);
    NodeInfo restarted = node(NodeRole.DATA, "10.0.0.1:9620", 2);
    leases.renew(data, clock.instant(), LeaveStage.LEAVING);
    leases.renew(restarted, clock.instant());

    // A late last word of the old process leaves the new one listed.
    assertThat(leases.renew(data, clock.instant(), LeaveStage.LEFT)).isEqualTo(Renewal.LEFT);
    assertThat(leases.live(NodeRole.DATA)).containsExactly(restarted);

    assertThat(leases.renew(restarted, clock.instant(), LeaveStage.LEFT)).isEqualTo(Renewal.LEFT);
    assertThat(leases.live(NodeRole.DATA)).isEmpty();
    // Said again (a heartbeat in flight), it lists nothing anew.
    assertThat(leases.renew(restarted, clock.instant(), LeaveStage.LEFT)).isEqualTo(Renewal.LEFT);
    assertThat(leases.live(NodeRole.DATA)).isEmpty();
  }

  private static NodeInfo node(NodeRole role, String address, int incarnation) {
    String host = address.substring(0, address.indexOf(':'));
    return new NodeInfo(
        role,
        address,
        null,
        host + ":9622",
        new ProcessId(host, 1_000L * incarnation, 42, incarnation),
        "DefaultDataCenter",
        "DEFAULT_ZONE");
  }
}
