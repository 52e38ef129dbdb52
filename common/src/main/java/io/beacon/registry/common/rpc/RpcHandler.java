package io.beacon.registry.common.rpc;

/**
 * Handles one request type on an {@link RpcServer}. The returned value is the response; a returned
 * {@link java.util.concurrent.CompletionStage} is answered when it completes. A thrown exception
 * becomes an error response to that caller only.
 */
@FunctionalInterface
public interface RpcHandler<T> {

  Object handle(T request, RpcConnection connection) throws Exception;
}
