package io.beacon.registry.common.rpc;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The servers of this JVM that its other servers call without a socket. The standalone registry
 * runs meta, data and session servers in one process; a session's writes to its data server and the
 * data server's change notices back need not be encoded, sent over loopback and decoded again.
 *
 * <p>A server binds its address here once it listens and unbinds it when it closes. A call through
 * an {@link RpcClient} that shares these routes, to a bound address, runs the handler that server
 * registered for the request's class on that handler's executor and completes on the client's
 * callback executor, as a Bolt call would; request and answer are handed over as they are, so every
 * type sent between servers must be immutable (they are records of immutable values, see {@code
 * io.beacon.registry.common.protocol}). Timeouts, handler failures and a closed server fail the
 * call with the same {@link RpcException} kinds as over Bolt.
 *
 * <p>{@link #none()} binds nothing: the default for servers in processes of their own, and for the
 * in-process test clusters, whose calls between servers must cross real sockets (proxies and fault
 * injection sit on them). Thread-safe.
 */
public final class InProcessRoutes {

  private static final InProcessRoutes NONE = new InProcessRoutes(false);

  private final boolean enabled;
  private final Map<String, RpcServer> servers = new ConcurrentHashMap<>();
  private final LongAdder calls = new LongAdder();

  private InProcessRoutes(boolean enabled) {
    this.enabled = enabled;
  }

  /** Routes nothing: every call goes over Bolt. */
  public static InProcessRoutes none() {
    return NONE;
  }

  /** Empty routes to share between the servers of one JVM. */
  public static InProcessRoutes create() {
    return new InProcessRoutes(true);
  }

  /** Calls to {@code address} (as callers name it: {@code host:port}) go to {@code server}. */
  public void bind(String address, RpcServer server) {
    if (enabled) {
      servers.put(address, server);
    }
  }

  /** Stops routing {@code address} to {@code server} (a later bind of another server stays). */
  public void unbind(String address, RpcServer server) {
    servers.remove(address, server);
  }

  /** Calls routed in-process so far. */
  public long calls() {
    return calls.sum();
  }

  /** The server bound to {@code address}, counting the call, or null. */
  RpcServer route(String address) {
    if (!enabled) {
      return null;
    }
    RpcServer server = servers.get(address);
    if (server != null) {
      calls.increment();
    }
    return server;
  }
}
