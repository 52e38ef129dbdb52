package io.beacon.registry.common.colocation;

import io.beacon.registry.common.rpc.InProcessRoutes;

/**
 * What the servers of one JVM share when they run together (the standalone registry): a {@link
 * PublisherPool}, so a publisher is held once rather than once per role, and {@link
 * InProcessRoutes}, so they call each other without a socket. Servers in processes of their own get
 * {@link #none()}. Immutable.
 */
public record Colocation(PublisherPool publishers, InProcessRoutes routes) {

  private static final Colocation NONE =
      new Colocation(PublisherPool.none(), InProcessRoutes.none());

  /** Nothing shared: every call between servers crosses a socket. */
  public static Colocation none() {
    return NONE;
  }

  /** A fresh pool and routes for the servers of this JVM. */
  public static Colocation shared() {
    return new Colocation(PublisherPool.shared(), InProcessRoutes.create());
  }
}
