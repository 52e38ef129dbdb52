package io.beacon.registry.common.lifecycle;

/** A part of a server that a {@link Lifecycle} starts, and closes in reverse order. */
public interface Startable extends AutoCloseable {

  void start();

  /** Stops; idempotent, and safe to call when {@link #start()} was never called. */
  @Override
  void close();
}
