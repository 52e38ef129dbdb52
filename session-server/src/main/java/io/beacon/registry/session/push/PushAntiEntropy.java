package io.beacon.registry.session.push;

import io.beacon.registry.common.concurrent.Tasks;
import io.beacon.registry.common.protocol.DatumVersionsRequest;
import io.beacon.registry.common.protocol.DatumVersionsResponse;
import io.beacon.registry.common.protocol.Status;
import io.beacon.registry.common.rpc.RpcClient;
import io.beacon.registry.common.slot.Slot;
import io.beacon.registry.common.slot.SlotFunction;
import io.beacon.registry.common.slot.SlotTable;
import io.beacon.registry.common.slot.SlotTableHolder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscriber anti-entropy: every scan interval, asks each slot leader for the current versions of
 * the dataInfoIds this session has subscribers for, and has {@link PushScheduler} re-push any whose
 * subscribers were last pushed an older version. This repairs a change notice that never arrived (a
 * session the data server did not list yet, a notice dropped during a meta change) and a push that
 * gave up, within one interval. Skipped while stop-push is on (nothing would be pushed anyway).
 *
 * <p>Runs {@link #scan()} on the session scheduler; calls are asynchronous. Stateless.
 */
public final class PushAntiEntropy {

  private static final Logger log = LoggerFactory.getLogger(PushAntiEntropy.class);
  private static final int MAX_IDS_PER_REQUEST = 2_000;

  private final PushScheduler pushes;
  private final SlotTableHolder tables;
  private final SlotFunction slotFunction;
  private final RpcClient client;
  private final Duration timeout;
  private final BooleanSupplier pushStopped;

  public PushAntiEntropy(
      PushScheduler pushes,
      SlotTableHolder tables,
      SlotFunction slotFunction,
      RpcClient client,
      Duration timeout,
      BooleanSupplier pushStopped) {
    this.pushes = pushes;
    this.tables = tables;
    this.slotFunction = slotFunction;
    this.client = client;
    this.timeout = timeout;
    this.pushStopped = pushStopped;
  }

  public void scan() {
    SlotTable table = tables.current();
    if (!table.isAssigned() || pushStopped.getAsBoolean()) {
      return;
    }
    Map<Integer, List<String>> bySlot = new HashMap<>();
    for (String dataInfoId : pushes.subscribedDataInfoIds()) {
      bySlot
          .computeIfAbsent(slotFunction.slotOf(dataInfoId), s -> new ArrayList<>())
          .add(dataInfoId);
    }
    bySlot.forEach(
        (slotId, ids) -> {
          Slot slot = table.slot(slotId);
          if (slot.leader() == null) {
            return;
          }
          for (int from = 0; from < ids.size(); from += MAX_IDS_PER_REQUEST) {
            List<String> chunk =
                ids.subList(from, Math.min(ids.size(), from + MAX_IDS_PER_REQUEST));
            Tasks.whenComplete(
                client.invoke(
                    slot.leader(),
                    new DatumVersionsRequest(slotId, table.epoch(), slot.leaderEpoch(), chunk),
                    DatumVersionsResponse.class,
                    timeout),
                "datum versions answer",
                (response, error) -> {
                  if (error != null || response.status() != Status.OK) {
                    log.debug(
                        "version scan failed slot={} leader={} error={}",
                        slotId,
                        slot.leader(),
                        error != null ? error.getMessage() : response.status());
                    return;
                  }
                  response.versions().forEach(pushes::verify);
                });
          }
        });
  }
}
