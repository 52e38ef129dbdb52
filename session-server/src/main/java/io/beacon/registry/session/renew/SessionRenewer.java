package io.beacon.registry.session.renew;

import io.beacon.registry.common.concurrent.Tasks;
import io.beacon.registry.common.digest.SlotDigest;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.common.protocol.SessionRenewRequest;
import io.beacon.registry.common.protocol.SessionRenewResponse;
import io.beacon.registry.common.protocol.SlotChecksum;
import io.beacon.registry.common.rpc.RpcClient;
import io.beacon.registry.common.slot.Slot;
import io.beacon.registry.common.slot.SlotTable;
import io.beacon.registry.common.slot.SlotTableHolder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every renew interval, tells each data leader that this session process lives and what it holds:
 * one {@link SlotChecksum} (count and digest signature of this session's publishers) per slot the
 * leader leads. The leader renews the session's lease and, for a slot whose checksum differs from
 * what it holds for this session, pulls the differences through a slot sync that this session
 * answers ({@code SlotSyncResponder}). So whatever the write queue could not deliver, or a data
 * server lost, is repaired within a renew interval or two.
 *
 * <p>Runs {@link #renew()} on the session scheduler; calls are asynchronous and never block it.
 * Stateless between rounds.
 */
public final class SessionRenewer {

  private static final Logger log = LoggerFactory.getLogger(SessionRenewer.class);

  private final SlotTableHolder tables;
  private final SlotPublishers publishers;
  private final RpcClient client;
  private final ProcessId processId;
  private final Supplier<String> sessionAddress;
  private final Duration timeout;
  private final Runnable onStaleTable;

  public SessionRenewer(
      SlotTableHolder tables,
      SlotPublishers publishers,
      RpcClient client,
      ProcessId processId,
      Supplier<String> sessionAddress,
      Duration timeout,
      Runnable onStaleTable) {
    this.tables = tables;
    this.publishers = publishers;
    this.client = client;
    this.processId = processId;
    this.sessionAddress = sessionAddress;
    this.timeout = timeout;
    this.onStaleTable = onStaleTable;
  }

  /** One renew round: one request per data leader. */
  public void renew() {
    SlotTable table = tables.current();
    if (!table.isAssigned()) {
      return;
    }
    checksumsByLeader(table)
        .forEach(
            (leader, checksums) ->
                Tasks.whenComplete(
                    client.invoke(
                        leader,
                        new SessionRenewRequest(
                            processId, sessionAddress.get(), table.epoch(), checksums),
                        SessionRenewResponse.class,
                        timeout),
                    "renew answer",
                    (response, error) -> onAnswer(leader, response, error)));
  }

  /**
   * What a renew round under {@code table} sends: per data leader, one checksum of this session's
   * publishers for every slot it leads (empty slots included). Also read by the admin endpoint, so
   * what it shows is exactly what renews carry.
   */
  public Map<String, List<SlotChecksum>> checksumsByLeader(SlotTable table) {
    Map<String, List<SlotChecksum>> byLeader = new HashMap<>();
    if (!table.isAssigned()) {
      return byLeader;
    }
    Map<Integer, List<Publisher>> bySlot = publishers.bySlot();
    for (Slot slot : table.slots()) {
      if (slot.leader() == null) {
        continue;
      }
      SlotDigest held = SlotDigest.ofPublishers(bySlot.getOrDefault(slot.id(), List.of()));
      byLeader
          .computeIfAbsent(slot.leader(), l -> new ArrayList<>())
          .add(
              new SlotChecksum(
                  slot.id(), slot.leaderEpoch(), held.publisherCount(), held.signature()));
    }
    return byLeader;
  }

  private void onAnswer(String leader, SessionRenewResponse response, Throwable error) {
    if (error != null) {
      log.debug("renew failed leader={} error={}", leader, error.getMessage());
      return;
    }
    if (!response.refusedSlots().isEmpty()) {
      onStaleTable.run();
    }
    if (!response.mismatchedSlots().isEmpty()) {
      log.info(
          "renew found differences, leader repairs them leader={} slots={}",
          leader,
          response.mismatchedSlots());
    }
  }
}
