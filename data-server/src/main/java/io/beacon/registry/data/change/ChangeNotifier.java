package io.beacon.registry.data.change;

import io.beacon.registry.common.concurrent.Coalescer;
import io.beacon.registry.common.concurrent.Pending;
import io.beacon.registry.common.concurrent.RetryTimer;
import io.beacon.registry.common.protocol.DataChangeNotice;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells every live session which datums changed: {@code DataChangeNotice(thisNode, {dataInfoId ->
 * version})}, answered with an Ack.
 *
 * <p>Design: a {@link Coalescer} keyed by session. A change offered to an idle session is sent at
 * once, on the caller's thread, so a quiet system notifies within one round trip and no timer is on
 * the happy path. Changes offered while a notice is in flight are merged, keeping the highest
 * version per dataInfoId (a session only needs the newest), and go out as one notice when it is
 * answered: under a storm a session gets one notice per round trip, carrying everything that
 * changed meanwhile. Ordering: notices to one session never overlap; a session may still see an
 * older version after a newer one (two writers offer concurrently), which it ignores by version.
 *
 * <p>Failure: a failed notice is merged back (newer versions win) and retried after {@code
 * retryBackoff} with whatever is pending then, for as long as meta lists the session; a session
 * that left meta's list ({@link #updateSessions}) is dropped with its pending changes (it has no
 * subscribers to serve any more).
 *
 * <p>Concurrency: see {@link Coalescer}; the sender is called outside any lock and completes on its
 * own threads (or the caller's, when a send completes at once).
 */
public final class ChangeNotifier {

  private static final Logger log = LoggerFactory.getLogger(ChangeNotifier.class);

  private final Supplier<String> localAddress;
  private final NoticeSender sender;
  private final Coalescer<String, Map<String, Long>, Map<String, Long>, Versions> channels;

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
    this.channels =
        new Coalescer<>(
            session -> new Versions(), new Notices(), attempt -> retryBackoff, 0, retryTimer);
  }

  /**
   * Adopts meta's list of live sessions (their internal addresses): new ones start getting notices,
   * gone ones are dropped with what was pending for them.
   */
  public void updateSessions(Collection<String> sessionAddresses) {
    Set<String> live = new HashSet<>(sessionAddresses);
    live.forEach(channels::open);
    for (String address : channels.keys()) {
      if (!live.contains(address)) {
        channels.remove(address);
        sender.release(address);
      }
    }
  }

  /** Notifies every live session that the datums in {@code versions} changed. */
  public void onChange(Map<String, Long> versions) {
    if (!versions.isEmpty()) {
      channels.offerToAll(versions);
    }
  }

  /** The sessions notices currently go to. */
  public Set<String> sessions() {
    return Set.copyOf(channels.keys());
  }

  /** Drops every session, as on shutdown. */
  public void close() {
    updateSessions(Set.of());
  }

  /** The versions waiting for one session: the highest per dataInfoId. */
  private static final class Versions implements Pending<Map<String, Long>, Map<String, Long>> {
    private Map<String, Long> waiting = new HashMap<>();

    @Override
    public void add(Map<String, Long> versions) {
      versions.forEach((dataInfoId, version) -> waiting.merge(dataInfoId, version, Math::max));
    }

    @Override
    public boolean isEmpty() {
      return waiting.isEmpty();
    }

    @Override
    public Map<String, Long> take() {
      Map<String, Long> batch = waiting;
      waiting = new HashMap<>();
      return batch;
    }

    @Override
    public void restore(Map<String, Long> batch) {
      add(batch);
    }
  }

  /** Sends a notice per batch and logs how delivery to a session goes. */
  private final class Notices implements Coalescer.Sender<String, Map<String, Long>> {

    @Override
    public CompletionStage<?> send(String session, Map<String, Long> versions) {
      return sender.send(session, new DataChangeNotice(localAddress.get(), versions));
    }

    @Override
    public void onRetry(String session, int attempt, Duration delay, Throwable error) {
      if (attempt == 1) {
        log.warn(
            "change notice failed, retrying session={} backoff={} error={}",
            session,
            delay,
            String.valueOf(error.getMessage()));
      } else {
        log.debug("change notice failed again session={} failures={}", session, attempt, error);
      }
    }

    @Override
    public void onRecovered(String session, int failures) {
      log.info("change notices resumed session={} afterFailures={}", session, failures);
    }
  }
}
