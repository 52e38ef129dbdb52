package io.beacon.registry.testing.process;

import io.beacon.registry.common.concurrent.Threads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on 127.0.0.1 in front of one target address, whose link a test can break: {@link
 * #cut()} resets every connection and every new one, {@link #blackhole()} stalls all traffic
 * without closing anything (a partition as TCP sees it), {@link #delay(Duration)} holds every chunk
 * for a while, and {@link #heal()} makes the link normal again.
 *
 * <pre>{@code
 * try (FaultProxy proxy = FaultProxy.start("127.0.0.1", dataRpcPort)) {
 *   // point the client at proxy.port() ...
 *   proxy.cut();
 *   proxy.heal();
 * }
 * }</pre>
 *
 * <p>Design: blocking sockets, a thread per direction and role. Each accepted connection runs four
 * tasks on this proxy's bounded pool ({@link ProxyConnection}): for each direction a reader that
 * copies chunks into a bounded delay queue and a writer that forwards them when their delay is over
 * and the link is not stalled. At most {@code maxConnections} connections live at once; more are
 * reset at accept. Byte order is kept per direction because chunk deadlines never decrease. A
 * connection whose target cannot be reached is reset. End of stream on either side closes the
 * connection once the bytes read before it are delivered.
 *
 * <p>State: the mode and delay are volatile fields written by the test thread; the live connections
 * are a concurrent set; counters are atomics. Stalled writers wait on {@link #gate}.
 */
public final class FaultProxy implements AutoCloseable {

  /** What the link does now. */
  public enum Mode {
    /** Bytes flow (after the configured delay). */
    PASS,
    /** Every connection, existing or new, is reset at once. */
    CUT,
    /** Connections stay open but nothing is delivered until healed; nothing is lost either. */
    BLACKHOLE
  }

  public static final int DEFAULT_MAX_CONNECTIONS = 32;
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

  private final InetSocketAddress target;
  private final int maxConnections;
  private final ServerSocket server;
  private final ExecutorService executor;
  private final Set<ProxyConnection> connections = ConcurrentHashMap.newKeySet();
  private final Object gate = new Object();
  private volatile Mode mode = Mode.PASS;
  private volatile Duration delay = Duration.ZERO;
  private volatile boolean closed;
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong bytesToTarget = new AtomicLong();
  private final AtomicLong bytesToClient = new AtomicLong();

  private FaultProxy(InetSocketAddress target, int maxConnections, int listenPort)
      throws IOException {
    this.target = target;
    this.maxConnections = maxConnections;
    this.server = new ServerSocket(listenPort, 50, InetAddress.getLoopbackAddress());
    this.executor =
        new ThreadPoolExecutor(
            1,
            1 + 4 * maxConnections,
            30,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            Threads.factory("fault-proxy-" + server.getLocalPort()));
    executor.execute(this::acceptLoop);
  }

  /** A proxy on a free port of 127.0.0.1 forwarding to {@code host:port}. */
  public static FaultProxy start(String host, int port) {
    return start(host, port, DEFAULT_MAX_CONNECTIONS);
  }

  public static FaultProxy start(String host, int port, int maxConnections) {
    return start(host, port, maxConnections, 0);
  }

  /**
   * A proxy listening on {@code listenPort} (0: any free port). A {@link ProcessCluster} passes a
   * port from {@link FreePorts}, so a proxy can never take a port handed out to a server that has
   * not bound it yet.
   */
  static FaultProxy start(String host, int port, int maxConnections, int listenPort) {
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections: " + maxConnections + " (expected: >= 1)");
    }
    try {
      return new FaultProxy(new InetSocketAddress(host, port), maxConnections, listenPort);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return server.getLocalPort();
  }

  /** {@code 127.0.0.1:port} of the proxy, to hand to whoever should go through it. */
  public String address() {
    return server.getInetAddress().getHostAddress() + ":" + port();
  }

  public InetSocketAddress target() {
    return target;
  }

  public Mode mode() {
    return mode;
  }

  /** Resets every connection; new ones are reset at accept until {@link #heal()}. */
  public void cut() {
    mode = Mode.CUT;
    wakeStalled();
    for (ProxyConnection connection : connections) {
      connection.reset();
    }
  }

  /**
   * Stops delivering in both directions without closing anything: senders see their writes accepted
   * (until socket buffers fill) and no answer, as in a network partition. New connections are
   * accepted and held. {@link #heal()} delivers everything that was held back, in order.
   */
  public void blackhole() {
    mode = Mode.BLACKHOLE;
  }

  /** Every chunk from now on is delivered {@code delay} after it was read. Zero turns it off. */
  public void delay(Duration delay) {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay: " + delay + " (expected: >= 0)");
    }
    this.delay = delay;
  }

  /** Back to a normal link: no cut, no blackhole, no delay. */
  public void heal() {
    delay = Duration.ZERO;
    mode = Mode.PASS;
    wakeStalled();
  }

  /** Connections accepted and forwarded (not those reset at accept). */
  public long acceptedConnections() {
    return accepted.get();
  }

  /** Connections reset at accept: while cut, or over the connection limit. */
  public long refusedConnections() {
    return refused.get();
  }

  public int activeConnections() {
    return connections.size();
  }

  public long bytesToTarget() {
    return bytesToTarget.get();
  }

  public long bytesToClient() {
    return bytesToClient.get();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      // Closing anyway.
    }
    for (ProxyConnection connection : connections) {
      connection.reset();
    }
    wakeStalled();
    executor.shutdownNow();
  }

  @Override
  public String toString() {
    return "FaultProxy{"
        + address()
        + " -> "
        + target
        + ", "
        + mode
        + ", delay="
        + delay
        + ", active="
        + connections.size()
        + ", accepted="
        + accepted.get()
        + ", refused="
        + refused.get()
        + ", bytesToTarget="
        + bytesToTarget.get()
        + ", bytesToClient="
        + bytesToClient.get()
        + "}";
  }

  Duration currentDelay() {
    return delay;
  }

  AtomicLong counter(boolean toTarget) {
    return toTarget ? bytesToTarget : bytesToClient;
  }

  /** Blocks while the link is blackholed; returns whether the caller may go on. */
  boolean awaitFlowing() throws InterruptedException {
    synchronized (gate) {
      while (mode == Mode.BLACKHOLE && !closed) {
        gate.wait();
      }
    }
    return mode == Mode.PASS && !closed;
  }

  /** Runs a task of a connection; null when the pool is full (the connection is then reset). */
  Future<?> submit(Runnable task) {
    try {
      return executor.submit(task);
    } catch (RejectedExecutionException e) {
      return null;
    }
  }

  void forget(ProxyConnection connection) {
    connections.remove(connection);
  }

  private void wakeStalled() {
    synchronized (gate) {
      gate.notifyAll();
    }
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        if (!closed) {
          continue;
        }
        return;
      }
      if (mode == Mode.CUT || connections.size() >= maxConnections) {
        refused.incrementAndGet();
        ProxyConnection.resetQuietly(client);
        continue;
      }
      ProxyConnection connection = new ProxyConnection(this, client);
      connections.add(connection);
      if (connection.open()) {
        accepted.incrementAndGet();
      } else {
        refused.incrementAndGet();
        connection.reset();
      }
    }
  }
}
