package io.beacon.registry.common.protocol;

import io.beacon.registry.common.model.ProcessId;
import java.util.List;

/**
 * A batch of writes for one slot, in the order the session accepted them.
 *
 * @param sessionProcessId the sending session process
 * @param slotId the slot every write belongs to
 * @param tableEpoch the epoch of the sender's slot table
 * @param leaderEpoch the sender's leader epoch of the slot
 * @param writes the writes, applied in order
 */
public record WriteBatchRequest(
    ProcessId sessionProcessId,
    int slotId,
    long tableEpoch,
    long leaderEpoch,
    List<PublisherWrite> writes) {

  public WriteBatchRequest {
    writes = List.copyOf(writes);
  }
}
