package io.beacon.registry.session;

import io.beacon.registry.common.model.Datum;
import io.beacon.registry.common.model.DatumDelta;
import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.common.protocol.FetchDatumRequest;
import io.beacon.registry.common.protocol.FetchDatumResponse;
import io.beacon.registry.common.protocol.PublisherWrite;
import io.beacon.registry.common.protocol.Status;
import io.beacon.registry.common.protocol.WriteBatchRequest;
import io.beacon.registry.common.protocol.WriteBatchResponse;
import io.beacon.registry.common.protocol.WriteBatchesRequest;
import io.beacon.registry.common.protocol.WriteBatchesResponse;
import io.beacon.registry.common.rpc.RpcServer;
import io.beacon.registry.common.slot.Slot;
import io.beacon.registry.common.slot.SlotTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A data leader for tests: a real {@link RpcServer} on 127.0.0.1 that records every {@link
 * WriteBatchRequest} (also those that came together in a {@link WriteBatchesRequest}) and {@link
 * FetchDatumRequest} and answers with scripted statuses (OK once the script is used up). Write
 * answers can be held back to keep a batch in flight. Thread-safe.
 */
public final class FakeDataLeader implements AutoCloseable {

  /** One write batch received and the status it was (or will be) answered with. */
  public record ReceivedBatch(WriteBatchRequest request, Status status) {}

  private final RpcServer server;
  private final List<ReceivedBatch> batches = new CopyOnWriteArrayList<>();
  private final List<Integer> batchesPerRequest = new CopyOnWriteArrayList<>();
  private final Queue<Status> writeScript = new ConcurrentLinkedQueue<>();
  private final List<Runnable> heldAnswers = new ArrayList<>();
  private boolean holding;

  private final List<FetchDatumRequest> fetches = new CopyOnWriteArrayList<>();
  private final Queue<Status> fetchScript = new ConcurrentLinkedQueue<>();
  private final Map<String, Datum> datums = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<Void>> fetchGates = new ConcurrentHashMap<>();
  // Every datum answered, by dataInfoId and version: what a delta is computed against.
  private final Map<String, Map<Long, Datum>> answered = new ConcurrentHashMap<>();
  private final AtomicInteger deltasSent = new AtomicInteger();
  private volatile boolean deltas;

  public FakeDataLeader(Executor executor) {
    server = new RpcServer("fake-data", "127.0.0.1", 0, executor);
    server.register(WriteBatchRequest.class, executor, (request, connection) -> onWrite(request));
    server.register(
        WriteBatchesRequest.class, executor, (request, connection) -> onWrites(request));
    server.register(FetchDatumRequest.class, executor, (request, connection) -> onFetch(request));
    server.start();
  }

  public String address() {
    return "127.0.0.1:" + server.port();
  }

  /** A table of {@code slotCount} slots, all led by this fake. */
  public SlotTable tableLeadingAll(int slotCount, long epoch, long leaderEpoch) {
    return table(address(), slotCount, epoch, leaderEpoch);
  }

  public static SlotTable table(String leader, int slotCount, long epoch, long leaderEpoch) {
    List<Slot> slots = new ArrayList<>(slotCount);
    for (int i = 0; i < slotCount; i++) {
      slots.add(new Slot(i, leader, leaderEpoch, List.of()));
    }
    return new SlotTable(epoch, slots);
  }

  // ---- writes

  /** The next write batches are answered with these statuses, in order. */
  public void answerWrites(Status... statuses) {
    writeScript.addAll(Arrays.asList(statuses));
  }

  /** Write batches received from now on are not answered until {@link #release()}. */
  public synchronized void hold() {
    holding = true;
  }

  /** Answers every held batch and stops holding. */
  public void release() {
    answerHeld(false);
  }

  /** Answers the batches held so far and goes on holding the next ones. */
  public void answerHeld() {
    answerHeld(true);
  }

  private void answerHeld(boolean keepHolding) {
    List<Runnable> answers;
    synchronized (this) {
      holding = keepHolding;
      answers = new ArrayList<>(heldAnswers);
      heldAnswers.clear();
    }
    answers.forEach(Runnable::run);
  }

  public List<ReceivedBatch> batches() {
    return List.copyOf(batches);
  }

  public List<WriteBatchRequest> writeRequests() {
    return batches.stream().map(ReceivedBatch::request).toList();
  }

  /** The writes of every batch answered OK, in the order they were received. */
  public List<PublisherWrite> acceptedWrites() {
    List<PublisherWrite> writes = new ArrayList<>();
    for (ReceivedBatch batch : batches) {
      if (batch.status() == Status.OK) {
        writes.addAll(batch.request().writes());
      }
    }
    return writes;
  }

  /** How many slot batches each write request carried (1 for a batch sent alone), in order. */
  public List<Integer> batchesPerRequest() {
    return List.copyOf(batchesPerRequest);
  }

  private Object onWrites(WriteBatchesRequest request) {
    batchesPerRequest.add(request.batches().size());
    List<CompletableFuture<WriteBatchResponse>> answers = new ArrayList<>();
    for (WriteBatchRequest batch : request.batches()) {
      answers.add(answerOf(batch));
    }
    return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
        .thenApply(
            done ->
                new WriteBatchesResponse(answers.stream().map(CompletableFuture::join).toList()));
  }

  private Object onWrite(WriteBatchRequest request) {
    batchesPerRequest.add(1);
    CompletableFuture<WriteBatchResponse> answer = answerOf(request);
    return answer.isDone() ? answer.join() : answer;
  }

  private CompletableFuture<WriteBatchResponse> answerOf(WriteBatchRequest request) {
    Status status = writeScript.poll();
    Status answer = status == null ? Status.OK : status;
    WriteBatchResponse response = new WriteBatchResponse(answer, request.tableEpoch(), "scripted");
    CompletableFuture<WriteBatchResponse> result = new CompletableFuture<>();
    synchronized (this) {
      batches.add(new ReceivedBatch(request, answer));
      if (holding) {
        heldAnswers.add(() -> result.complete(response));
        return result;
      }
    }
    return CompletableFuture.completedFuture(response);
  }

  // ---- fetches

  public void putDatum(Datum datum) {
    datums.put(datum.dataInfoId(), datum);
  }

  /**
   * From now on a fetch that names a version this fake answered before gets the difference from
   * that datum as a delta, as a real leader does while it can.
   */
  public void answerWithDeltas() {
    deltas = true;
  }

  public int deltasSent() {
    return deltasSent.get();
  }

  /** The next fetches are answered with these statuses, in order. */
  public void answerFetches(Status... statuses) {
    fetchScript.addAll(Arrays.asList(statuses));
  }

  /**
   * Fetches of {@code dataInfoId} are answered, with the datum held when they arrived, only once
   * the returned future completes.
   */
  public CompletableFuture<Void> holdFetches(String dataInfoId) {
    CompletableFuture<Void> gate = new CompletableFuture<>();
    fetchGates.put(dataInfoId, gate);
    return gate;
  }

  public List<FetchDatumRequest> fetches() {
    return List.copyOf(fetches);
  }

  public long fetchCount(String dataInfoId) {
    return fetches.stream().filter(f -> f.dataInfoIds().contains(dataInfoId)).count();
  }

  private Object onFetch(FetchDatumRequest request) {
    fetches.add(request);
    // The answer is what the leader holds now, even when it is sent later.
    FetchDatumResponse answer = fetchAnswer(request, fetchScript.poll());
    CompletableFuture<Void> gate = fetchGates.get(request.dataInfoIds().get(0));
    return gate == null ? answer : gate.thenApply(ignored -> answer);
  }

  private FetchDatumResponse fetchAnswer(FetchDatumRequest request, Status status) {
    if (status != null && status != Status.OK) {
      return new FetchDatumResponse(status, request.tableEpoch(), List.of());
    }
    List<Datum> whole = new ArrayList<>();
    List<DatumDelta> changes = new ArrayList<>();
    for (int i = 0; i < request.dataInfoIds().size(); i++) {
      String dataInfoId = request.dataInfoIds().get(i);
      Datum current = datums.getOrDefault(dataInfoId, Datum.empty(dataInfoId));
      Map<Long, Datum> history =
          answered.computeIfAbsent(dataInfoId, id -> new ConcurrentHashMap<>());
      Datum known =
          request.knownVersions().isEmpty() ? null : history.get(request.knownVersions().get(i));
      history.put(current.version(), current);
      if (deltas && known != null && known.version() <= current.version()) {
        changes.add(difference(known, current));
        deltasSent.incrementAndGet();
      } else {
        whole.add(current);
      }
    }
    return new FetchDatumResponse(Status.OK, request.tableEpoch(), whole, changes);
  }

  private static DatumDelta difference(Datum from, Datum to) {
    Map<String, Publisher> before = new HashMap<>();
    from.publishers().forEach(p -> before.put(p.registerId(), p));
    List<Publisher> changed = new ArrayList<>();
    Set<String> stayed = new HashSet<>();
    for (Publisher publisher : to.publishers()) {
      stayed.add(publisher.registerId());
      if (!publisher.equals(before.get(publisher.registerId()))) {
        changed.add(publisher);
      }
    }
    List<String> removed = new ArrayList<>(before.keySet());
    removed.removeAll(stayed);
    return new DatumDelta(to.dataInfoId(), from.version(), to.version(), changed, removed);
  }

  @Override
  public void close() {
    release();
    fetchGates.values().forEach(gate -> gate.complete(null));
    server.close();
  }
}
