package io.beacon.registry.common.heartbeat;

import io.beacon.registry.common.concurrent.Tasks;
import io.beacon.registry.common.model.NodeInfo;
import io.beacon.registry.common.protocol.HeartbeatRequest;
import io.beacon.registry.common.protocol.HeartbeatResponse;
import io.beacon.registry.common.protocol.Status;
import io.beacon.registry.common.rpc.RpcClient;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a session or data server's lease with the meta leader: every {@code interval} it sends a
 * {@link HeartbeatRequest} and hands each OK answer (slot table, node lists) to the owner.
 *
 * <p>The owner builds each request ({@code request}: its node, table, switches version...), so what
 * a heartbeat reports is always current.
 *
 * <p>Leader following: it sticks to the meta server that last answered OK; a {@code NOT_LEADER}
 * answer redirects it to the named leader at once; a failed call moves it to the next configured
 * meta address. At most one heartbeat is in flight. State is confined to the scheduler thread
 * except the volatile fields read by {@link #isConnected} and {@link #leader}.
 */
public final class MetaHeartbeater implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MetaHeartbeater.class);

  private final List<String> metaAddresses;
  private final RpcClient client;
  private final NodeInfo self;
  private final Supplier<HeartbeatRequest> request;
  private final Consumer<HeartbeatResponse> onResponse;
  private final Duration interval;
  private final Duration timeout;
  private final ScheduledExecutorService scheduler;
  private final InstantSource clock;
  private final AtomicBoolean inFlight = new AtomicBoolean();

  private volatile String leader;
  private volatile long lastOkMillis = -1;
  private int nextIndex;
  private ScheduledFuture<?> task;

  public MetaHeartbeater(
      List<String> metaAddresses,
      RpcClient client,
      NodeInfo self,
      Supplier<HeartbeatRequest> request,
      Consumer<HeartbeatResponse> onResponse,
      Duration interval,
      ScheduledExecutorService scheduler,
      InstantSource clock) {
    if (metaAddresses.isEmpty()) {
      throw new IllegalArgumentException("metaAddresses: [] (expected: at least one host:port)");
    }
    this.metaAddresses = List.copyOf(metaAddresses);
    this.client = client;
    this.self = self;
    this.request = request;
    this.onResponse = onResponse;
    this.interval = interval;
    this.timeout =
        interval.multipliedBy(3).compareTo(Duration.ofSeconds(3)) < 0
            ? Duration.ofSeconds(3)
            : interval.multipliedBy(3);
    this.scheduler = scheduler;
    this.clock = clock;
  }

  public synchronized void start() {
    if (task == null) {
      task =
          scheduler.scheduleWithFixedDelay(
              this::beatSafely, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Sends a heartbeat now, for example after a peer reported a newer table epoch. */
  public void triggerNow() {
    scheduler.execute(this::beatSafely);
  }

  /** The meta server that answered last, or null. */
  public String leader() {
    return leader;
  }

  /** True if a heartbeat succeeded within the last three intervals. */
  public boolean isConnected() {
    long last = lastOkMillis;
    return last >= 0 && clock.millis() - last <= interval.toMillis() * 3;
  }

  @Override
  public synchronized void close() {
    if (task != null) {
      task.cancel(false);
      task = null;
    }
  }

  private void beatSafely() {
    if (!inFlight.compareAndSet(false, true)) {
      return;
    }
    try {
      beat(leader != null ? leader : metaAddresses.get(nextIndex % metaAddresses.size()), true);
    } catch (Throwable t) {
      inFlight.set(false);
      log.warn("heartbeat failed node={}", self.address(), t);
    }
  }

  private void beat(String target, boolean mayRedirect) {
    Tasks.whenComplete(
        client.invoke(target, request.get(), HeartbeatResponse.class, timeout),
        "meta heartbeat answer",
        (response, error) -> {
          if (error != null) {
            inFlight.set(false);
            if (leader != null || lastOkMillis >= 0) {
              log.info(
                  "meta heartbeat failed node={} meta={} error={}",
                  self.address(),
                  target,
                  error.getMessage());
            }
            leader = null;
            nextIndex++;
            return;
          }
          if (response.status() == Status.NOT_LEADER) {
            String redirect = response.metaLeader();
            leader = null;
            if (mayRedirect && redirect != null && !redirect.equals(target)) {
              beat(redirect, false);
            } else {
              nextIndex++;
              inFlight.set(false);
            }
            return;
          }
          inFlight.set(false);
          if (response.status() != Status.OK) {
            nextIndex++;
            return;
          }
          if (!target.equals(leader)) {
            log.info("following meta leader node={} meta={}", self.address(), target);
          }
          leader = target;
          lastOkMillis = clock.millis();
          try {
            onResponse.accept(response);
          } catch (Throwable t) {
            log.warn("heartbeat response handling failed node={}", self.address(), t);
          }
        });
  }
}
