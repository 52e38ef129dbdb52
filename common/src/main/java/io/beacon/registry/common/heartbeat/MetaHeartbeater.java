package io.beacon.registry.common.heartbeat;

import io.beacon.registry.common.concurrent.Tasks;
import io.beacon.registry.common.lifecycle.Startable;
import io.beacon.registry.common.protocol.HeartbeatRequest;
import io.beacon.registry.common.protocol.HeartbeatResponse;
import io.beacon.registry.common.protocol.Status;
import io.beacon.registry.common.rpc.RpcClient;
import io.beacon.registry.common.rpc.RpcConnection;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a session or data server's lease with the meta leader: every {@code interval} it sends a
 * {@link HeartbeatRequest} and hands each OK answer (slot table, node lists) to the {@link Member}.
 *
 * <p>The member builds each request (its node, table, switches version...), so what a heartbeat
 * reports is always current.
 *
 * <p>Leader following: it sticks to the meta server that last answered OK; a {@code NOT_LEADER}
 * answer redirects it to the named leader at once; a failed call moves it to the next configured
 * meta address. At most one heartbeat is in flight ({@code inFlight}), so the beat that starts on
 * the scheduler and its answer, on the RPC client's callback executor, never overlap: they hand the
 * leader state over through that flag. {@link #leader} and {@link #isConnected} read volatile
 * fields.
 *
 * <p>Every outcome is told to the {@link MetaReachability}, which reports a meta outage longer than
 * its timeout and refuses to follow a meta on an embedded database when several metas are listed:
 * such an answer is handled like a failed call (the next address is tried).
 */
public final class MetaHeartbeater implements Startable, MetaLink {

  private static final Logger log = LoggerFactory.getLogger(MetaHeartbeater.class);

  private final List<String> metaAddresses;
  private final RpcClient client;
  private final Member member;
  private final Duration interval;
  private final Duration timeout;
  private final ScheduledExecutorService scheduler;
  private final InstantSource clock;
  private final MetaReachability reachability;
  private final AtomicBoolean inFlight = new AtomicBoolean();

  private volatile String leader;
  private volatile String reportedLeader;
  private volatile long lastOkMillis = -1;
  private int nextIndex;
  private ScheduledFuture<?> task;
  private boolean closed;

  public MetaHeartbeater(
      List<String> metaAddresses,
      RpcClient client,
      Member member,
      Duration interval,
      ScheduledExecutorService scheduler,
      InstantSource clock,
      MetaReachability reachability) {
    if (metaAddresses.isEmpty()) {
      throw new IllegalArgumentException("metaAddresses: [] (expected: at least one host:port)");
    }
    this.metaAddresses = List.copyOf(metaAddresses);
    this.client = client;
    this.member = member;
    this.interval = interval;
    this.timeout =
        interval.multipliedBy(3).compareTo(Duration.ofSeconds(3)) < 0
            ? Duration.ofSeconds(3)
            : interval.multipliedBy(3);
    this.scheduler = scheduler;
    this.clock = clock;
    this.reachability = reachability;
  }

  @Override
  public synchronized void start() {
    if (task == null) {
      reachability.started();
      task =
          scheduler.scheduleWithFixedDelay(
              this::beatSafely, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Sends a heartbeat now, for example after a peer reported a newer table epoch. */
  @Override
  public void triggerNow() {
    synchronized (this) {
      if (closed) {
        return;
      }
    }
    try {
      scheduler.execute(this::beatSafely);
    } catch (RejectedExecutionException e) {
      log.debug("heartbeat not triggered, closing node={}", member.address());
    }
  }

  /**
   * Sends one heartbeat now, outside the periodic ones, to the meta leader this node follows (or a
   * configured meta, following one redirect), and completes once it is answered or failed, within
   * the heartbeat timeout for each of at most two calls; never completes exceptionally. The answer
   * is not handed to the member. For a leaving node's last word ({@code LeaveStage.LEFT}), whose
   * periodic heartbeats may be in flight or about to stop.
   */
  @Override
  public CompletableFuture<Boolean> sendOnce() {
    String known = leader;
    String target = known != null ? known : metaAddresses.get(nextIndex % metaAddresses.size());
    HeartbeatRequest request = member.request();
    return client
        .invoke(target, request, HeartbeatResponse.class, timeout)
        .thenCompose(
            response -> {
              String redirect = response.metaLeader();
              if (response.status() == Status.NOT_LEADER
                  && redirect != null
                  && !redirect.equals(target)) {
                return client
                    .invoke(redirect, request, HeartbeatResponse.class, timeout)
                    .thenApply(again -> again.status() == Status.OK);
              }
              return CompletableFuture.completedFuture(response.status() == Status.OK);
            })
        .exceptionally(error -> false);
  }

  /** The meta server that answered last, or null. */
  public String leader() {
    return leader;
  }

  /**
   * The meta leader's own address ({@code advertisedHost:port}) as the last OK answer named it, or
   * null. Unlike {@link #leader()} (the address this node dials, which may be a configured name),
   * it is how the leader names itself.
   */
  public String reportedLeader() {
    return reportedLeader;
  }

  /**
   * Whether a call naming {@code claimedLeader} over {@code connection} comes from the meta leader
   * this node follows: the name is the one the last OK answer gave, and the call comes from that
   * leader's host (or in-process, from this JVM). Resolves the leader's host if it is a name.
   */
  public boolean isLeader(String claimedLeader, RpcConnection connection) {
    String known = reportedLeader;
    if (known == null || !known.equals(claimedLeader)) {
      return false;
    }
    if (RpcConnection.IN_PROCESS.equals(connection.remoteAddress())) {
      return true;
    }
    int colon = known.lastIndexOf(':');
    String host = colon < 0 ? known : known.substring(0, colon);
    String remoteIp = connection.remoteIp();
    if (host.equals(remoteIp)) {
      return true;
    }
    try {
      for (InetAddress address : InetAddress.getAllByName(host)) {
        if (address.getHostAddress().equals(remoteIp)) {
          return true;
        }
      }
    } catch (UnknownHostException e) {
      log.debug("meta leader host not resolved host={}", host);
    }
    return false;
  }

  /** Whether meta answers, as the log and the health check report it. */
  public MetaReachability reachability() {
    return reachability;
  }

  /** True if a heartbeat succeeded within the last three intervals. */
  @Override
  public boolean isConnected() {
    long last = lastOkMillis;
    return last >= 0 && clock.millis() - last <= interval.toMillis() * 3;
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (task != null) {
      task.cancel(false);
      task = null;
    }
  }

  private void beatSafely() {
    try {
      reachability.tick();
    } catch (Throwable t) {
      log.warn("meta reachability check failed node={}", member.address(), t);
    }
    if (!inFlight.compareAndSet(false, true)) {
      return;
    }
    try {
      beat(leader != null ? leader : metaAddresses.get(nextIndex % metaAddresses.size()), true);
    } catch (Throwable t) {
      inFlight.set(false);
      log.warn("heartbeat failed node={}", member.address(), t);
    }
  }

  private void beat(String target, boolean mayRedirect) {
    Tasks.whenComplete(
        client.invoke(target, member.request(), HeartbeatResponse.class, timeout),
        "meta heartbeat answer",
        (response, error) -> {
          if (error != null) {
            reachability.failed(target, String.valueOf(error.getMessage()));
            inFlight.set(false);
            if (leader != null || lastOkMillis >= 0) {
              log.info(
                  "meta heartbeat failed node={} meta={} error={}",
                  member.address(),
                  target,
                  error.getMessage());
            }
            leader = null;
            nextIndex++;
            return;
          }
          if (reachability.refuses(target, response.embeddedDatabase())) {
            leader = null;
            nextIndex++;
            inFlight.set(false);
            return;
          }
          if (response.status() == Status.NOT_LEADER) {
            String redirect = response.metaLeader();
            leader = null;
            if (mayRedirect && redirect != null && !redirect.equals(target)) {
              beat(redirect, false);
            } else {
              reachability.failed(target, "not the leader, which it names as " + redirect);
              nextIndex++;
              inFlight.set(false);
            }
            return;
          }
          inFlight.set(false);
          if (response.status() != Status.OK) {
            reachability.failed(target, "answered " + response.status());
            nextIndex++;
            return;
          }
          reachability.answered(target);
          if (!target.equals(leader)) {
            log.info("following meta leader node={} meta={}", member.address(), target);
          }
          leader = target;
          reportedLeader = response.metaLeader();
          lastOkMillis = clock.millis();
          try {
            member.onResponse(response);
          } catch (Throwable t) {
            log.warn("heartbeat response handling failed node={}", member.address(), t);
          }
        });
  }

  /** The node a heartbeater keeps alive: what it reports and what it does with the answers. */
  public interface Member {

    /** This node's address, for logs. */
    String address();

    /** The request to send now. */
    HeartbeatRequest request();

    /** An OK answer; runs on the RPC client's callback executor, one answer at a time. */
    void onResponse(HeartbeatResponse response);
  }
}
