package io.beacon.registry.client.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * An executor whose tasks run when the test says so, with a bounded queue like the client's own
 * listener pool: a task beyond {@code capacity} is rejected. In {@link #discarding} mode it takes
 * tasks and drops them without a word, as a {@code DiscardPolicy} pool does. Not thread-safe.
 */
final class ManualExecutor implements Executor {

  private final Deque<Runnable> queue = new ArrayDeque<>();
  private int capacity = Integer.MAX_VALUE;
  private boolean discarding;
  private int discarded;

  @Override
  public void execute(Runnable command) {
    if (discarding) {
      discarded++;
      return;
    }
    if (queue.size() >= capacity) {
      throw new RejectedExecutionException("queue full");
    }
    queue.addLast(command);
  }

  void discarding(boolean discarding) {
    this.discarding = discarding;
  }

  int discarded() {
    return discarded;
  }

  void capacity(int capacity) {
    this.capacity = capacity;
  }

  int queued() {
    return queue.size();
  }

  /** Runs the tasks queued now and those they queue, oldest first. */
  void runAll() {
    int ran = 0;
    while (!queue.isEmpty()) {
      if (++ran > 10_000) {
        throw new AssertionError("tasks keep queueing tasks: a loop?");
      }
      queue.pollFirst().run();
    }
  }

  /** Runs the oldest task. */
  void runNext() {
    queue.pollFirst().run();
  }
}
