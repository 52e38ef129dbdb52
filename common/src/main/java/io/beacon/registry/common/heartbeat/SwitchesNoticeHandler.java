package io.beacon.registry.common.heartbeat;

import io.beacon.registry.common.protocol.RegistrySwitches;
import io.beacon.registry.common.protocol.Status;
import io.beacon.registry.common.protocol.SwitchesAck;
import io.beacon.registry.common.protocol.SwitchesNotice;
import io.beacon.registry.common.rpc.RpcConnection;
import io.beacon.registry.common.rpc.RpcHandler;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the meta leader's {@link SwitchesNotice} on a session's internal port or a data server's
 * port, and answers once the switches are in force on this node.
 *
 * <p>Who may call: the meta leader this node follows, and nobody else. Until the internal ports
 * authenticate their peers (DESIGN.md §10), that is checked against the heartbeat: the notice must
 * name the leader the last heartbeat answer named, and come from that leader's host (a call routed
 * in-process is from this JVM and passes); anything else is answered {@link Status#NOT_LEADER} and
 * changes nothing, so a forged notice cannot switch pushes off. What a caller can make it allocate
 * is the decoded notice (bounded by the port's frame limit) and one pending answer.
 *
 * <p>Stateless; runs on the port's executor. The answer is a stage completed by {@code apply} (the
 * node's switch effects), so no RPC thread waits for the effects.
 */
public final class SwitchesNoticeHandler implements RpcHandler<SwitchesNotice> {

  private static final Logger log = LoggerFactory.getLogger(SwitchesNoticeHandler.class);

  private final MetaHeartbeater heartbeater;
  private final LongSupplier heldVersion;
  private final Function<RegistrySwitches, CompletionStage<Long>> apply;

  /**
   * @param heartbeater whose leader the notice must come from
   * @param heldVersion the version of the switches in force on this node
   * @param apply adopts switches if newer and completes with the version in force once it is
   */
  public SwitchesNoticeHandler(
      MetaHeartbeater heartbeater,
      LongSupplier heldVersion,
      Function<RegistrySwitches, CompletionStage<Long>> apply) {
    this.heartbeater = heartbeater;
    this.heldVersion = heldVersion;
    this.apply = apply;
  }

  @Override
  public Object handle(SwitchesNotice notice, RpcConnection connection) {
    if (notice.switches() == null) {
      return new SwitchesAck(Status.INVALID, heldVersion.getAsLong());
    }
    if (!heartbeater.isLeader(notice.metaLeader(), connection)) {
      log.info(
          "switches notice refused: not from the meta leader followed claimed={} from={} leader={}",
          notice.metaLeader(),
          connection.remoteAddress(),
          heartbeater.reportedLeader());
      return new SwitchesAck(Status.NOT_LEADER, heldVersion.getAsLong());
    }
    return apply
        .apply(notice.switches())
        .handle(
            (version, error) ->
                error == null
                    ? new SwitchesAck(Status.OK, version)
                    : new SwitchesAck(Status.BUSY, heldVersion.getAsLong()));
  }
}
