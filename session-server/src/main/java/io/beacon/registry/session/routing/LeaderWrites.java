package io.beacon.registry.session.routing;

import io.beacon.registry.common.protocol.WriteBatchRequest;
import io.beacon.registry.common.protocol.WriteBatchResponse;
import io.beacon.registry.common.protocol.WriteBatchesRequest;
import io.beacon.registry.common.protocol.WriteBatchesResponse;
import io.beacon.registry.common.rpc.RpcClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The slot batches {@link DataWriter} sends to one data leader.
 *
 * <p>Design: adaptive coalescing per leader, like the data server's change notices. A batch offered
 * while nothing is in flight to the leader is sent at once, alone, so a quiet session writes within
 * one round trip. Batches of other slots offered while a request is in flight wait and go out
 * together, as one {@link WriteBatchesRequest}, when it is answered: under load a leader gets one
 * request per round trip carrying every slot that has writes, instead of one per slot. Each batch
 * keeps its own answer, so {@link DataWriter}'s per-slot ordering, retries and status handling do
 * not change; a request that fails fails every batch it carried.
 *
 * <p>Concurrency: guarded by this object's monitor; sends and answers happen outside it, answers on
 * the RPC client's callback executor (or the caller's thread when a send fails at once).
 */
final class LeaderWrites {

  /**
   * Most slot batches, and most writes, one request carries (a first batch goes whatever its size);
   * the rest wait for the next request.
   */
  static final int MAX_BATCHES_PER_REQUEST = 64;

  static final int MAX_WRITES_PER_REQUEST = 1_000;

  private final String leader;
  private final RpcClient client;
  private final Duration timeout;
  private boolean busy;
  private List<Outgoing> waiting = new ArrayList<>();

  LeaderWrites(String leader, RpcClient client, Duration timeout) {
    this.leader = leader;
    this.client = client;
    this.timeout = timeout;
  }

  /** Sends {@code batch} now or with the next request; completes with the leader's answer to it. */
  CompletableFuture<WriteBatchResponse> send(WriteBatchRequest batch) {
    Outgoing outgoing = new Outgoing(batch, new CompletableFuture<>());
    synchronized (this) {
      if (busy) {
        waiting.add(outgoing);
        return outgoing.answer;
      }
      busy = true;
    }
    dispatch(List.of(outgoing));
    return outgoing.answer;
  }

  private void dispatch(List<Outgoing> request) {
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
    answers.whenComplete(
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
          next();
        });
  }

  /** The request in flight was answered: send what waited meanwhile, or become idle. */
  private void next() {
    List<Outgoing> request;
    synchronized (this) {
      if (waiting.isEmpty()) {
        busy = false;
        return;
      }
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
      request = new ArrayList<>(first);
      first.clear();
    }
    dispatch(request);
  }

  private static WriteBatchesRequest batchesOf(List<Outgoing> request) {
    List<WriteBatchRequest> batches = new ArrayList<>(request.size());
    for (Outgoing outgoing : request) {
      batches.add(outgoing.batch);
    }
    return new WriteBatchesRequest(batches);
  }

  private record Outgoing(WriteBatchRequest batch, CompletableFuture<WriteBatchResponse> answer) {}
}
