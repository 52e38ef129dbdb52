package io.beacon.registry.common.heartbeat;

import java.util.concurrent.CompletableFuture;

/**
 * What a graceful leave needs of a node's heartbeat to the meta leader ({@link MetaHeartbeater} in
 * the servers, a fake in tests): heartbeats carry the node's leave stage, so sending one tells
 * meta.
 */
public interface MetaLink {

  /** Sends a heartbeat soon, outside the periodic ones. */
  void triggerNow();

  /**
   * Sends one heartbeat now and completes with whether meta answered OK; never completes
   * exceptionally, and within a bounded time.
   */
  CompletableFuture<Boolean> sendOnce();

  /** Whether meta answered a heartbeat recently. */
  boolean isConnected();
}
