package io.beacon.registry.data.leave;

import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.common.heartbeat.MetaLink;
import io.beacon.registry.common.model.NodeInfo;
import io.beacon.registry.common.model.NodeRole;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.protocol.HeartbeatResponse;
import io.beacon.registry.common.protocol.LeaveStage;
import io.beacon.registry.common.protocol.Status;
import io.beacon.registry.common.slot.Slot;
import io.beacon.registry.common.slot.SlotTable;
import io.beacon.registry.common.slot.SlotTableHolder;
import io.beacon.registry.data.heartbeat.MetaView;
import io.beacon.registry.testing.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The data server's leave, driven by a fake clock, a fake meta link and tables set by hand. */
class DataLeaveTest {

  private static final String SELF = "10.0.0.1:9620";
  private static final String OTHER = "10.0.0.2:9620";
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final ManualClock clock = new ManualClock();
  private final SlotTableHolder tables = new SlotTableHolder(4);
  private final FakeMeta meta = new FakeMeta();
  private MetaView view = MetaView.NONE;
  private final DataLeave leave =
      new DataLeave(() -> SELF, tables, () -> view, meta, TIMEOUT, clock);

  @Test
  void itEndsOnlyOnceMetaAcknowledgedTheLeaveAndTheTableShowsItLeadsNothing() {
    tables.update(table(1, SELF, OTHER));
    view = answer(List.of(SELF, OTHER), List.of());

    assertThat(leave.begin()).isTrue();
    assertThat(leave.begin()).isFalse();
    assertThat(meta.triggered).isEqualTo(1);
    assertThat(leave.stage()).isEqualTo(LeaveStage.LEAVING);

    // Meta took the leaderships away, but its answer does not name this server leaving yet.
    tables.update(table(2, OTHER, OTHER));
    view = answer(List.of(SELF, OTHER), List.of());
    tick(Duration.ofSeconds(1));
    assertThat(leave.left()).isNotDone();

    // Acknowledged, but under a table where it still leads: it waits.
    view = answer(List.of(SELF, OTHER), List.of(SELF));
    tables.update(table(3, SELF, OTHER));
    tick(Duration.ofSeconds(1));
    assertThat(leave.left()).isNotDone();
    assertThat(leave.status().slotsLed()).isEqualTo(2);
    assertThat(leave.status().acknowledged()).isTrue();

    tables.update(table(4, OTHER, OTHER));
    tick(Duration.ofSeconds(1));

    assertThat(leave.stage()).isEqualTo(LeaveStage.LEFT);
    assertThat(meta.sentStages).containsExactly(LeaveStage.LEFT);
    assertThat(leave.left()).isNotDone(); // until the last heartbeat is answered
    meta.answerLast(true);
    assertThat(leave.left()).isDone();
    assertThat(leave.status().elapsedMillis()).isEqualTo(3000);
  }

  @Test
  void aServerNoOtherDataServerCanRelieveEndsOnceMetaKnows() {
    tables.update(table(1, SELF, SELF));
    view = answer(List.of(SELF, OTHER), List.of(OTHER));
    assertThat(leave.hasSomewhereToGo()).isFalse();

    leave.begin();
    tick(Duration.ofMillis(100));
    assertThat(leave.left()).isNotDone();

    view = answer(List.of(SELF, OTHER), List.of(SELF, OTHER));
    tick(Duration.ofMillis(100));
    meta.answerLast(true);

    assertThat(leave.left()).isDone();
    assertThat(leave.stage()).isEqualTo(LeaveStage.LEFT);
  }

  @Test
  void withMetaUnreachableItEndsAtTheBoundAndNotBefore() {
    tables.update(table(1, SELF, OTHER));
    view = answer(List.of(SELF, OTHER), List.of());
    assertThat(leave.hasSomewhereToGo()).isTrue();
    meta.connected = false;
    leave.begin();

    tick(TIMEOUT.minusMillis(1));
    assertThat(leave.stage()).isEqualTo(LeaveStage.LEAVING);

    tick(Duration.ofMillis(1));
    assertThat(leave.stage()).isEqualTo(LeaveStage.LEFT);
    meta.answerLast(false);
    assertThat(leave.left()).isDone();
    // Checked again, it sends nothing more.
    tick(Duration.ofSeconds(1));
    assertThat(meta.sentStages).containsExactly(LeaveStage.LEFT);
  }

  @Test
  void aServerThatDoesNotLeaveIsNeverEndedByTheCheck() {
    tables.update(table(1, OTHER, OTHER));
    view = answer(List.of(SELF, OTHER), List.of(SELF));

    tick(TIMEOUT.multipliedBy(2));

    assertThat(leave.stage()).isEqualTo(LeaveStage.STAYING);
    assertThat(meta.sentStages).isEmpty();
    assertThat(leave.status().stage()).isEqualTo("STAYING");
  }

  private void tick(Duration step) {
    clock.advance(step);
    leave.check(clock.instant());
  }

  /** Slots 0 and 1 led by {@code first}, 2 and 3 by {@code second}. */
  private static SlotTable table(long epoch, String first, String second) {
    List<Slot> slots = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String leader = i < 2 ? first : second;
      String follower = leader.equals(SELF) ? OTHER : SELF;
      slots.add(new Slot(i, leader, epoch, List.of(follower)));
    }
    return new SlotTable(epoch, slots);
  }

  private static MetaView answer(List<String> dataServers, List<String> leaving) {
    List<NodeInfo> nodes = new ArrayList<>();
    for (int i = 0; i < dataServers.size(); i++) {
      nodes.add(
          new NodeInfo(
              NodeRole.DATA,
              dataServers.get(i),
              null,
              null,
              new ProcessId("10.0.0." + (i + 1), 1, 42, 1),
              "DefaultDataCenter",
              null));
    }
    return MetaView.NONE.next(
        new HeartbeatResponse(
            Status.OK,
            "10.0.0.9:9610",
            null,
            1,
            List.of(),
            nodes,
            null,
            List.of(),
            false,
            leaving));
  }

  /** Records what the leave asks of the heartbeat; the last heartbeat is answered by the test. */
  private final class FakeMeta implements MetaLink {
    int triggered;
    boolean connected = true;
    final List<LeaveStage> sentStages = new ArrayList<>();
    private final CompletableFuture<Boolean> last = new CompletableFuture<>();

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
      return connected;
    }

    void answerLast(boolean answered) {
      last.complete(answered);
    }
  }
}
