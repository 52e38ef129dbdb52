package io.beacon.registry.session.routing;

import io.beacon.registry.common.concurrent.Coalescer;
import io.beacon.registry.common.concurrent.Pending;
import io.beacon.registry.common.concurrent.RetryTimer;
import io.beacon.registry.common.protocol.WriteBatchRequest;
import io.beacon.registry.common.protocol.WriteBatchResponse;
import io.beacon.registry.common.protocol.WriteBatchesRequest;
import io.beacon.registry.common.protocol.WriteBatchesResponse;
import io.beacon.registry.common.rpc.RpcClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The slot batches {@link DataWriter} sends, grouped per data leader.
 *
 * <p>Design: a {@link Coalescer} keyed by leader, like the data server's change notices. A batch
 * offered while nothing is in flight to its leader is sent at once, alone, so a quiet session
 * writes within one round trip. Batches of other slots offered while a request is in flight wait
 * and go out together, as one {@link WriteBatchesRequest}, when it is answered: under load a leader
 * gets one request per round trip carrying every slot that has writes, instead of one per slot.
 * Each batch keeps its own answer, so {@link DataWriter}'s per-slot ordering, retries and status
 * handling do not change; a request that fails fails every batch it carried, and is never retried
 * here (the slots retry their own batches). A leader with nothing waiting is forgotten.
 *
 * <p>Concurrency: see {@link Coalescer}; answers complete on the RPC client's callback executor (or
 * the caller's thread when a send fails at once).
 */
final class LeaderWrites {

  /**
   * Most slot batches, and most writes, one request carries (a first batch goes whatever its size);
   * the rest wait for the next request.
   */
  static final int MAX_BATCHES_PER_REQUEST = 64;

  static final int MAX_WRITES_PER_REQUEST = 1_000;

  private final RpcClient client;
  private final Duration timeout;
  private final Coalescer<String, Outgoing, List<Outgoing>, Outgoings> leaders;

  /**
   * @param timer never used: a request to a leader is not retried
   */
  LeaderWrites(RpcClient client, Duration timeout, RetryTimer timer) {
    this.client = client;
    this.timeout = timeout;
    this.leaders =
        new Coalescer<>(leader -> new Outgoings(), this::dispatch, n -> timeout, 0, timer);
  }

  /**
   * Sends {@code batch} to {@code leader} now or with its next request; completes with the leader's
   * answer to it.
   */
  CompletableFuture<WriteBatchResponse> send(String leader, WriteBatchRequest batch) {
    Outgoing outgoing = new Outgoing(batch, new CompletableFuture<>());
    leaders.offer(leader, outgoing);
    return outgoing.answer;
  }

  /** Sends one request; completes, never exceptionally, once every batch in it has its answer. */
  private CompletionStage<?> dispatch(String leader, List<Outgoing> request) {
    CompletableFuture<List<WriteBatchResponse>> answers;
    try {
      answers =
          request.size() == 1
              ? client
                  .invoke(leader, request.get(0).batch, WriteBatchResponse.class, timeout)
                  .thenApply(List::of)
              : client
                  .invoke(leader, batchesOf(request), WriteBatchesResponse.class, timeout)
                  .thenApply(WriteBatchesResponse::responses);
    } catch (RuntimeException e) {
      answers = CompletableFuture.failedFuture(e);
    }
    return answers.handle(
        (responses, error) -> {
          for (int i = 0; i < request.size(); i++) {
            CompletableFuture<WriteBatchResponse> answer = request.get(i).answer;
            if (error != null) {
              answer.completeExceptionally(error);
            } else if (responses.size() != request.size()) {
              answer.completeExceptionally(
                  new IllegalStateException(
                      leader
                          + " answered "
                          + responses.size()
                          + " of "
                          + request.size()
                          + " batches"));
            } else {
              answer.complete(responses.get(i));
            }
          }
          return null;
        });
  }

  private static WriteBatchesRequest batchesOf(List<Outgoing> request) {
    List<WriteBatchRequest> batches = new ArrayList<>(request.size());
    for (Outgoing outgoing : request) {
      batches.add(outgoing.batch);
    }
    return new WriteBatchesRequest(batches);
  }

  private record Outgoing(WriteBatchRequest batch, CompletableFuture<WriteBatchResponse> answer) {}

  /** The batches waiting for one leader, in the order they were offered. */
  private static final class Outgoings implements Pending<Outgoing, List<Outgoing>> {
    private final List<Outgoing> waiting = new ArrayList<>();

    @Override
    public void add(Outgoing outgoing) {
      waiting.add(outgoing);
    }

    @Override
    public boolean isEmpty() {
      return waiting.isEmpty();
    }

    /** The first batch whatever its size, then more up to the request's bounds. */
    @Override
    public List<Outgoing> take() {
      int count = 0;
      int writes = 0;
      while (count < waiting.size() && count < MAX_BATCHES_PER_REQUEST) {
        writes += waiting.get(count).batch.writes().size();
        if (count > 0 && writes > MAX_WRITES_PER_REQUEST) {
          break;
        }
        count++;
      }
      List<Outgoing> first = waiting.subList(0, count);
      List<Outgoing> request = new ArrayList<>(first);
      first.clear();
      return request;
    }

    @Override
    public void restore(List<Outgoing> request) {
      waiting.addAll(0, request);
    }

    @Override
    public boolean isDisposable() {
      return waiting.isEmpty();
    }
  }
}
