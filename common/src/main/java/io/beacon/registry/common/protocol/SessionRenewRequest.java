package io.beacon.registry.common.protocol;

import io.beacon.registry.common.model.ProcessId;
import java.util.List;

/**
 * Sent every renew interval by a session to each data leader: renews the session process's lease
 * there and carries a checksum of every slot that leader leads in the session's table.
 *
 * @param sessionProcessId the renewing session process
 * @param sessionAddress the session's internal address, where the leader pulls differences from
 * @param tableEpoch the epoch of the session's slot table
 * @param slots one checksum per slot the receiver leads in the session's table
 */
public record SessionRenewRequest(
    ProcessId sessionProcessId, String sessionAddress, long tableEpoch, List<SlotChecksum> slots) {

  public SessionRenewRequest {
    slots = List.copyOf(slots);
  }
}
