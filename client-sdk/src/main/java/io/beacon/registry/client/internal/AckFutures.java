package io.beacon.registry.client.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;

/**
 * The acknowledgement futures of one registration, by the version they wait for, oldest first. An
 * acknowledgement of version {@code n} completes every future of a version up to {@code n}.
 * Confined to the client's worker thread.
 */
final class AckFutures {

  private record Waiting(long version, CompletableFuture<Void> future) {}

  private final Deque<Waiting> waiting = new ArrayDeque<>();

  void add(long version, CompletableFuture<Void> future) {
    waiting.addLast(new Waiting(version, future));
  }

  void completeUpTo(long version) {
    while (!waiting.isEmpty() && waiting.peekFirst().version() <= version) {
      waiting.pollFirst().future().complete(null);
    }
  }

  void failAll(Throwable cause) {
    while (!waiting.isEmpty()) {
      waiting.pollFirst().future().completeExceptionally(cause);
    }
  }

  boolean isEmpty() {
    return waiting.isEmpty();
  }
}
