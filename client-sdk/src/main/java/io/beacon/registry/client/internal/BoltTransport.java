package io.beacon.registry.client.internal;

import com.alipay.sofa.registry.core.model.ReceivedConfigData;
import com.alipay.sofa.registry.core.model.ReceivedData;
import com.alipay.sofa.registry.core.model.Result;
import io.beacon.registry.common.concurrent.Threads;
import io.beacon.registry.common.rpc.RpcChannel;
import io.beacon.registry.common.rpc.RpcChannelClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production {@link Transport}: Bolt connections to session servers through {@link
 * RpcChannelClient}, one connection per {@link #connect}, accepting the two pushes of the client
 * protocol ({@code ReceivedData}, {@code ReceivedConfigData}).
 *
 * <p>Threads: connecting runs on the channel client's {@code beacon-client-connect} threads, where
 * {@code connect}'s future completes (or fails on the thread calling {@link #close}, for connects
 * still in progress then). Answers to {@link TransportConnection#request} complete on {@code
 * beacon-client-rpc} (or the given callback executor). Pushes reach {@link ConnectionEvents#onPush}
 * on {@code beacon-client-push}, one thread, so pushes are handed over in arrival order; its queue
 * is bounded, and a push beyond it is answered busy (the session retries failed pushes). {@link
 * ConnectionEvents#onClosed} comes once per connection, never before {@code connect}'s future
 * completed, from Bolt's connection event thread, from {@code beacon-client-connect} if the
 * connection closed while connect's future was completing, or from the thread calling {@link
 * #close} for the connections still open then. Executors created by the {@link
 * #BoltTransport(Duration)} constructor are owned and stopped by {@link #close}. Thread-safe.
 */
public final class BoltTransport implements Transport {

  private static final Logger log = LoggerFactory.getLogger(BoltTransport.class);

  private final Duration maxConnectTimeout;
  private final RpcChannelClient channels;
  private final List<ExecutorService> owned;

  /**
   * A transport with its own executors: two threads for answers, one for pushes.
   *
   * @param connectTimeout the longest a connect may take, whatever {@link #connect} is given
   */
  public BoltTransport(Duration connectTimeout) {
    this(
        connectTimeout,
        Threads.bounded("beacon-client-rpc", 2, 4096),
        Threads.bounded("beacon-client-push", 1, 1000),
        true);
  }

  /**
   * A transport on the caller's executors, which it does not stop.
   *
   * @param callbackExecutor where answers to requests complete; its queue must hold every request
   *     in flight at once, or an answer it refuses fails its request
   * @param pushExecutor where pushes are decoded and given to {@link ConnectionEvents#onPush}
   */
  public BoltTransport(Duration connectTimeout, Executor callbackExecutor, Executor pushExecutor) {
    this(connectTimeout, callbackExecutor, pushExecutor, false);
  }

  private BoltTransport(
      Duration connectTimeout, Executor callbackExecutor, Executor pushExecutor, boolean own) {
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException(
          "connectTimeout: " + connectTimeout + " (expected: positive)");
    }
    this.maxConnectTimeout = connectTimeout;
    this.channels =
        new RpcChannelClient(
            "beacon-client",
            List.of(ReceivedData.class, ReceivedConfigData.class),
            callbackExecutor,
            pushExecutor);
    this.owned =
        own
            ? List.of((ExecutorService) callbackExecutor, (ExecutorService) pushExecutor)
            : List.of();
  }

  @Override
  public CompletableFuture<TransportConnection> connect(
      String address, Duration timeout, ConnectionEvents events) {
    Duration connectTimeout =
        timeout.compareTo(maxConnectTimeout) < 0 ? timeout : maxConnectTimeout;
    EventsAdapter adapter = new EventsAdapter(events);
    return channels.connect(address, connectTimeout, adapter).thenApply(adapter::connectionOf);
  }

  /** Closes every connection (each reports {@code onClosed}), then the owned executors. */
  @Override
  public void close() {
    channels.close();
    for (ExecutorService executor : owned) {
      Threads.shutdown(executor, Duration.ofSeconds(1));
    }
  }

  /** One connection as the client sees it. Its identity is stable: one per channel. */
  private static final class BoltConnection implements TransportConnection {

    private final RpcChannel channel;

    BoltConnection(RpcChannel channel) {
      this.channel = channel;
    }

    @Override
    public String address() {
      return channel.address();
    }

    @Override
    public CompletableFuture<Object> request(Object request, Duration timeout) {
      return channel.invoke(request, timeout);
    }

    @Override
    public boolean isOpen() {
      return channel.isOpen();
    }

    @Override
    public void close() {
      channel.close();
    }

    @Override
    public String toString() {
      return channel.toString();
    }
  }

  /**
   * Turns one channel's reports into {@link ConnectionEvents} calls. The connection object is made
   * by whichever comes first, {@code connect}'s continuation or the channel's first report, so the
   * client always sees the same one.
   */
  private static final class EventsAdapter implements RpcChannel.Listener {

    private final ConnectionEvents events;
    private final AtomicReference<BoltConnection> connection = new AtomicReference<>();

    EventsAdapter(ConnectionEvents events) {
      this.events = events;
    }

    TransportConnection connectionOf(RpcChannel channel) {
      BoltConnection current = connection.get();
      if (current != null) {
        return current;
      }
      connection.compareAndSet(null, new BoltConnection(channel));
      return connection.get();
    }

    /** As the official client: a failing handler still answers, with {@code success=false}. */
    @Override
    public Object onPush(RpcChannel channel, Object push) {
      try {
        Object answer = events.onPush(connectionOf(channel), push);
        return answer != null ? answer : failure("no answer to " + push.getClass().getSimpleName());
      } catch (RuntimeException e) {
        log.warn(
            "push handling failed address={} type={}",
            channel.address(),
            push.getClass().getSimpleName(),
            e);
        return failure(String.valueOf(e.getMessage()));
      }
    }

    @Override
    public void onClosed(RpcChannel channel) {
      events.onClosed(connectionOf(channel));
    }

    private static Result failure(String message) {
      Result result = new Result();
      result.setSuccess(false);
      result.setMessage(message);
      return result;
    }
  }
}
