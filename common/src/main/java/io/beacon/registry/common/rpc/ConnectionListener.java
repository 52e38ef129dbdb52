package io.beacon.registry.common.rpc;

/** Told when a peer connects to or disconnects from an {@link RpcServer}. Must not block. */
public interface ConnectionListener {

  default void onOpen(RpcConnection connection) {}

  void onClose(RpcConnection connection);

  /**
   * The connection's outbound buffer crossed a watermark of its {@link RpcServer}: {@code writable}
   * false above the high one, true again below the low one. Runs on the connection's I/O thread.
   */
  default void onWritabilityChanged(RpcConnection connection, boolean writable) {}
}
