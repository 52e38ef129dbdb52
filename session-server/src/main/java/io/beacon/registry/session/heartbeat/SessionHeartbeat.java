package io.beacon.registry.session.heartbeat;

import io.beacon.registry.common.concurrent.Tasks;
import io.beacon.registry.common.heartbeat.MetaHeartbeater;
import io.beacon.registry.common.lifecycle.Readiness;
import io.beacon.registry.common.model.NodeInfo;
import io.beacon.registry.common.protocol.HeartbeatRequest;
import io.beacon.registry.common.protocol.HeartbeatResponse;
import io.beacon.registry.common.protocol.LeaveStage;
import io.beacon.registry.common.slot.SlotTable;
import io.beacon.registry.common.slot.SlotTableHolder;
import io.beacon.registry.session.discovery.SessionDirectory;
import io.beacon.registry.session.switches.SessionSwitches;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this session tells the meta leader and what it takes from the answers: the slot table it
 * routes by, the switches (and their effects), the live sessions for discovery, and readiness.
 * Answers arrive one at a time on the RPC callback executor (the heartbeater keeps one in flight);
 * every piece of state it updates is a volatile snapshot of its own holder.
 */
public final class SessionHeartbeat implements MetaHeartbeater.Member {

  private static final Logger log = LoggerFactory.getLogger(SessionHeartbeat.class);

  private final Supplier<NodeInfo> self;
  private final SlotTableHolder tables;
  private final SessionSwitches switches;
  private final SwitchEffects effects;
  private final SessionDirectory directory;
  private final Readiness readiness;
  private final Supplier<LeaveStage> leave;

  /**
   * @param leave where this session stands in a graceful leave, reported with every heartbeat
   */
  public SessionHeartbeat(
      Supplier<NodeInfo> self,
      SlotTableHolder tables,
      SessionSwitches switches,
      SwitchEffects effects,
      SessionDirectory directory,
      Readiness readiness,
      Supplier<LeaveStage> leave) {
    this.leave = leave;
    this.self = self;
    this.tables = tables;
    this.switches = switches;
    this.effects = effects;
    this.directory = directory;
    this.readiness = readiness;
  }

  /**
   * Why a session is not ready, or null when it is: it runs, a meta server answered within {@code
   * meta-unreachable-timeout}, it holds an assigned slot table, and meta answered recently.
   */
  public static String notReadyReason(
      boolean running, MetaHeartbeater heartbeater, SlotTable table) {
    if (!running) {
      return "servers not started";
    }
    String metaProblem = heartbeater.reachability().problem();
    if (metaProblem != null) {
      return metaProblem;
    }
    if (!table.isAssigned()) {
      return "no slot table from meta yet";
    }
    return heartbeater.isConnected()
        ? null
        : "no recent heartbeat answer from meta (" + heartbeater.reachability().summary() + ")";
  }

  @Override
  public String address() {
    return self.get().address();
  }

  @Override
  public HeartbeatRequest request() {
    return HeartbeatRequest.holding(
        self.get(), tables.current(), switches.current().version(), List.of(), leave.get());
  }

  @Override
  public void onResponse(HeartbeatResponse response) {
    if (tables.update(response.slotTable())) {
      log.info("slot table updated node=session epoch={}", tables.current().epoch());
    }
    if (response.switches() != null) {
      Tasks.whenComplete(
          effects.update(response.switches()),
          "switch effects",
          (version, error) -> {
            if (error != null) {
              log.debug("switch effects not run, closing: {}", error.toString());
            }
          });
    }
    directory.update(response.sessions(), response.leaving());
    readiness.recheck();
  }
}
