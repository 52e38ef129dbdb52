package io.beacon.registry.data.change;

import io.beacon.registry.common.protocol.DataChangeNotice;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells every live session which datums changed: {@code DataChangeNotice(thisNode, {dataInfoId ->
 * version})}, answered with an Ack.
 *
 * <p>Design: adaptive coalescing, one channel per session. A channel is idle or busy (a notice in
 * flight, or a retry waiting). A change offered to an idle channel is sent at once, on the caller's
 * thread, so a quiet system notifies within one round trip and no timer is on the happy path.
 * Changes offered to a busy channel are merged into its pending map, keeping the highest version
 * per dataInfoId (a session only needs the newest), and go out as one notice when the in-flight one
 * completes. Under a storm a session thus gets one notice per round trip, carrying everything that
 * changed meanwhile. Ordering: notices to one session never overlap; a session may still see an
 * older version after a newer one (two writers offer concurrently), which it ignores by version.
 *
 * <p>Failure: a failed notice is merged back into pending (newer versions win) and the channel
 * stays busy until a retry after {@code retryBackoff}, which sends whatever is pending then. This
 * repeats while meta lists the session; a session that left meta's list ({@link #updateSessions})
 * is closed and its pending changes dropped (it has no subscribers to serve any more).
 *
 * <p>Concurrency: the channel map is concurrent; each channel's state is guarded by the channel.
 * The sender is called outside any lock; completions arrive on the sender's threads (or the
 * caller's, when a send completes at once).
 */
public final class ChangeNotifier {

  private static final Logger log = LoggerFactory.getLogger(ChangeNotifier.class);

  private final Supplier<String> localAddress;
  private final NoticeSender sender;
  private final RetryTimer retryTimer;
  private final Duration retryBackoff;
  private final Map<String, Channel> channels = new ConcurrentHashMap<>();

  /**
   * @param localAddress this data server's internal address, named in every notice
   * @param sender delivers one notice
   * @param retryTimer schedules retries of failed notices
   * @param retryBackoff the delay before a failed notice is retried
   */
  public ChangeNotifier(
      Supplier<String> localAddress,
      NoticeSender sender,
      RetryTimer retryTimer,
      Duration retryBackoff) {
    this.localAddress = localAddress;
    this.sender = sender;
    this.retryTimer = retryTimer;
    this.retryBackoff = retryBackoff;
  }

  /**
   * Adopts meta's list of live sessions (their internal addresses): new ones start getting notices,
   * gone ones are dropped with what was pending for them.
   */
  public void updateSessions(Collection<String> sessionAddresses) {
    Set<String> live = new HashSet<>(sessionAddresses);
    for (String address : live) {
      channels.computeIfAbsent(address, Channel::new);
    }
    for (String address : Set.copyOf(channels.keySet())) {
      if (!live.contains(address)) {
        Channel gone = channels.remove(address);
        if (gone != null) {
          gone.close();
          sender.release(address);
        }
      }
    }
  }

  /** Notifies every live session that the datums in {@code versions} changed. */
  public void onChange(Map<String, Long> versions) {
    if (versions.isEmpty()) {
      return;
    }
    for (Channel channel : channels.values()) {
      channel.offer(versions);
    }
  }

  /** The sessions notices currently go to. */
  public Set<String> sessions() {
    return Set.copyOf(channels.keySet());
  }

  /** Drops every session, as on shutdown. */
  public void close() {
    updateSessions(Set.of());
  }

  private static void mergeMax(Map<String, Long> into, Map<String, Long> from) {
    from.forEach((dataInfoId, version) -> into.merge(dataInfoId, version, Math::max));
  }

  /** The notices to one session. State guarded by {@code this}. */
  private final class Channel {

    private final String address;
    private Map<String, Long> pending = new HashMap<>();
    private boolean busy;
    private boolean closed;
    private int failures;

    Channel(String address) {
      this.address = address;
    }

    void offer(Map<String, Long> versions) {
      Map<String, Long> batch;
      synchronized (this) {
        if (closed) {
          return;
        }
        mergeMax(pending, versions);
        if (busy) {
          return;
        }
        busy = true;
        batch = takePending();
      }
      send(batch);
    }

    synchronized void close() {
      closed = true;
      pending = new HashMap<>();
    }

    private Map<String, Long> takePending() {
      Map<String, Long> batch = pending;
      pending = new HashMap<>();
      return batch;
    }

    private void send(Map<String, Long> batch) {
      CompletionStage<?> sent;
      try {
        sent = sender.send(address, new DataChangeNotice(localAddress.get(), batch));
      } catch (Throwable t) {
        sent = CompletableFuture.failedFuture(t);
      }
      sent.whenComplete((ignored, error) -> onSent(batch, error));
    }

    private void onSent(Map<String, Long> batch, Throwable error) {
      Map<String, Long> next;
      synchronized (this) {
        if (closed) {
          return;
        }
        if (error != null) {
          mergeMax(pending, batch);
          logFailure(error);
          scheduleRetry();
          return;
        }
        if (failures > 0) {
          log.info("change notices resumed session={} afterFailures={}", address, failures);
          failures = 0;
        }
        if (pending.isEmpty()) {
          busy = false;
          return;
        }
        next = takePending();
      }
      send(next);
    }

    private void scheduleRetry() {
      try {
        retryTimer.schedule(this::retry, retryBackoff);
      } catch (RuntimeException e) {
        // The timer is shut down: the server is closing, nothing more will be sent.
        log.debug("change notice retry not scheduled session={}", address, e);
      }
    }

    private void retry() {
      Map<String, Long> batch;
      synchronized (this) {
        if (closed) {
          return;
        }
        if (pending.isEmpty()) {
          busy = false;
          return;
        }
        batch = takePending();
      }
      send(batch);
    }

    private void logFailure(Throwable error) {
      failures++;
      if (failures == 1) {
        log.warn(
            "change notice failed, retrying session={} backoff={} error={}",
            address,
            retryBackoff,
            String.valueOf(error.getMessage()));
      } else {
        log.debug("change notice failed again session={} failures={}", address, failures, error);
      }
    }
  }
}
