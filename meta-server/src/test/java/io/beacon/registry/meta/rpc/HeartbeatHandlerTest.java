package io.beacon.registry.meta.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.common.model.NodeInfo;
import io.beacon.registry.common.model.NodeRole;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.model.VersionClock;
import io.beacon.registry.common.protocol.HeartbeatRequest;
import io.beacon.registry.common.protocol.HeartbeatResponse;
import io.beacon.registry.common.protocol.LeaveStage;
import io.beacon.registry.common.protocol.RegistrySwitches;
import io.beacon.registry.common.protocol.Status;
import io.beacon.registry.common.slot.SlotTable;
import io.beacon.registry.common.slot.SlotTableHolder;
import io.beacon.registry.meta.leader.LeaderStatus;
import io.beacon.registry.meta.membership.NodeLeases;
import io.beacon.registry.meta.slot.LearnedTables;
import io.beacon.registry.meta.slot.SlotAssigner;
import io.beacon.registry.meta.slot.SlotReports;
import io.beacon.registry.testing.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HeartbeatHandlerTest {

  private static final String SELF = "10.0.0.9:9610";

  private final ManualClock clock = new ManualClock();
  private final NodeLeases leases = new NodeLeases(Duration.ofSeconds(20));
  private final SlotTableHolder tables = new SlotTableHolder(8);
  private final AtomicInteger signals = new AtomicInteger();
  private final List<String> restarted = new java.util.ArrayList<>();
  private final List<NodeInfo> leavingSessions = new java.util.ArrayList<>();
  private String leaderAddress = SELF;
  private final LeaderStatus leader =
      new LeaderStatus() {
        @Override
        public boolean isLeader() {
          return SELF.equals(leaderAddress);
        }

        @Override
        public String leaderAddress() {
          return leaderAddress;
        }
      };
  private final LearnedTables learned = new LearnedTables();
  private final SlotReports reports = new SlotReports();
  private RegistrySwitches switches = RegistrySwitches.INITIAL;
  private boolean handingOutTables = true;
  private final HeartbeatHandler handler =
      new HeartbeatHandler(
          leases,
          tables,
          leader,
          clock,
          signals::incrementAndGet,
          learned,
          reports,
          () -> switches,
          () -> handingOutTables,
          restarted::add,
          () -> leases.live(NodeRole.META),
          false,
          leavingSessions::add);

  @Test
  void aLeavingSessionStaysListedIsNamedLeavingAndTheOthersAreToldOnce() {
    NodeInfo leaving = node(NodeRole.SESSION, "10.0.0.2:9602", 1);
    NodeInfo other = node(NodeRole.SESSION, "10.0.0.3:9602", 1);
    handler.handle(new HeartbeatRequest(leaving, 0), null);
    handler.handle(new HeartbeatRequest(other, 0), null);

    HeartbeatResponse first = handler.handle(leave(leaving, LeaveStage.LEAVING), null);
    handler.handle(leave(leaving, LeaveStage.LEAVING), null);
    HeartbeatResponse toOther = handler.handle(new HeartbeatRequest(other, 0), null);

    assertThat(first.sessions()).containsExactly(leaving, other);
    assertThat(first.leaving()).containsExactly(leaving.address());
    assertThat(toOther.leaving()).containsExactly(leaving.address());
    assertThat(leavingSessions).containsExactly(leaving);
    assertThat(signals).hasValue(0);
  }

  @Test
  void aDataServerThatStartsToLeaveOrLeftSignalsTheMetaLoopAndLeftEndsItsLease() {
    NodeInfo data = node(NodeRole.DATA, "10.0.0.1:9620", 1);
    handler.handle(new HeartbeatRequest(data, 0, null, 0, List.of(3)), null);
    signals.set(0);

    handler.handle(leave(data, LeaveStage.LEAVING), null);
    handler.handle(leave(data, LeaveStage.LEAVING), null);
    assertThat(signals).hasValue(1);
    assertThat(leases.leavingAddresses(NodeRole.DATA)).containsExactly(data.address());

    HeartbeatResponse left = handler.handle(leave(data, LeaveStage.LEFT), null);
    assertThat(left.status()).isEqualTo(Status.OK);
    assertThat(signals).hasValue(2);
    assertThat(leases.live(NodeRole.DATA)).isEmpty();
    assertThat(reports.isCaughtUp(3, data.address())).isFalse();
    assertThat(leavingSessions).isEmpty();
  }

  private static HeartbeatRequest leave(NodeInfo node, LeaveStage stage) {
    return new HeartbeatRequest(node, 0, null, 0, List.of(), stage);
  }

  @Test
  void onlyAJoiningOrRestartedDataServerSignalsTheMetaLoop() {
    handler.handle(new HeartbeatRequest(node(NodeRole.DATA, "10.0.0.1:9620", 1), 0), null);
    handler.handle(new HeartbeatRequest(node(NodeRole.DATA, "10.0.0.1:9620", 1), 0), null);
    handler.handle(new HeartbeatRequest(node(NodeRole.SESSION, "10.0.0.2:9602", 1), 0), null);
    assertThat(signals).hasValue(1);

    handler.handle(new HeartbeatRequest(node(NodeRole.DATA, "10.0.0.1:9620", 2), 0), null);
    assertThat(signals).hasValue(2);
  }

  @Test
  void everyRestartOfADataServerIsHandedOverBeforeTheLoopIsSignalled() {
    handler.handle(new HeartbeatRequest(node(NodeRole.DATA, "10.0.0.1:9620", 1), 0), null);
    handler.handle(new HeartbeatRequest(node(NodeRole.SESSION, "10.0.0.2:9602", 1), 0), null);
    handler.handle(new HeartbeatRequest(node(NodeRole.SESSION, "10.0.0.2:9602", 2), 0), null);
    assertThat(restarted).isEmpty(); // a join and a session restart are not data restarts

    handler.handle(new HeartbeatRequest(node(NodeRole.DATA, "10.0.0.1:9620", 2), 0), null);
    handler.handle(new HeartbeatRequest(node(NodeRole.DATA, "10.0.0.1:9620", 2), 0), null);
    handler.handle(new HeartbeatRequest(node(NodeRole.DATA, "10.0.0.1:9620", 3), 0), null);

    assertThat(restarted).containsExactly("10.0.0.1:9620", "10.0.0.1:9620");
  }

  @Test
  void answerListsLiveNodesAndOmitsAnUnassignedTable() {
    NodeInfo data = node(NodeRole.DATA, "10.0.0.1:9620", 1);
    NodeInfo session = node(NodeRole.SESSION, "10.0.0.2:9602", 1);
    handler.handle(new HeartbeatRequest(data, 0), null);

    HeartbeatResponse response = handler.handle(new HeartbeatRequest(session, 0), null);

    assertThat(response.status()).isEqualTo(Status.OK);
    assertThat(response.metaLeader()).isEqualTo(SELF);
    assertThat(response.sessions()).containsExactly(session);
    assertThat(response.dataServers()).containsExactly(data);
    assertThat(response.slotTable()).isNull();
    assertThat(response.tableEpoch()).isEqualTo(SlotTable.INITIAL_EPOCH);
  }

  @Test
  void tableIsSentOnlyToCallersWithAnOlderEpoch() {
    SlotTable table =
        SlotAssigner.assign(tables.current(), List.of("10.0.0.1:9620"), 2, new VersionClock(clock))
            .orElseThrow();
    tables.update(table);
    NodeInfo data = node(NodeRole.DATA, "10.0.0.1:9620", 1);

    HeartbeatResponse behind = handler.handle(new HeartbeatRequest(data, 0), null);
    HeartbeatResponse current = handler.handle(new HeartbeatRequest(data, table.epoch()), null);

    assertThat(behind.slotTable()).isEqualTo(table);
    assertThat(current.slotTable()).isNull();
    assertThat(current.tableEpoch()).isEqualTo(table.epoch());
  }

  @Test
  void aFollowerAnswersNotLeaderWithTheLeaderAndRenewsNothing() {
    leaderAddress = "10.0.0.8:9610";

    HeartbeatResponse response =
        handler.handle(new HeartbeatRequest(node(NodeRole.DATA, "10.0.0.1:9620", 1), 0), null);

    assertThat(response.status()).isEqualTo(Status.NOT_LEADER);
    assertThat(response.metaLeader()).isEqualTo("10.0.0.8:9610");
    assertThat(leases.live(NodeRole.DATA)).isEmpty();
    assertThat(signals).hasValue(0);
  }

  @Test
  void aMetaOnTheEmbeddedDatabaseSaysSoInEveryAnswer() {
    HeartbeatHandler embedded =
        new HeartbeatHandler(
            leases,
            tables,
            leader,
            clock,
            signals::incrementAndGet,
            learned,
            reports,
            () -> switches,
            () -> handingOutTables,
            restarted::add,
            () -> leases.live(NodeRole.META),
            true,
            node -> {});
    HeartbeatRequest request = new HeartbeatRequest(node(NodeRole.DATA, "10.0.0.1:9620", 1), 0);

    assertThat(embedded.handle(request, null).embeddedDatabase()).isTrue();
    assertThat(handler.handle(request, null).embeddedDatabase()).isFalse();
    leaderAddress = "10.0.0.8:9610";
    HeartbeatResponse notLeader = embedded.handle(request, null);
    assertThat(notLeader.status()).isEqualTo(Status.NOT_LEADER);
    assertThat(notLeader.embeddedDatabase()).isTrue();
  }

  @Test
  void heartbeatWithoutNodeIsInvalid() {
    assertThat(handler.handle(new HeartbeatRequest(null, 0), null).status())
        .isEqualTo(Status.INVALID);
  }

  @Test
  void aMetaFollowersHeartbeatRenewsItsLeaseAndIsAnsweredTheMetasOnly() {
    tables.update(
        SlotAssigner.assign(tables.current(), List.of("10.0.0.1:9620"), 2, new VersionClock(clock))
            .orElseThrow());
    switches =
        new RegistrySwitches(
            7, true, Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), 0, Set.of(), Map.of());

    HeartbeatResponse answer =
        handler.handle(new HeartbeatRequest(node(NodeRole.META, "10.0.0.7:9610", 1), 0), null);

    assertThat(answer.status()).isEqualTo(Status.OK);
    assertThat(answer.metaLeader()).isEqualTo(SELF);
    assertThat(answer.slotTable()).isNull();
    assertThat(answer.switches()).isNull();
    assertThat(answer.sessions()).isEmpty();
    assertThat(answer.metas()).extracting(NodeInfo::address).containsExactly("10.0.0.7:9610");
    assertThat(leases.liveAddresses(NodeRole.META)).containsExactly("10.0.0.7:9610");
    assertThat(signals).hasValue(0);
  }

  @Test
  void switchesAreSentOnlyToNodesHoldingAnOlderVersion() {
    switches =
        new RegistrySwitches(
            7,
            true,
            Set.of("1.2.3.4"),
            Set.of(),
            Set.of(),
            Set.of(),
            Set.of(),
            0,
            Set.of(),
            Map.of());
    NodeInfo session = node(NodeRole.SESSION, "10.0.0.2:9602", 1);

    HeartbeatResponse behind =
        handler.handle(new HeartbeatRequest(session, 0, null, 6, List.of()), null);
    HeartbeatResponse current =
        handler.handle(new HeartbeatRequest(session, 0, null, 7, List.of()), null);

    assertThat(behind.switches()).isEqualTo(switches);
    assertThat(current.switches()).isNull();
  }

  @Test
  void reportedTablesAreLearnedAndNoTableIsHandedOutWhileLearning() {
    SlotTable table =
        SlotAssigner.assign(tables.current(), List.of("10.0.0.1:9620"), 1, new VersionClock(clock))
            .orElseThrow();
    tables.update(table);
    handingOutTables = false;
    NodeInfo data = node(NodeRole.DATA, "10.0.0.1:9620", 1);

    HeartbeatResponse response =
        handler.handle(new HeartbeatRequest(data, 3, table, 0, List.of(5, 6)), null);

    assertThat(response.slotTable()).isNull();
    assertThat(learned.newest()).isEqualTo(table);
    assertThat(reports.isCaughtUp(5, "10.0.0.1:9620")).isTrue();
    assertThat(reports.isCaughtUp(4, "10.0.0.1:9620")).isFalse();
    assertThat(reports.allHold(Set.of("10.0.0.1:9620"), 3)).isTrue();
    assertThat(reports.allHold(Set.of("10.0.0.1:9620"), 4)).isFalse();
  }

  private static NodeInfo node(NodeRole role, String address, int incarnation) {
    String host = address.substring(0, address.indexOf(':'));
    return new NodeInfo(
        role,
        address,
        null,
        null,
        new ProcessId(host, incarnation, 42, incarnation),
        "DefaultDataCenter",
        null);
  }
}
