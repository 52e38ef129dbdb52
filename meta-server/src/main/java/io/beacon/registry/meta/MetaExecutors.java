package io.beacon.registry.meta;

import io.beacon.registry.common.lifecycle.Lifecycle;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * The meta server's threads, created on its {@link Lifecycle}, which shuts them down after every
 * part closed, newest first.
 *
 * @param rpc heartbeats: they renew leases (a concurrent map), record the tables and slot reports
 *     nodes send, and read the table and switches through volatile fields
 * @param http the admin port; on a follower every call but health and leader queries is redirected
 * @param loop the meta loop, the only writer of membership removals and of the slot table
 * @param election one election round per renew interval
 * @param callbacks answers to meta's own calls (switch notices to sessions and data servers)
 */
record MetaExecutors(
    ThreadPoolExecutor rpc,
    ThreadPoolExecutor http,
    ScheduledExecutorService loop,
    ScheduledExecutorService election,
    ThreadPoolExecutor callbacks) {

  static MetaExecutors create(Lifecycle lifecycle, int rpcThreads) {
    return new MetaExecutors(
        lifecycle.bounded("meta-rpc", rpcThreads, 1024),
        lifecycle.bounded("meta-http", 2, 64),
        lifecycle.scheduled("meta-loop", 1),
        lifecycle.scheduled("meta-election", 1),
        lifecycle.callbacks("meta-callback", 2, 1024));
  }
}
