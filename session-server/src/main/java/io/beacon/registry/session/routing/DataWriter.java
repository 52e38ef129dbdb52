package io.beacon.registry.session.routing;

import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.protocol.PublisherWrite;
import io.beacon.registry.common.protocol.Status;
import io.beacon.registry.common.protocol.WriteBatchRequest;
import io.beacon.registry.common.protocol.WriteBatchResponse;
import io.beacon.registry.common.retry.Backoff;
import io.beacon.registry.common.rpc.RpcClient;
import io.beacon.registry.common.slot.Slot;
import io.beacon.registry.common.slot.SlotFunction;
import io.beacon.registry.common.slot.SlotTable;
import io.beacon.registry.common.slot.SlotTableHolder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the session's publisher writes to the leader of each slot.
 *
 * <p>Design: one queue per slot keeps writes in the order the session accepted them. At most one
 * batch per slot is in flight; writes that arrive meanwhile wait and go in the next batch, so an
 * idle slot sends at once and a busy one batches by itself. The batches of different slots bound
 * for one leader coalesce the same way ({@link LeaderWrites}): one request in flight per leader,
 * the batches offered meanwhile go together in the next. Pending writes are keyed by registration:
 * a newer write of the same registration replaces an older pending one (the data server keeps only
 * the newest version anyway), which bounds a queue by the number of registrations it serves.
 *
 * <p>Failure: while a slot has no known leader, the leader is unreachable, or it answers anything
 * but OK, the batch goes back to the front of the queue (unless superseded) and is retried with
 * jittered exponential backoff, for as long as it takes; NOT_LEADER and STALE_EPOCH also ask for a
 * fresh slot table. INVALID batches can never succeed and are dropped with a warning. Whatever is
 * still lost is repaired by the renew/digest loop.
 *
 * <p>Concurrency: each queue is guarded by its own monitor; sends complete on the RPC client's
 * callback executor; retries run on {@code scheduler}.
 */
public final class DataWriter {

  private static final Logger log = LoggerFactory.getLogger(DataWriter.class);

  private final SlotFunction slotFunction;
  private final SlotTableHolder tables;
  private final RpcClient client;
  private final ProcessId processId;
  private final Duration timeout;
  private final Backoff backoff;
  private final int maxBatch;
  private final ScheduledExecutorService scheduler;
  private final Runnable onStaleTable;
  private final SlotQueue[] queues;
  // One per data leader address ever written to: as many as the data servers seen, never pruned.
  private final Map<String, LeaderWrites> leaders = new ConcurrentHashMap<>();

  public DataWriter(
      SlotFunction slotFunction,
      SlotTableHolder tables,
      RpcClient client,
      ProcessId processId,
      Duration timeout,
      Backoff backoff,
      int maxBatch,
      ScheduledExecutorService scheduler,
      Runnable onStaleTable) {
    this.slotFunction = slotFunction;
    this.tables = tables;
    this.client = client;
    this.processId = processId;
    this.timeout = timeout;
    this.backoff = backoff;
    this.maxBatch = maxBatch;
    this.scheduler = scheduler;
    this.onStaleTable = onStaleTable;
    this.queues = new SlotQueue[slotFunction.slotCount()];
    for (int i = 0; i < queues.length; i++) {
      queues[i] = new SlotQueue(i);
    }
  }

  /** Queues {@code write} for its slot's leader. Never blocks. */
  public void submit(PublisherWrite write) {
    SlotQueue queue = queues[slotFunction.slotOf(write.dataInfoId())];
    boolean start;
    synchronized (queue) {
      String key = key(write);
      PublisherWrite pending = queue.pending.get(key);
      // Two handler threads may submit one registration's writes out of order: keep the newer.
      if (pending == null || !pending.version().isNewerThan(write.version())) {
        queue.pending.remove(key);
        queue.pending.put(key, write);
      }
      start = !queue.sending;
      queue.sending = true;
    }
    if (start) {
      send(queue);
    }
  }

  /**
   * A new slot table arrived: slots waiting in backoff (typically for a leader that was unknown or
   * gone) send now instead of when their backoff ends.
   */
  public void onTableChanged() {
    for (SlotQueue queue : queues) {
      boolean now;
      synchronized (queue) {
        now = queue.retryScheduled;
        queue.retryScheduled = false;
      }
      if (now) {
        send(queue);
      }
    }
  }

  /** Writes not yet acknowledged by a leader, over all slots. */
  public int pendingCount() {
    int count = 0;
    for (SlotQueue queue : queues) {
      synchronized (queue) {
        count += queue.pending.size() + queue.inFlight.size();
      }
    }
    return count;
  }

  private void send(SlotQueue queue) {
    List<PublisherWrite> batch;
    synchronized (queue) {
      if (queue.pending.isEmpty()) {
        queue.sending = false;
        return;
      }
      batch = new ArrayList<>(Math.min(maxBatch, queue.pending.size()));
      Iterator<PublisherWrite> it = queue.pending.values().iterator();
      while (it.hasNext() && batch.size() < maxBatch) {
        batch.add(it.next());
        it.remove();
      }
      queue.inFlight = batch;
    }
    SlotTable table = tables.current();
    Slot slot = table.slot(queue.slotId);
    if (!table.isAssigned() || slot.leader() == null) {
      retry(queue, batch, "no leader known");
      return;
    }
    WriteBatchRequest request =
        new WriteBatchRequest(processId, queue.slotId, table.epoch(), slot.leaderEpoch(), batch);
    try {
      leaders
          .computeIfAbsent(slot.leader(), leader -> new LeaderWrites(leader, client, timeout))
          .send(request)
          .whenComplete((response, error) -> onAnswer(queue, batch, slot, response, error));
    } catch (Throwable t) {
      retry(queue, batch, t.toString());
    }
  }

  private void onAnswer(
      SlotQueue queue,
      List<PublisherWrite> batch,
      Slot slot,
      WriteBatchResponse response,
      Throwable error) {
    if (error != null) {
      retry(queue, batch, slot.leader() + ": " + error.getMessage());
      return;
    }
    Status status = response.status();
    if (status == Status.OK || status == Status.INVALID) {
      if (status == Status.INVALID) {
        log.warn(
            "data leader refused writes slot={} leader={} writes={} reason={}",
            queue.slotId,
            slot.leader(),
            batch.size(),
            response.message());
      }
      if (queue.failures > 0) {
        log.info("writes delivered again slot={} leader={}", queue.slotId, slot.leader());
      }
      synchronized (queue) {
        queue.failures = 0;
        queue.inFlight = List.of();
      }
      send(queue);
      return;
    }
    if (status == Status.NOT_LEADER || status == Status.STALE_EPOCH) {
      onStaleTable.run();
    }
    retry(queue, batch, slot.leader() + " answered " + status);
  }

  private void retry(SlotQueue queue, List<PublisherWrite> batch, String reason) {
    int attempt;
    synchronized (queue) {
      // Put the batch back in front, except writes a newer pending write replaced.
      Map<String, PublisherWrite> rebuilt = new LinkedHashMap<>();
      for (PublisherWrite write : batch) {
        String key = key(write);
        PublisherWrite newer = queue.pending.get(key);
        if (newer == null || write.version().isNewerThan(newer.version())) {
          queue.pending.remove(key);
          rebuilt.put(key, write);
        }
      }
      rebuilt.putAll(queue.pending);
      queue.pending = rebuilt;
      queue.inFlight = List.of();
      attempt = queue.failures++;
      queue.retryScheduled = true;
    }
    if (attempt == 0) {
      log.warn("writes to data leader failed, retrying slot={} reason={}", queue.slotId, reason);
    }
    scheduler.schedule(
        () -> {
          synchronized (queue) {
            if (!queue.retryScheduled) {
              return; // a new slot table already sent it
            }
            queue.retryScheduled = false;
          }
          send(queue);
        },
        backoff.delay(attempt).toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private static String key(PublisherWrite write) {
    return write.dataInfoId() + '\n' + write.registerId();
  }

  /** The writes of one slot. Guarded by its own monitor. */
  private static final class SlotQueue {
    final int slotId;
    Map<String, PublisherWrite> pending = new LinkedHashMap<>();
    List<PublisherWrite> inFlight = List.of();
    boolean sending;
    boolean retryScheduled;
    int failures;

    SlotQueue(int slotId) {
      this.slotId = slotId;
    }
  }
}
