package io.beacon.registry.session.leave;

import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.common.heartbeat.MetaLink;
import io.beacon.registry.common.model.NodeInfo;
import io.beacon.registry.common.model.NodeRole;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.protocol.LeaveStage;
import io.beacon.registry.session.discovery.SessionDirectory;
import io.beacon.registry.testing.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A session's leave, step by step on a fake clock, with a fake client port and meta link. */
class SessionLeaveTest {

  private final ManualClock clock = new ManualClock();
  private final NodeInfo self = session("10.0.0.1");
  private final NodeInfo other = session("10.0.0.2");
  private final SessionDirectory directory = new SessionDirectory(() -> self);
  private final FakeClients clients = new FakeClients(25);
  private final FakeMeta meta = new FakeMeta();
  private final SessionLeave leave =
      new SessionLeave(clients, directory, meta, 100, Duration.ofSeconds(30), clock);

  @Test
  void itLeavesDiscoveryRefusesNewClientsThenHandsTheOthersOverInStepsAndSaysItLeft() {
    directory.update(List.of(self, other));
    assertThat(leave.hasSomewhereToGo()).isTrue();

    assertThat(leave.begin()).isTrue();
    assertThat(leave.begin()).isFalse();

    // At once: out of its own discovery, no new clients, meta told by a heartbeat now.
    assertThat(directory.all()).containsExactly(other);
    assertThat(clients.refusing).isTrue();
    assertThat(meta.triggered).isEqualTo(1);
    assertThat(leave.stage()).isEqualTo(LeaveStage.LEAVING);
    assertThat(clients.handedOver).isEmpty();

    List<Integer> handedOverPerStep = new ArrayList<>();
    while (leave.stage() == LeaveStage.LEAVING) {
      int before = clients.handedOver.size();
      leave.step(clock.instant());
      handedOverPerStep.add(clients.handedOver.size() - before);
      clients.deliverCloses();
      clock.advance(ConnectionDrain.STEP);
    }

    // 100 a second: 10 every tenth of a second.
    assertThat(handedOverPerStep).containsExactly(10, 10, 5);
    assertThat(clients.handedOver).hasSize(25);
    assertThat(meta.sentStages).containsExactly(LeaveStage.LEFT);
    assertThat(leave.status().handedOver()).isEqualTo(25);
    assertThat(leave.status().open()).isZero();
    assertThat(leave.left()).isNotDone();

    meta.last.complete(true);
    assertThat(leave.left()).isDone();
    leave.step(clock.instant());
    assertThat(meta.sentStages).hasSize(1);
  }

  @Test
  void aLoneSessionClosesWithoutALeave() {
    directory.update(List.of(self));

    leave.runIfUseful(Duration.ofSeconds(1));

    assertThat(leave.stage()).isEqualTo(LeaveStage.STAYING);
    assertThat(clients.refusing).isFalse();
    assertThat(meta.triggered).isZero();
  }

  @Test
  void theStatusCountsWhatIsLeft() {
    directory.update(List.of(self, other));
    assertThat(leave.status())
        .isEqualTo(new SessionLeave.Status("STAYING", 0, 0, clients.open.size()));

    leave.begin();
    clock.advance(Duration.ofMillis(50));
    leave.step(clock.instant());

    SessionLeave.Status status = leave.status();
    assertThat(status.stage()).isEqualTo("LEAVING");
    assertThat(status.elapsedMillis()).isEqualTo(50);
    assertThat(status.handedOver()).isEqualTo(15);
    assertThat(status.open()).isEqualTo(10);
  }

  private static NodeInfo session(String host) {
    return new NodeInfo(
        NodeRole.SESSION,
        host + ":9602",
        host + ":9600",
        host + ":9603",
        new ProcessId(host, 1L, 1L, 1),
        "DefaultDataCenter",
        "DEFAULT_ZONE");
  }

  private final class FakeMeta implements MetaLink {
    int triggered;
    final List<LeaveStage> sentStages = new ArrayList<>();
    final CompletableFuture<Boolean> last = new CompletableFuture<>();

    @Override
    public void triggerNow() {
      triggered++;
    }

    @Override
    public CompletableFuture<Boolean> sendOnce() {
      sentStages.add(leave.stage());
      return last;
    }

    @Override
    public boolean isConnected() {
      return true;
    }
  }
}
