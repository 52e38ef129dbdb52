package io.beacon.registry.data.sync;

import io.beacon.registry.common.concurrent.Tasks;
import io.beacon.registry.common.digest.DiffCursor;
import io.beacon.registry.common.digest.DigestDiff;
import io.beacon.registry.common.digest.PublisherDiff;
import io.beacon.registry.common.digest.PublisherSummary;
import io.beacon.registry.common.digest.SlotDigest;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.protocol.SlotDigestRequest;
import io.beacon.registry.common.protocol.SlotDigestResponse;
import io.beacon.registry.common.protocol.SlotPublisherDiffRequest;
import io.beacon.registry.common.protocol.SlotPublisherDiffResponse;
import io.beacon.registry.common.protocol.Status;
import io.beacon.registry.common.rpc.RpcClient;
import io.beacon.registry.data.store.SlotRead;
import io.beacon.registry.data.sync.SyncOutcome.Result;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs slot diff sync passes: the requester (this node, through a {@link SyncScope}) repairs what
 * it holds from a responder ({@link SyncPeer}), transferring only what differs.
 *
 * <p>A pass: (1) send the scope's {@link SlotDigest}; the responder answers a {@link DigestDiff}.
 * (2) Split {@link DigestDiff#differing()} into consecutive chunks of at most {@code
 * maxSummaryRegisterIds} registerIds' worth of summaries (an empty summary weighs one). (3) Per
 * chunk, send the scope's current summaries; the responder answers at most {@code maxPublishers}
 * differences, which the scope applies through the store's guarded writes; repeat from {@code
 * resumeAfter} while {@code hasRemaining}. Summaries are re-read every round, so each round also
 * re-checks leadership and compares against the freshest data; the cursor still advances strictly,
 * so a chunk of D differences takes ceil(D / maxPublishers) rounds.
 *
 * <p>Failure: a non-OK status, an answer naming another process than the peer, a failed or timed
 * out call (each bounded by {@code timeout}), a cursor that does not advance, or the scope refusing
 * (leadership or leader epoch changed) aborts the pass; nothing is retried here, the next renew (or
 * follower tick) starts a new pass. What was applied before the abort stays: each write is guarded
 * on its own. Every answer that names the expected peer is reported to {@code onAnswer} (the
 * session lease renewal).
 *
 * <p>Concurrency: at most one pass per (slot, peer process) is in flight or queued ({@link
 * #schedule} answers {@link Result#ALREADY_SCHEDULED} otherwise), which bounds the passes by slots
 * times peers. A pass never blocks a thread while it waits: its steps run on {@code executor}
 * (bounded; a rejected step aborts the pass) and answers arrive on the RPC client's callback
 * executor, which only hands the next step to {@code executor}. A pass's state is touched by one
 * step at a time, each handed over through the executor (happens-before). The pass map is
 * concurrent.
 */
public final class SlotDiffSyncer implements AutoCloseable {

  /** The default cap of registerIds summarized in one publisher-diff request. */
  public static final int DEFAULT_MAX_SUMMARY_REGISTER_IDS = 4_000;

  private static final Logger log = LoggerFactory.getLogger(SlotDiffSyncer.class);

  private final RpcClient client;
  private final Executor executor;
  private final ProcessId self;
  private final Duration timeout;
  private final int maxPublishers;
  private final int maxSummaryRegisterIds;
  private final Consumer<ProcessId> onAnswer;
  private final Map<SyncKey, Run> passes = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * @param client calls the responders
   * @param executor runs the passes' steps, never an RPC handler executor
   * @param self this node's process, named as the requester
   * @param timeout the timeout of each call
   * @param maxPublishers the most differences one publisher-diff answer may carry
   * @param maxSummaryRegisterIds the most registerIds one publisher-diff request summarizes
   * @param onAnswer told of every responder process that answered a round as expected
   */
  public SlotDiffSyncer(
      RpcClient client,
      Executor executor,
      ProcessId self,
      Duration timeout,
      int maxPublishers,
      int maxSummaryRegisterIds,
      Consumer<ProcessId> onAnswer) {
    if (maxPublishers < 1 || maxSummaryRegisterIds < 1) {
      throw new IllegalArgumentException(
          "maxPublishers: " + maxPublishers + ", maxSummaryRegisterIds: " + maxSummaryRegisterIds);
    }
    this.client = client;
    this.executor = executor;
    this.self = self;
    this.timeout = timeout;
    this.maxPublishers = maxPublishers;
    this.maxSummaryRegisterIds = maxSummaryRegisterIds;
    this.onAnswer = onAnswer;
  }

  /**
   * Queues {@code pass} unless one for the same slot and peer process is in flight or queued.
   * Completes with the outcome; never exceptionally.
   */
  public CompletableFuture<SyncOutcome> schedule(SyncPass pass) {
    SyncKey key = new SyncKey(pass.slotId(), pass.peer().processId());
    Run run = new Run(key, pass);
    if (passes.putIfAbsent(key, run) != null) {
      return CompletableFuture.completedFuture(SyncOutcome.alreadyScheduled());
    }
    if (closed) {
      run.abort("syncer closed");
    } else {
      run.step(run::start);
    }
    return run.done;
  }

  /** Whether a pass for {@code slotId} against {@code peer} is in flight or queued. */
  public boolean isScheduled(int slotId, ProcessId peer) {
    return passes.containsKey(new SyncKey(slotId, peer));
  }

  /** How many passes are in flight or queued. */
  public int scheduledCount() {
    return passes.size();
  }

  /** Stops starting steps: passes in flight abort at their next step. */
  @Override
  public void close() {
    closed = true;
  }

  /** Splits summaries into consecutive chunks of at most {@code max} registerIds (at least one). */
  static List<List<String>> chunks(List<PublisherSummary> summaries, int max) {
    List<List<String>> chunks = new ArrayList<>();
    List<String> chunk = new ArrayList<>();
    int weight = 0;
    for (PublisherSummary summary : summaries) {
      int size = Math.max(1, summary.size());
      if (!chunk.isEmpty() && weight + size > max) {
        chunks.add(chunk);
        chunk = new ArrayList<>();
        weight = 0;
      }
      chunk.add(summary.dataInfoId());
      weight += size;
    }
    if (!chunk.isEmpty()) {
      chunks.add(chunk);
    }
    return chunks;
  }

  /** The dedup key of a pass. Immutable. */
  private record SyncKey(int slotId, ProcessId peer) {}

  /** One pass. Touched by one step at a time (see the class header). */
  private final class Run {

    private final SyncKey key;
    private final SyncPass pass;
    private final CompletableFuture<SyncOutcome> done = new CompletableFuture<>();
    private List<List<String>> chunks = List.of();
    private int chunk;
    private DiffCursor cursor;
    private int rounds;
    private int updated;
    private int removed;

    Run(SyncKey key, SyncPass pass) {
      this.key = key;
      this.pass = pass;
    }

    void start() {
      SlotRead<SlotDigest> digest = pass.scope().digest();
      if (!digest.isOk()) {
        abort("requester refused: " + digest.status());
        return;
      }
      call(
          new SlotDigestRequest(
              pass.slotId(), pass.tableEpoch(), pass.leaderEpoch(), self, digest.value()),
          SlotDigestResponse.class,
          this::onDigest);
    }

    private void onDigest(SlotDigestResponse response) {
      if (!accepted(response.status(), response.responderProcessId())) {
        return;
      }
      DigestDiff diff = response.diff();
      if (diff == null || diff.isEmpty()) {
        finish(Result.EQUAL);
        return;
      }
      SlotRead<List<PublisherSummary>> summaries = pass.scope().summaries(diff.differing());
      if (!summaries.isOk()) {
        abort("requester refused: " + summaries.status());
        return;
      }
      chunks = chunks(summaries.value(), maxSummaryRegisterIds);
      nextRound();
    }

    private void nextRound() {
      if (chunk == chunks.size()) {
        finish(Result.SYNCED);
        return;
      }
      SlotRead<List<PublisherSummary>> summaries = pass.scope().summaries(chunks.get(chunk));
      if (!summaries.isOk()) {
        abort("requester refused: " + summaries.status());
        return;
      }
      call(
          new SlotPublisherDiffRequest(
              pass.slotId(),
              pass.tableEpoch(),
              pass.leaderEpoch(),
              summaries.value(),
              cursor,
              maxPublishers),
          SlotPublisherDiffResponse.class,
          this::onPublishers);
    }

    private void onPublishers(SlotPublisherDiffResponse response) {
      if (!accepted(response.status(), response.responderProcessId())) {
        return;
      }
      PublisherDiff diff = response.diff();
      if (diff == null || diff.size() > maxPublishers) {
        abort("malformed publisher diff: " + (diff == null ? "null" : diff.size() + " entries"));
        return;
      }
      rounds++;
      Status applied = pass.scope().apply(diff);
      if (applied != Status.OK) {
        abort("requester refused: " + applied);
        return;
      }
      updated += diff.updated().size();
      removed += diff.removed().size();
      if (!diff.hasRemaining()) {
        chunk++;
        cursor = null;
      } else if (cursor != null && diff.resumeAfter().compareTo(cursor) <= 0) {
        abort("cursor did not advance: " + diff.resumeAfter());
        return;
      } else {
        cursor = diff.resumeAfter();
      }
      nextRound();
    }

    private boolean accepted(Status status, ProcessId responder) {
      if (status != Status.OK) {
        abort("responder answered " + status);
        return false;
      }
      if (!pass.peer().processId().equals(responder)) {
        abort("answered by another process: " + responder);
        return false;
      }
      onAnswer.accept(responder);
      return true;
    }

    private <T> void call(Object request, Class<T> type, Consumer<T> next) {
      Tasks.whenComplete(
          client.invoke(pass.peer().address(), request, type, timeout),
          "sync call answer",
          (response, error) -> {
            if (error != null) {
              abort("call failed: " + error.getMessage());
            } else {
              step(() -> next.accept(response));
            }
          });
    }

    /** Runs one step on the executor; a rejected or failing step aborts the pass. */
    void step(Runnable task) {
      if (closed) {
        abort("syncer closed");
        return;
      }
      try {
        executor.execute(
            () -> {
              try {
                task.run();
              } catch (Throwable t) {
                log.warn("sync step failed slot={} peer={}", pass.slotId(), pass.peer(), t);
                abort("step failed: " + t);
              }
            });
      } catch (RejectedExecutionException e) {
        abort("sync executor full");
      }
    }

    private void finish(Result result) {
      SyncOutcome outcome = new SyncOutcome(result, rounds, updated, removed, null);
      if (updated + removed > 0) {
        log.info(
            "slot synced slot={} peer={} peerProcessId={} rounds={} updated={} removed={}",
            pass.slotId(),
            pass.peer().address(),
            pass.peer().processId(),
            rounds,
            updated,
            removed);
      }
      complete(outcome);
    }

    void abort(String reason) {
      log.debug(
          "slot sync aborted slot={} peer={} rounds={} reason={}",
          pass.slotId(),
          pass.peer().address(),
          rounds,
          reason);
      complete(new SyncOutcome(Result.ABORTED, rounds, updated, removed, reason));
    }

    /** Frees the pass's slot before completing, so a caller told of the end may start the next. */
    private void complete(SyncOutcome outcome) {
      passes.remove(key, this);
      done.complete(outcome);
    }
  }
}
