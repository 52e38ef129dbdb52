package io.beacon.registry.testing.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One client connection through a {@link FaultProxy}: its upstream socket and the two {@link Pipe}s
 * between them. Created by the proxy's accept loop; its tasks run on the proxy's pool. Closing is
 * idempotent ({@link #closed}) and cancels every task, which interrupts writers waiting for a chunk
 * or for the link to flow; readers stop when their socket closes.
 */
final class ProxyConnection {

  private static final int CHUNK_BYTES = 16 * 1024;

  /** Chunks read but not yet delivered, per direction: bounds memory, then TCP pushes back. */
  private static final int MAX_QUEUED_CHUNKS = 16;

  private final FaultProxy proxy;
  private final Socket client;
  private volatile Socket upstream;
  private final List<Future<?>> tasks = new CopyOnWriteArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  ProxyConnection(FaultProxy proxy, Socket client) {
    this.proxy = proxy;
    this.client = client;
  }

  /** Starts connecting to the target; false when the proxy has no thread left for it. */
  boolean open() {
    return start(this::connectAndForward);
  }

  /** Closes both sockets with a TCP reset, as a broken link looks to both ends. */
  void reset() {
    close(true);
  }

  static void resetQuietly(Socket socket) {
    if (socket == null) {
      return;
    }
    try {
      socket.setSoLinger(true, 0);
    } catch (IOException e) {
      // Already closed; closing below is harmless.
    }
    closeQuietly(socket);
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // Nothing left to release.
    }
  }

  private void close(boolean withReset) {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    proxy.forget(this);
    for (Socket socket : new Socket[] {client, upstream}) {
      if (socket != null && withReset) {
        resetQuietly(socket);
      } else if (socket != null) {
        closeQuietly(socket);
      }
    }
    tasks.forEach(task -> task.cancel(true));
  }

  private boolean start(Runnable task) {
    Future<?> future = proxy.submit(task);
    if (future == null) {
      return false;
    }
    tasks.add(future);
    if (closed.get()) {
      future.cancel(true);
    }
    return true;
  }

  /** Waits out a blackhole, connects to the target, then becomes the client-to-target reader. */
  private void connectAndForward() {
    try {
      if (!proxy.awaitFlowing()) {
        reset();
        return;
      }
      Socket socket = new Socket();
      upstream = socket;
      if (closed.get()) {
        resetQuietly(socket);
        return;
      }
      socket.setTcpNoDelay(true);
      client.setTcpNoDelay(true);
      socket.connect(proxy.target(), (int) FaultProxy.CONNECT_TIMEOUT.toMillis());
      Pipe toTarget = new Pipe(client, socket, proxy.counter(true));
      Pipe toClient = new Pipe(socket, client, proxy.counter(false));
      if (start(toTarget::write) && start(toClient::read) && start(toClient::write)) {
        toTarget.read();
      } else {
        reset();
      }
    } catch (IOException e) {
      reset();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      reset();
    }
  }

  /**
   * A chunk of bytes due at {@code deadlineNanos}; {@code bytes == null} marks end of stream. A
   * class rather than a record: it holds an array, which a record's equals would compare by
   * reference.
   */
  private static final class Chunk implements Delayed {

    private final byte[] bytes;
    private final long deadlineNanos;
    private final long sequence;

    Chunk(byte[] bytes, long deadlineNanos, long sequence) {
      this.bytes = bytes;
      this.deadlineNanos = deadlineNanos;
      this.sequence = sequence;
    }

    byte[] bytes() {
      return bytes;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
      Chunk that = (Chunk) other;
      int byDeadline = Long.compare(deadlineNanos - that.deadlineNanos, 0);
      return byDeadline != 0 ? byDeadline : Long.compare(sequence, that.sequence);
    }
  }

  /**
   * One direction: {@link #read()} and {@link #write()} run on two threads and share only the queue
   * and the permits; {@code lastDeadline} and {@code sequence} are the reader's alone.
   */
  private final class Pipe {
    private final Socket from;
    private final Socket to;
    private final AtomicLong delivered;
    private final DelayQueue<Chunk> queue = new DelayQueue<>();
    private final Semaphore permits = new Semaphore(MAX_QUEUED_CHUNKS);
    private long lastDeadline = Long.MIN_VALUE;
    private long sequence;

    Pipe(Socket from, Socket to, AtomicLong delivered) {
      this.from = from;
      this.to = to;
      this.delivered = delivered;
    }

    void read() {
      byte[] buffer = new byte[CHUNK_BYTES];
      try (InputStream in = from.getInputStream()) {
        while (true) {
          int count = in.read(buffer);
          permits.acquire();
          byte[] bytes = count < 0 ? null : Arrays.copyOf(buffer, count);
          queue.put(new Chunk(bytes, deadline(), sequence++));
          if (count < 0) {
            return;
          }
        }
      } catch (IOException e) {
        reset();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    void write() {
      try {
        OutputStream out = to.getOutputStream();
        while (true) {
          Chunk chunk = queue.take();
          if (!proxy.awaitFlowing()) {
            reset();
            return;
          }
          if (chunk.bytes() == null) {
            close(false);
            return;
          }
          delivered.addAndGet(chunk.bytes().length);
          out.write(chunk.bytes());
          out.flush();
          permits.release();
        }
      } catch (IOException e) {
        reset();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /** Now plus the proxy's delay, but never before the previous chunk: order is kept. */
    private long deadline() {
      Duration delay = proxy.currentDelay();
      long deadline = System.nanoTime() + delay.toNanos();
      if (lastDeadline != Long.MIN_VALUE && deadline - lastDeadline < 0) {
        deadline = lastDeadline;
      }
      lastDeadline = deadline;
      return deadline;
    }
  }
}
