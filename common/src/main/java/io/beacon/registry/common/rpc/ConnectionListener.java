package io.beacon.registry.common.rpc;

/** Told when a peer connects to or disconnects from an {@link RpcServer}. Must not block. */
public interface ConnectionListener {

  default void onOpen(RpcConnection connection) {}

  void onClose(RpcConnection connection);
}
