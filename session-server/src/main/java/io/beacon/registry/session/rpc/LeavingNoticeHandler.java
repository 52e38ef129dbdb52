package io.beacon.registry.session.rpc;

import io.beacon.registry.common.heartbeat.MetaHeartbeater;
import io.beacon.registry.common.protocol.Ack;
import io.beacon.registry.common.protocol.LeavingNotice;
import io.beacon.registry.common.protocol.Status;
import io.beacon.registry.common.rpc.RpcConnection;
import io.beacon.registry.common.rpc.RpcHandler;
import io.beacon.registry.session.discovery.SessionDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the meta leader's {@link LeavingNotice} on the internal port: discovery stops offering the
 * named sessions at once ({@link SessionDirectory#leaving}).
 *
 * <p>Who may call: the meta leader this session follows, checked as for switch notices (the name
 * the last heartbeat answer gave, from that leader's host); anything else is answered {@link
 * Status#NOT_LEADER} and changes nothing. A notice can only take sessions out of discovery until
 * the next heartbeat answer that no longer lists them, and names at most {@link
 * LeavingNotice#MAX_LEAVING} addresses. Stateless; runs on {@code session-internal-rpc}.
 */
final class LeavingNoticeHandler implements RpcHandler<LeavingNotice> {

  private static final Logger log = LoggerFactory.getLogger(LeavingNoticeHandler.class);

  private final MetaHeartbeater heartbeater;
  private final SessionDirectory directory;

  LeavingNoticeHandler(MetaHeartbeater heartbeater, SessionDirectory directory) {
    this.heartbeater = heartbeater;
    this.directory = directory;
  }

  @Override
  public Object handle(LeavingNotice notice, RpcConnection connection) {
    if (!heartbeater.isLeader(notice.metaLeader(), connection)) {
      log.info(
          "leaving notice refused: not from the meta leader followed claimed={} from={}",
          notice.metaLeader(),
          connection.remoteAddress());
      return new Ack(Status.NOT_LEADER, null);
    }
    directory.leaving(notice.leaving());
    return Ack.ok();
  }
}
