package io.beacon.registry.data;

import io.beacon.registry.common.lifecycle.Lifecycle;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * The data server's threads, created on its {@link Lifecycle}, which shuts them down after every
 * part closed, newest first.
 *
 * @param rpc request handlers (a write takes its slot's lock, see {@code DatumStore})
 * @param callbacks RPC answers (heartbeat responses, notice acks, sync answers); runs on the caller
 *     when full, so no answer is ever dropped
 * @param notices starts change notice calls, which may connect first
 * @param sync the steps of slot sync passes
 * @param scheduler the heartbeat, the periodic tick (lease expiry, tombstone compaction), follower
 *     syncs, notice retries and migration deadlines
 * @param http the admin port
 */
record DataExecutors(
    ThreadPoolExecutor rpc,
    ThreadPoolExecutor callbacks,
    ThreadPoolExecutor notices,
    ThreadPoolExecutor sync,
    ScheduledExecutorService scheduler,
    ThreadPoolExecutor http) {

  private static final int QUEUE_CAPACITY = 10_000;

  static DataExecutors create(Lifecycle lifecycle, int rpcThreads) {
    return new DataExecutors(
        lifecycle.bounded("data-rpc", rpcThreads, QUEUE_CAPACITY),
        lifecycle.callbacks("data-callback", 2, QUEUE_CAPACITY),
        lifecycle.bounded("data-notify", 2, QUEUE_CAPACITY),
        lifecycle.bounded("data-sync", 2, QUEUE_CAPACITY),
        lifecycle.scheduled("data-scheduler", 1),
        lifecycle.bounded("data-http", 2, 256));
  }
}
