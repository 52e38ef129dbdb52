package io.beacon.registry.session.routing;

import io.beacon.registry.common.concurrent.Coalescer;
import io.beacon.registry.common.concurrent.Pending;
import io.beacon.registry.common.concurrent.RetryTimer;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the session's publisher writes to the leader of each slot.
 *
 * <p>Design: a {@link Coalescer} keyed by slot keeps writes in the order the session accepted them.
 * At most one batch per slot is in flight; writes that arrive meanwhile wait and go in the next
 * batch, so an idle slot sends at once and a busy one batches by itself. The batches of different
 * slots bound for one leader coalesce the same way ({@link LeaderWrites}): one request in flight
 * per leader, the batches offered meanwhile go together in the next. Pending writes are keyed by
 * registration: a newer write of the same registration replaces an older pending one (the data
 * server keeps only the newest version anyway), which bounds a slot's queue by the number of
 * registrations it serves.
 *
 * <p>Failure: while a slot has no known leader, the leader is unreachable, or it answers anything
 * but OK, the batch goes back to the front of the queue (unless superseded) and is retried with
 * jittered exponential backoff, for as long as it takes; NOT_LEADER and STALE_EPOCH also ask for a
 * fresh slot table, and a new table ends every backoff at once. INVALID batches can never succeed
 * and are dropped with a warning. Whatever is still lost is repaired by the renew/digest loop.
 *
 * <p>Concurrency: see {@link Coalescer}; sends complete on the RPC client's callback executor;
 * retries run on the timer.
 */
public final class DataWriter {

  private static final Logger log = LoggerFactory.getLogger(DataWriter.class);

  private final SlotFunction slotFunction;
  private final SlotTableHolder tables;
  private final ProcessId processId;
  private final Runnable onStaleTable;
  private final LeaderWrites leaders;
  private final Coalescer<Integer, PublisherWrite, List<PublisherWrite>, SlotWrites> slots;

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
    RetryTimer timer = RetryTimer.on(scheduler);
    this.slotFunction = slotFunction;
    this.tables = tables;
    this.processId = processId;
    this.onStaleTable = onStaleTable;
    this.leaders = new LeaderWrites(client, timeout, timer);
    this.slots =
        new Coalescer<>(
            slotId -> new SlotWrites(maxBatch),
            new SlotSender(),
            attempt -> backoff.delay(attempt - 1),
            0,
            timer);
  }

  /** Queues {@code write} for its slot's leader. Never blocks. */
  public void submit(PublisherWrite write) {
    slots.offer(slotFunction.slotOf(write.dataInfoId()), write);
  }

  /**
   * A new slot table arrived: slots waiting in backoff (typically for a leader that was unknown or
   * gone) send now instead of when their backoff ends.
   */
  public void onTableChanged() {
    slots.retryNow();
  }

  /** Writes not yet acknowledged by a leader, over all slots. */
  public int pendingCount() {
    return slots.sum(SlotWrites::count);
  }

  private static String key(PublisherWrite write) {
    return write.dataInfoId() + '\n' + write.registerId();
  }

  /** Sends a slot's batch to the slot's leader, as the current table names it. */
  private final class SlotSender implements Coalescer.Sender<Integer, List<PublisherWrite>> {

    @Override
    public CompletionStage<?> send(Integer slotId, List<PublisherWrite> batch) {
      SlotTable table = tables.current();
      Slot slot = table.slot(slotId);
      if (!table.isAssigned() || slot.leader() == null) {
        return CompletableFuture.failedFuture(new WriteFailedException("no leader known"));
      }
      WriteBatchRequest request =
          new WriteBatchRequest(processId, slotId, table.epoch(), slot.leaderEpoch(), batch);
      return leaders
          .send(slot.leader(), request)
          .handle((response, error) -> checked(slotId, slot.leader(), batch, response, error));
    }

    private Void checked(
        int slotId,
        String leader,
        List<PublisherWrite> batch,
        WriteBatchResponse response,
        Throwable error) {
      if (error != null) {
        Throwable cause = error instanceof CompletionException ? error.getCause() : error;
        throw new WriteFailedException(leader + ": " + cause.getMessage());
      }
      Status status = response.status();
      if (status == Status.INVALID) {
        log.warn(
            "data leader refused writes slot={} leader={} writes={} reason={}",
            slotId,
            leader,
            batch.size(),
            response.message());
      } else if (status != Status.OK) {
        if (status == Status.NOT_LEADER || status == Status.STALE_EPOCH) {
          onStaleTable.run();
        }
        throw new WriteFailedException(leader + " answered " + status);
      }
      return null;
    }

    @Override
    public void onRetry(Integer slotId, int attempt, Duration delay, Throwable error) {
      if (attempt == 1) {
        Throwable cause = error instanceof CompletionException ? error.getCause() : error;
        log.warn(
            "writes to data leader failed, retrying slot={} reason={}", slotId, cause.getMessage());
      }
    }

    @Override
    public void onRecovered(Integer slotId, int failures) {
      log.info("writes delivered again slot={} afterFailures={}", slotId, failures);
    }
  }

  /**
   * The writes of one slot waiting for its leader, newest per registration, in the order accepted;
   * and how many are in flight.
   */
  private static final class SlotWrites implements Pending<PublisherWrite, List<PublisherWrite>> {
    private final int maxBatch;
    private Map<String, PublisherWrite> waiting = new LinkedHashMap<>();
    private int inFlight;

    SlotWrites(int maxBatch) {
      this.maxBatch = maxBatch;
    }

    /** Two handler threads may submit one registration's writes out of order: keeps the newer. */
    @Override
    public void add(PublisherWrite write) {
      String key = key(write);
      PublisherWrite pending = waiting.get(key);
      if (pending == null || !pending.version().isNewerThan(write.version())) {
        waiting.remove(key);
        waiting.put(key, write);
      }
    }

    @Override
    public boolean isEmpty() {
      return waiting.isEmpty();
    }

    @Override
    public List<PublisherWrite> take() {
      List<PublisherWrite> batch = new ArrayList<>(Math.min(maxBatch, waiting.size()));
      Iterator<PublisherWrite> it = waiting.values().iterator();
      while (it.hasNext() && batch.size() < maxBatch) {
        batch.add(it.next());
        it.remove();
      }
      inFlight = batch.size();
      return batch;
    }

    /** Puts the batch back in front, except writes a newer pending write replaced. */
    @Override
    public void restore(List<PublisherWrite> batch) {
      Map<String, PublisherWrite> rebuilt = new LinkedHashMap<>();
      for (PublisherWrite write : batch) {
        String key = key(write);
        PublisherWrite newer = waiting.get(key);
        if (newer == null || write.version().isNewerThan(newer.version())) {
          waiting.remove(key);
          rebuilt.put(key, write);
        }
      }
      rebuilt.putAll(waiting);
      waiting = rebuilt;
      inFlight = 0;
    }

    @Override
    public void delivered(List<PublisherWrite> batch) {
      inFlight = 0;
    }

    int count() {
      return waiting.size() + inFlight;
    }
  }

  /** A batch that did not reach its leader or was not accepted; retried. */
  private static final class WriteFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    WriteFailedException(String message) {
      super(message, null, false, false);
    }
  }
}
