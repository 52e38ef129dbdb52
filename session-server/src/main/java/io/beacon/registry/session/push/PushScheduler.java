package io.beacon.registry.session.push;

import io.beacon.registry.common.concurrent.Coalescer;
import io.beacon.registry.common.concurrent.Pending;
import io.beacon.registry.common.concurrent.RetryTimer;
import io.beacon.registry.common.model.Datum;
import io.beacon.registry.common.retry.Backoff;
import io.beacon.registry.session.registration.SessionRegistry;
import io.beacon.registry.session.registration.Subscriber;
import io.beacon.registry.session.routing.DatumFetcher;
import io.beacon.registry.session.trace.NoticeStamp;
import io.beacon.registry.session.trace.PushTrace;
import io.beacon.registry.session.trace.PushTracer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides when a dataInfoId's datum is fetched from its leader and pushed to its subscribers.
 *
 * <p>Design: a {@link Coalescer} keyed by dataInfoId, whose pending is the dataInfoId's {@link
 * Interest}. A new subscriber or a change notice with a version above the newest one seen starts a
 * fetch at once when none is in flight; while one is in flight, further notices only mark the
 * interest dirty, and a single fetch follows when it completes unless it already brought a version
 * at least as new as every one announced. So an idle dataInfoId is pushed without any wait, and a
 * storm of changes to one dataInfoId costs one fetch per round trip, each pushing the newest datum.
 * Every fetched datum is handed to {@link PushSender} for every current subscriber at once (so the
 * subscribers of one connection share a frame), which skips those that already have that version. A
 * failed fetch is retried with backoff while subscribers remain; an interest without subscribers is
 * forgotten once no fetch is in flight.
 *
 * <p>Each interest holds the last datum it fetched, and the next fetch asks the leader only what
 * changed since (see {@link DatumFetcher}): during a storm of changes to a large datum each fetch
 * carries the few publishers that changed, not all of them.
 *
 * <p>Tracing: the notice of the newest announced version is stamped ({@link NoticeStamp}); the
 * fetched datum becomes a {@link PushTrace} with the notice of exactly its version (the one current
 * when the fetch started, or a newer one that arrived meanwhile), carried by its payload.
 *
 * <p>State: each interest is guarded by its monitor (the coalescer's guard of its lane); fetch
 * answers complete on the RPC client's callback executor; retries run on {@code scheduler}.
 */
public final class PushScheduler {

  private static final Logger log = LoggerFactory.getLogger(PushScheduler.class);

  private final SessionRegistry registry;
  private final DatumFetcher fetcher;
  private final PushSender sender;
  private final PushTracer tracer;
  private final Coalescer<String, Want, FetchRound, Interest> interests;

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
    this.tracer = tracer;
    this.interests =
        new Coalescer<>(
            Interest::new,
            new Fetches(),
            attempt -> backoff.delay(attempt - 1),
            0,
            RetryTimer.on(scheduler));
  }

  /** A subscriber was registered: it gets a first push, empty if there is no data. */
  public void onSubscribe(Subscriber subscriber) {
    interests.offer(subscriber.dataInfoId(), Want.PUSH);
  }

  /** A data leader announced that {@code dataInfoId} is now at {@code version}. */
  public void onChange(String dataInfoId, long version) {
    if (!registry.hasSubscribers(dataInfoId)) {
      release(dataInfoId);
      return;
    }
    interests.offer(dataInfoId, new Want(version, tracer.notice(version), false));
  }

  /**
   * The last subscriber of {@code dataInfoId} may have left (unsubscribe, client-off): forget the
   * dataInfoId unless subscribers remain or a fetch is still in flight (which drops it when done).
   */
  public void release(String dataInfoId) {
    interests.release(dataInfoId);
  }

  /**
   * A new slot table arrived: fetches waiting in backoff (typically for a leader that was unknown
   * or gone) are sent now instead of when their backoff ends.
   */
  public void onTableChanged() {
    interests.retryNow();
  }

  /**
   * Fetches and pushes every subscribed dataInfoId again (after stop-push is lifted); subscribers
   * that already have the newest version are skipped by the sender.
   */
  public void repushAll() {
    interests.offerToAll(Want.PUSH);
  }

  /**
   * The leader holds {@code dataInfoId} at {@code leaderVersion}: if a subscriber was last pushed
   * an older version (a lost notice, a push that gave up), fetch and push again.
   */
  public void verify(String dataInfoId, long leaderVersion) {
    long expected = Math.max(leaderVersion, Datum.EMPTY_PUSH_VERSION);
    for (Subscriber subscriber : registry.subscribersOf(dataInfoId)) {
      if (sender.pushedVersion(subscriber.registerId()) < expected) {
        interests.offer(dataInfoId, new Want(leaderVersion, null, true));
        return;
      }
    }
  }

  /** The dataInfoIds this session has subscribers for (a snapshot). */
  public List<String> subscribedDataInfoIds() {
    return interests.keys();
  }

  /** Number of dataInfoIds with subscribers being tracked. */
  public int interestCount() {
    return interests.size();
  }

  /** Pushes a fetched datum; decides under the interest's monitor whether another fetch follows. */
  private void onFetched(FetchRound round, DatumFetcher.Fetched fetched) {
    Interest interest = round.interest();
    Datum datum = fetched.datum();
    NoticeStamp latest;
    synchronized (interest) {
      interest.held = fetched;
      latest = interest.notice;
      if (datum.version() >= interest.announced) {
        interest.dirty = false; // what was announced meanwhile came with this datum
      }
    }
    PushTrace trace =
        tracer.onFetched(datum, NoticeStamp.matching(datum.version(), round.requested(), latest));
    // One payload per fetched datum: its zone views are built once for all subscribers.
    sender.push(registry.subscribersOf(interest.dataInfoId), new PushPayload(datum, trace));
  }

  /**
   * What an offer asks: a fetch for a change to {@code version} (dropped unless newer than every
   * version announced), or, {@code forced}, a fetch whatever was announced.
   */
  private record Want(long version, NoticeStamp notice, boolean forced) {
    static final Want PUSH = new Want(0, null, true);
  }

  /** One fetch: its interest, the notice current when it started and the datum it asks against. */
  private record FetchRound(Interest interest, NoticeStamp requested, DatumFetcher.Fetched held) {}

  /** Fetches a round's datum, pushes it, and logs how fetching goes. */
  private final class Fetches implements Coalescer.Sender<String, FetchRound> {

    @Override
    public CompletionStage<?> send(String dataInfoId, FetchRound round) {
      return fetcher
          .fetch(dataInfoId, round.held())
          .thenAccept(fetched -> onFetched(round, fetched));
    }

    @Override
    public void onRetry(String dataInfoId, int attempt, Duration delay, Throwable error) {
      if (attempt == 1) {
        Throwable cause = error instanceof CompletionException ? error.getCause() : error;
        log.warn(
            "datum fetch failed, retrying dataInfoId={} error={}", dataInfoId, cause.getMessage());
      }
    }
  }

  /** Fetch state of one dataInfoId. Guarded by its own monitor. */
  private final class Interest implements Pending<Want, FetchRound> {
    final String dataInfoId;
    long announced;
    boolean dirty;
    NoticeStamp notice; // of the newest announced version, null when tracing is off
    // The last datum fetched, which the next fetch asks the changes since; dropped with the
    // interest when its last subscriber leaves, and after a failed fetch.
    DatumFetcher.Fetched held;

    Interest(String dataInfoId) {
      this.dataInfoId = dataInfoId;
    }

    @Override
    public void add(Want want) {
      if (want.forced()) {
        announced = Math.max(announced, want.version());
      } else if (want.version() > announced) {
        announced = want.version();
        notice = want.notice();
      } else {
        return; // a version already announced: the fetch for it is done or on its way
      }
      dirty = true;
    }

    @Override
    public boolean isEmpty() {
      return !dirty;
    }

    @Override
    public FetchRound take() {
      dirty = false;
      return new FetchRound(this, notice, held);
    }

    /** Whatever went wrong (an answer that did not fit what it held included), fetch whole next. */
    @Override
    public void restore(FetchRound round) {
      held = null;
      if (registry.hasSubscribers(dataInfoId)) {
        dirty = true;
      }
    }

    @Override
    public boolean isDisposable() {
      return !registry.hasSubscribers(dataInfoId);
    }
  }
}
