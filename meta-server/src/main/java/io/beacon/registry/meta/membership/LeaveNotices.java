package io.beacon.registry.meta.membership;

import io.beacon.registry.common.concurrent.Tasks;
import io.beacon.registry.common.model.NodeInfo;
import io.beacon.registry.common.model.NodeRole;
import io.beacon.registry.common.protocol.Ack;
import io.beacon.registry.common.protocol.LeavingNotice;
import io.beacon.registry.common.rpc.RpcClient;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells every other live session at once that a session announced a graceful leave ({@link
 * LeavingNotice}), so they stop offering it to clients within moments instead of at their next
 * heartbeat. Fire and forget: a session the notice misses learns it from its next heartbeat answer.
 * Stateless; never blocks (the RPC client connects off the caller's thread), so the heartbeat
 * handler calls it on {@code meta-rpc}.
 */
public final class LeaveNotices {

  private static final Logger log = LoggerFactory.getLogger(LeaveNotices.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(1);

  private final RpcClient client;
  private final Supplier<String> self;
  private final NodeLeases leases;

  /**
   * @param self this meta's address, the leader the notices name
   */
  public LeaveNotices(RpcClient client, Supplier<String> self, NodeLeases leases) {
    this.client = client;
    this.self = self;
    this.leases = leases;
  }

  /** {@code leaving}, a session, announced its leave. */
  public void sessionLeaving(NodeInfo leaving) {
    LeavingNotice notice = new LeavingNotice(self.get(), leases.leaving());
    List<NodeInfo> sessions = leases.staying(NodeRole.SESSION);
    for (NodeInfo session : sessions) {
      if (session.address().equals(leaving.address())) {
        continue;
      }
      Tasks.whenComplete(
          client.invoke(session.address(), notice, Ack.class, TIMEOUT),
          "leaving notice",
          (ack, error) -> {
            if (error != null) {
              log.debug(
                  "leaving notice not delivered session={} error={}",
                  session.address(),
                  error.toString());
            }
          });
    }
    log.info(
        "sessions told of a leaving session leaving={} told={}",
        leaving.address(),
        sessions.size());
  }
}
