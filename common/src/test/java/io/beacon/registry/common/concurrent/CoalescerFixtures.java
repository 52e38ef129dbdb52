package io.beacon.registry.common.concurrent;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Hand-driven collaborators of a {@link Coalescer} under test. Single-threaded. */
final class CoalescerFixtures {

  private CoalescerFixtures() {}

  /** A {@link RetryTimer} whose tasks run when the test advances its time. */
  static final class ManualTimer implements RetryTimer {
    private final PriorityQueue<Task> tasks =
        new PriorityQueue<>(Comparator.comparingLong(Task::due).thenComparingLong(Task::seq));
    final List<Duration> delays = new ArrayList<>();
    private long nowMillis;
    private long seq;
    boolean shutDown;

    @Override
    public void schedule(Runnable task, Duration delay) {
      if (shutDown) {
        throw new java.util.concurrent.RejectedExecutionException("shut down");
      }
      delays.add(delay);
      tasks.add(new Task(nowMillis + delay.toMillis(), seq++, task));
    }

    /** Runs every task due within {@code step}, in due order. */
    void advance(Duration step) {
      long until = nowMillis + step.toMillis();
      while (!tasks.isEmpty() && tasks.peek().due() <= until) {
        Task next = tasks.poll();
        nowMillis = next.due();
        next.task().run();
      }
      nowMillis = until;
    }

    /** Runs tasks until none is left (tasks may schedule more). */
    void runAll() {
      while (!tasks.isEmpty()) {
        advance(Duration.ofMillis(tasks.peek().due() - nowMillis));
      }
    }

    int scheduled() {
      return tasks.size();
    }

    private record Task(long due, long seq, Runnable task) {}
  }

  /**
   * A sender whose answers the test gives: each send waits in {@link #inFlight} until {@link
   * #answer} completes it; every send is also recorded in {@link #sent}.
   */
  static final class ControlledSender<B> implements Coalescer.Sender<String, B> {
    final List<Sent<B>> sent = new ArrayList<>();
    final Map<String, Deque<Sent<B>>> inFlight = new HashMap<>();
    final List<String> events = new ArrayList<>();
    RuntimeException throwOnSend;

    @Override
    public CompletionStage<?> send(String key, B batch) {
      if (throwOnSend != null) {
        throw throwOnSend;
      }
      Sent<B> sending = new Sent<>(key, batch, new CompletableFuture<>());
      sent.add(sending);
      inFlight.computeIfAbsent(key, k -> new ArrayDeque<>()).add(sending);
      return sending.answer();
    }

    /** Answers the oldest send in flight to {@code key}. */
    void answer(String key, boolean success) {
      Sent<B> sending = inFlight.get(key).poll();
      if (success) {
        sending.answer().complete(null);
      } else {
        sending.answer().completeExceptionally(new IllegalStateException("refused " + key));
      }
    }

    int inFlightCount(String key) {
      Deque<Sent<B>> sends = inFlight.get(key);
      return sends == null ? 0 : sends.size();
    }

    List<B> sentTo(String key) {
      return sent.stream().filter(s -> s.key().equals(key)).map(Sent::batch).toList();
    }

    @Override
    public void onRetry(String key, int attempt, Duration delay, Throwable error) {
      events.add("retry " + key + " #" + attempt + " in " + delay.toMillis() + "ms");
    }

    @Override
    public void onRecovered(String key, int failures) {
      events.add("recovered " + key + " after " + failures);
    }

    @Override
    public void onGiveUp(String key, B batch, int attempts, Throwable error) {
      events.add("gave up " + key + " " + batch + " after " + attempts);
    }

    record Sent<B>(String key, B batch, CompletableFuture<Void> answer) {}
  }

  /**
   * Items in offer order, at most {@code maxBatch} per batch; a failed batch goes back in front,
   * unless the test no longer {@link #wanted wants} it. Records the delivered batches. Disposable,
   * if made so, while nothing waits.
   */
  static final class Fifo<T> implements Pending<T, List<T>> {
    private final int maxBatch;
    private final boolean disposable;
    final List<T> waiting = new ArrayList<>();
    final List<List<T>> delivered = new ArrayList<>();
    boolean wanted = true;

    Fifo(int maxBatch, boolean disposable) {
      this.maxBatch = maxBatch;
      this.disposable = disposable;
    }

    @Override
    public void add(T item) {
      waiting.add(item);
    }

    @Override
    public boolean isEmpty() {
      return waiting.isEmpty();
    }

    @Override
    public List<T> take() {
      List<T> first = waiting.subList(0, Math.min(maxBatch, waiting.size()));
      List<T> batch = List.copyOf(first);
      first.clear();
      return batch;
    }

    @Override
    public void restore(List<T> batch) {
      if (wanted) {
        waiting.addAll(0, batch);
      }
    }

    @Override
    public void delivered(List<T> batch) {
      delivered.add(batch);
    }

    @Override
    public boolean isDisposable() {
      return disposable && waiting.isEmpty();
    }
  }

  /**
   * The newest (highest) value only: an older one offered or restored is dropped. Disposable, if
   * made so, while nothing waits. Guarded by the coalescer, its only lock.
   */
  static final class Latest implements Pending<Integer, Integer> {
    private final boolean disposable;
    int waiting = -1;
    int delivered = -1;

    Latest(boolean disposable) {
      this.disposable = disposable;
    }

    @Override
    public void add(Integer item) {
      if (item > waiting && item > delivered) {
        waiting = item;
      }
    }

    @Override
    public boolean isEmpty() {
      return waiting < 0;
    }

    @Override
    public Integer take() {
      int batch = waiting;
      waiting = -1;
      return batch;
    }

    @Override
    public void restore(Integer batch) {
      add(batch);
    }

    @Override
    public void delivered(Integer batch) {
      delivered = Math.max(delivered, batch);
    }

    @Override
    public boolean isDisposable() {
      return disposable && waiting < 0;
    }
  }
}
