package io.beacon.registry.session;

import io.beacon.registry.common.lifecycle.Lifecycle;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * The session's threads, created on its {@link Lifecycle}, which shuts them down after every part
 * closed, newest first.
 *
 * @param clientRpc client requests but publisher registrations, which the Bolt I/O thread that read
 *     them handles itself (short locks, writes handed on without waiting)
 * @param internalRpc data servers' change notices and slot syncs
 * @param callbacks every RPC answer (pushes, fetches, writes, heartbeats); runs on the caller when
 *     full, so no answer is ever dropped
 * @param scheduler the meta heartbeat, renews to data leaders, the push version scan, retries and
 *     the connection sweep
 * @param table each new slot table (resends to new leaders, ends waiting retries), in order
 * @param switches the effects of each switch change (client-off, blacklists, re-push), in order
 * @param http the HTTP port
 */
record SessionExecutors(
    ThreadPoolExecutor clientRpc,
    ThreadPoolExecutor internalRpc,
    ThreadPoolExecutor callbacks,
    ScheduledExecutorService scheduler,
    ThreadPoolExecutor table,
    ThreadPoolExecutor switches,
    ThreadPoolExecutor http) {

  static SessionExecutors create(Lifecycle lifecycle, int clientRpcThreads) {
    return new SessionExecutors(
        lifecycle.bounded("session-client-rpc", clientRpcThreads, 100_000),
        lifecycle.bounded("session-internal-rpc", 2, 100_000),
        lifecycle.callbacks("session-callback", 4, 100_000),
        lifecycle.scheduled("session-scheduler", 2),
        lifecycle.bounded("session-table", 1, 1_000),
        lifecycle.bounded("session-switches", 1, 1_000),
        lifecycle.bounded("session-http", 2, 1_000));
  }
}
