package io.beacon.registry.session.trace;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The slowest recent pushes: about the {@code capacity} slowest acknowledged within the last {@code
 * window}, by end-to-end latency.
 *
 * <p>Design: time is cut into {@code buckets} slices of {@code window / buckets} (by the push's
 * acknowledgement time, on the session's nano clock), plus one for the slice the window's start
 * falls in. Each slice keeps its own {@code capacity} slowest in a min-heap, so when an old slice
 * leaves the window the slow pushes of the newer slices are still there (a single heap would have
 * dropped them to make room for the old ones). A read merges the slices, keeps the pushes
 * acknowledged within the window and sorts them. Memory: at most {@code (buckets + 1) * capacity}
 * entries. Approximation: the oldest slice is cut by the window, and a push it dropped for one that
 * is now outside the window is not brought back.
 *
 * <p>Hot path: once the current slice is full, a push not slower than its fastest entry is refused
 * by reading one volatile field, without the lock and without allocating. State: guarded by this
 * object's monitor; {@code admission} is a volatile immutable snapshot.
 */
final class SlowestPushes {

  private static final Comparator<TracedPush> BY_LATENCY =
      Comparator.comparingLong(TracedPush::latencyNanos);

  private final int capacity;
  private final long windowNanos;
  private final long sliceNanos;
  private final Slice[] slices;
  private volatile Admission admission = new Admission(Long.MIN_VALUE, Long.MAX_VALUE);

  SlowestPushes(int capacity, Duration window, int buckets) {
    if (capacity < 1 || buckets < 1 || window.toNanos() < buckets) {
      throw new IllegalArgumentException(
          "capacity: " + capacity + ", buckets: " + buckets + " (expected: >= 1)");
    }
    this.capacity = capacity;
    this.windowNanos = window.toNanos();
    this.sliceNanos = windowNanos / buckets;
    this.slices = new Slice[buckets + 1];
    for (int i = 0; i < slices.length; i++) {
      slices[i] = new Slice(capacity);
    }
  }

  int capacity() {
    return capacity;
  }

  /** True when a push of {@code latencyNanos} acknowledged at {@code ackedNanos} may be kept. */
  boolean admits(long ackedNanos, long latencyNanos) {
    Admission current = admission;
    return current.slice != Math.floorDiv(ackedNanos, sliceNanos)
        || latencyNanos > current.floorNanos;
  }

  /** Keeps {@code push} if it is among the slowest of its slice. */
  synchronized void offer(TracedPush push) {
    long index = Math.floorDiv(push.ackedNanos(), sliceNanos);
    Slice slice = slices[(int) Math.floorMod(index, (long) slices.length)];
    if (slice.index != index) {
      if (slice.index > index) {
        return; // acknowledged so long ago that its slice was reused
      }
      slice.index = index;
      slice.heap.clear();
    }
    if (slice.heap.size() < capacity) {
      slice.heap.add(push);
    } else if (push.latencyNanos() > slice.heap.peek().latencyNanos()) {
      slice.heap.poll();
      slice.heap.add(push);
    } else {
      return;
    }
    if (slice.heap.size() == capacity && index >= admission.slice) {
      admission = new Admission(index, slice.heap.peek().latencyNanos());
    }
  }

  /**
   * Up to {@code limit} of the slowest pushes acknowledged within the window before {@code now}.
   */
  List<TracedPush> slowest(int limit, long nowNanos) {
    List<TracedPush> recent = new ArrayList<>();
    synchronized (this) {
      for (Slice slice : slices) {
        for (TracedPush push : slice.heap) {
          if (nowNanos - push.ackedNanos() <= windowNanos) {
            recent.add(push);
          }
        }
      }
    }
    recent.sort(BY_LATENCY.reversed());
    return recent.size() <= limit ? recent : new ArrayList<>(recent.subList(0, limit));
  }

  /** Pushes kept, inside the window or not yet evicted (for tests of the bound). */
  synchronized int size() {
    int size = 0;
    for (Slice slice : slices) {
      size += slice.heap.size();
    }
    return size;
  }

  /** One time slice's slowest pushes. Guarded by the enclosing monitor. */
  private static final class Slice {
    long index = Long.MIN_VALUE;
    final PriorityQueue<TracedPush> heap;

    Slice(int capacity) {
      heap = new PriorityQueue<>(capacity + 1, BY_LATENCY);
    }
  }

  /** The full current slice and its fastest entry: pushes not above it are refused lock-free. */
  private record Admission(long slice, long floorNanos) {}
}
