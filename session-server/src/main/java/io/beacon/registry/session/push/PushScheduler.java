package io.beacon.registry.session.push;

import io.beacon.registry.common.model.Datum;
import io.beacon.registry.common.retry.Backoff;
import io.beacon.registry.session.registration.SessionRegistry;
import io.beacon.registry.session.registration.Subscriber;
import io.beacon.registry.session.routing.DatumFetcher;
import io.beacon.registry.session.trace.NoticeStamp;
import io.beacon.registry.session.trace.PushTrace;
import io.beacon.registry.session.trace.PushTracer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides when a dataInfoId's datum is fetched from its leader and pushed to its subscribers.
 *
 * <p>Design: one {@link Interest} per dataInfoId that has subscribers here. A new subscriber or a
 * change notice with a version above the newest one seen starts a fetch at once when none is in
 * flight; while one is in flight, further notices only mark the interest dirty, and a single fetch
 * follows when it completes. So an idle dataInfoId is pushed without any wait, and a storm of
 * changes to one dataInfoId costs one fetch per round trip, each pushing the newest datum. Every
 * fetched datum is handed to {@link PushSender} for every current subscriber at once (so the
 * subscribers of one connection share a frame), which skips those that already have that version. A
 * failed fetch is retried with backoff while subscribers remain.
 *
 * <p>Each interest holds the last datum it fetched, and the next fetch asks the leader only what
 * changed since (see {@link DatumFetcher}): during a storm of changes to a large datum each fetch
 * carries the few publishers that changed, not all of them.
 *
 * <p>Tracing: the notice of the newest announced version is stamped ({@link NoticeStamp}); the
 * fetched datum becomes a {@link PushTrace} with the notice of exactly its version (the one current
 * when the fetch started, or a newer one that arrived meanwhile), carried by its payload.
 *
 * <p>State: each interest is guarded by its monitor; fetch answers complete on the RPC client's
 * callback executor; retries run on {@code scheduler}.
 */
public final class PushScheduler {

  private static final Logger log = LoggerFactory.getLogger(PushScheduler.class);

  private final SessionRegistry registry;
  private final DatumFetcher fetcher;
  private final PushSender sender;
  private final Backoff backoff;
  private final ScheduledExecutorService scheduler;
  private final PushTracer tracer;
  private final Map<String, Interest> interests = new ConcurrentHashMap<>();

  public PushScheduler(
      SessionRegistry registry,
      DatumFetcher fetcher,
      PushSender sender,
      Backoff backoff,
      ScheduledExecutorService scheduler) {
    this(registry, fetcher, sender, backoff, scheduler, PushTracer.disabled());
  }

  public PushScheduler(
      SessionRegistry registry,
      DatumFetcher fetcher,
      PushSender sender,
      Backoff backoff,
      ScheduledExecutorService scheduler,
      PushTracer tracer) {
    this.registry = registry;
    this.fetcher = fetcher;
    this.sender = sender;
    this.backoff = backoff;
    this.scheduler = scheduler;
    this.tracer = tracer;
  }

  /** A subscriber was registered: it gets a first push, empty if there is no data. */
  public void onSubscribe(Subscriber subscriber) {
    Interest interest = interests.computeIfAbsent(subscriber.dataInfoId(), Interest::new);
    requestFetch(interest);
  }

  /** A data leader announced that {@code dataInfoId} is now at {@code version}. */
  public void onChange(String dataInfoId, long version) {
    if (!registry.hasSubscribers(dataInfoId)) {
      release(dataInfoId);
      return;
    }
    Interest interest = interests.computeIfAbsent(dataInfoId, Interest::new);
    NoticeStamp notice = tracer.notice(version);
    synchronized (interest) {
      if (version <= interest.announced) {
        return;
      }
      interest.announced = version;
      interest.notice = notice;
    }
    requestFetch(interest);
  }

  /**
   * The last subscriber of {@code dataInfoId} may have left (unsubscribe, client-off): forget the
   * dataInfoId unless subscribers remain or a fetch is still in flight (which drops it when done).
   */
  public void release(String dataInfoId) {
    Interest interest = interests.get(dataInfoId);
    if (interest != null) {
      dropIfUnused(interest);
    }
  }

  /**
   * A new slot table arrived: fetches waiting in backoff (typically for a leader that was unknown
   * or gone) are sent now instead of when their backoff ends.
   */
  public void onTableChanged() {
    for (Interest interest : interests.values()) {
      boolean now;
      synchronized (interest) {
        now = interest.retryScheduled;
        interest.retryScheduled = false;
      }
      if (now) {
        fetch(interest);
      }
    }
  }

  /**
   * Fetches and pushes every subscribed dataInfoId again (after stop-push is lifted); subscribers
   * that already have the newest version are skipped by the sender.
   */
  public void repushAll() {
    for (Interest interest : interests.values()) {
      requestFetch(interest);
    }
  }

  /**
   * The leader holds {@code dataInfoId} at {@code leaderVersion}: if a subscriber was last pushed
   * an older version (a lost notice, a push that gave up), fetch and push again.
   */
  public void verify(String dataInfoId, long leaderVersion) {
    long expected = Math.max(leaderVersion, Datum.EMPTY_PUSH_VERSION);
    for (Subscriber subscriber : registry.subscribersOf(dataInfoId)) {
      if (sender.pushedVersion(subscriber.registerId()) < expected) {
        Interest interest = interests.computeIfAbsent(dataInfoId, Interest::new);
        synchronized (interest) {
          interest.announced = Math.max(interest.announced, leaderVersion);
        }
        requestFetch(interest);
        return;
      }
    }
  }

  /** The dataInfoIds this session has subscribers for (a snapshot). */
  public java.util.List<String> subscribedDataInfoIds() {
    return new java.util.ArrayList<>(interests.keySet());
  }

  /** Number of dataInfoIds with subscribers being tracked. */
  public int interestCount() {
    return interests.size();
  }

  private void requestFetch(Interest interest) {
    synchronized (interest) {
      if (interest.fetching) {
        interest.dirty = true;
        return;
      }
      interest.fetching = true;
      interest.dirty = false;
    }
    fetch(interest);
  }

  private void fetch(Interest interest) {
    NoticeStamp requested;
    DatumFetcher.Fetched held;
    synchronized (interest) {
      requested = interest.notice;
      held = interest.held;
    }
    fetcher
        .fetch(interest.dataInfoId, held)
        .whenComplete(
            (fetched, error) -> {
              if (error != null) {
                onFetchFailed(interest, error);
              } else {
                onFetched(interest, fetched, requested);
              }
            });
  }

  private void onFetched(Interest interest, DatumFetcher.Fetched fetched, NoticeStamp requested) {
    Datum datum = fetched.datum();
    boolean again;
    NoticeStamp latest;
    synchronized (interest) {
      interest.held = fetched;
      latest = interest.notice;
      interest.failures = 0;
      again = interest.dirty && datum.version() < interest.announced;
      interest.dirty = false;
      interest.fetching = again;
    }
    PushTrace trace =
        tracer.onFetched(datum, NoticeStamp.matching(datum.version(), requested, latest));
    // One payload per fetched datum: its zone views are built once for all subscribers.
    sender.push(registry.subscribersOf(interest.dataInfoId), new PushPayload(datum, trace));
    if (again) {
      fetch(interest);
    } else {
      dropIfUnused(interest);
    }
  }

  private void onFetchFailed(Interest interest, Throwable error) {
    if (!registry.hasSubscribers(interest.dataInfoId)) {
      synchronized (interest) {
        interest.fetching = false;
        interest.held = null;
      }
      dropIfUnused(interest);
      return;
    }
    int attempt;
    synchronized (interest) {
      // Whatever went wrong (an answer that did not fit what it held included), fetch whole next.
      interest.held = null;
      attempt = interest.failures++;
      interest.retryScheduled = true;
    }
    if (attempt == 0) {
      log.warn(
          "datum fetch failed, retrying dataInfoId={} error={}",
          interest.dataInfoId,
          error.getMessage());
    }
    scheduler.schedule(
        () -> {
          synchronized (interest) {
            if (!interest.retryScheduled) {
              return; // a new slot table already sent it
            }
            interest.retryScheduled = false;
          }
          fetch(interest);
        },
        backoff.delay(attempt).toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private void dropIfUnused(Interest interest) {
    if (!registry.hasSubscribers(interest.dataInfoId)) {
      synchronized (interest) {
        if (!interest.fetching) {
          interests.remove(interest.dataInfoId, interest);
        }
      }
    }
  }

  /** Fetch state of one dataInfoId. Guarded by its own monitor. */
  private static final class Interest {
    final String dataInfoId;
    long announced;
    boolean fetching;
    boolean dirty;
    boolean retryScheduled;
    int failures;
    NoticeStamp notice; // of the newest announced version, null when tracing is off
    // The last datum fetched, which the next fetch asks the changes since; dropped with the
    // interest when its last subscriber leaves, and after a failed fetch.
    DatumFetcher.Fetched held;

    Interest(String dataInfoId) {
      this.dataInfoId = dataInfoId;
    }
  }
}
