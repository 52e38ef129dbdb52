package io.beacon.registry.session.trace;

import io.beacon.registry.common.model.Datum;
import io.beacon.registry.common.model.RegisterVersion;
import io.beacon.registry.common.model.VersionClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Push tracing: times each push from the publish to the client's acknowledgement, keeps a latency
 * histogram per {@link PushStage} (Micrometer timers {@value #METRIC}, tag {@code stage}) and the
 * slowest recent pushes.
 *
 * <p>Flow: the publish handler reports accepted writes ({@link #onAccepted}); the push scheduler
 * stamps change notices ({@link #notice}) and turns each fetched datum into a {@link PushTrace}
 * ({@link #onFetched}, which records the three upstream stages once per datum); the push sender
 * reports each acknowledged frame ({@link #onAcked}, which records the three downstream stages and
 * offers the push to the slowest list). The end-to-end stage and the slowest list only count pushes
 * of a version this session got a notice for: a first push or a repair of an old datum would
 * otherwise measure the datum's age, not a push.
 *
 * <p>Clocks: wall-clock milliseconds ({@code clock}) for the stages across servers, {@code
 * nanoTicker} ({@code System.nanoTime} in production) for the stages inside this session. Cost on
 * the hot path: two clock reads and one small object per notice and per fetched datum, one clock
 * read and three timer updates per acknowledged frame, nothing per subscriber; a frame allocates
 * only when it enters the slowest list. Thread-safe: Micrometer timers, and the bounded structures
 * {@link AcceptedWrites} and {@link SlowestPushes}.
 */
public final class PushTracer {

  public static final String METRIC = "beacon.session.push.latency";
  public static final int SLOWEST_CAPACITY = 100;
  public static final Duration SLOWEST_WINDOW = Duration.ofMinutes(10);

  /** Percentiles and max cover about this much recent time; counts are since start. */
  public static final Duration HISTOGRAM_WINDOW = Duration.ofMinutes(2);

  private static final double[] PERCENTILES = {0.5, 0.9, 0.99};

  private final boolean enabled;
  private final InstantSource clock;
  private final LongSupplier nanoTicker;
  private final AcceptedWrites accepted;
  private final SlowestPushes slowest;

  /** Filled in the constructor, only read after. */
  private final Map<PushStage, Timer> timers = new EnumMap<>(PushStage.class);

  /**
   * @param traced whether a dataInfoId has subscribers here (only those publishes are remembered)
   */
  public PushTracer(
      MeterRegistry meters,
      InstantSource clock,
      LongSupplier nanoTicker,
      Predicate<String> traced) {
    this(
        true,
        meters,
        clock,
        nanoTicker,
        new AcceptedWrites(10_000, Duration.ofMinutes(1), clock, traced),
        new SlowestPushes(SLOWEST_CAPACITY, SLOWEST_WINDOW, 10));
  }

  PushTracer(
      boolean enabled,
      MeterRegistry meters,
      InstantSource clock,
      LongSupplier nanoTicker,
      AcceptedWrites accepted,
      SlowestPushes slowest) {
    this.enabled = enabled;
    this.clock = clock;
    this.nanoTicker = nanoTicker;
    this.accepted = accepted;
    this.slowest = slowest;
    for (PushStage stage : PushStage.values()) {
      timers.put(
          stage,
          Timer.builder(METRIC)
              .description("push tracing: latency of one stage of a push")
              .tag("stage", stage.key())
              .publishPercentiles(PERCENTILES)
              .percentilePrecision(2)
              .distributionStatisticExpiry(HISTOGRAM_WINDOW)
              .distributionStatisticBufferLength(4)
              .register(meters));
    }
  }

  /** A tracer that records nothing (for parts wired without tracing, such as unit tests). */
  public static PushTracer disabled() {
    return new PushTracer(
        false,
        new SimpleMeterRegistry(),
        InstantSource.fixed(Instant.EPOCH),
        () -> 0L,
        new AcceptedWrites(
            1, Duration.ofMillis(1), InstantSource.fixed(Instant.EPOCH), id -> false),
        new SlowestPushes(1, Duration.ofSeconds(1), 1));
  }

  /** The session's monotonic clock, for the stages inside this session. */
  public long nanoTime() {
    return nanoTicker.getAsLong();
  }

  /** This session accepted a publish (or removal) of {@code dataInfoId} at {@code nowMillis}. */
  public void onAccepted(
      String dataInfoId,
      String registerId,
      RegisterVersion version,
      boolean removal,
      long nowMillis) {
    if (enabled) {
      accepted.onAccepted(dataInfoId, registerId, version, removal, nowMillis);
    }
  }

  /** A change notice says a dataInfoId reached {@code version}: stamped now; null if disabled. */
  public NoticeStamp notice(long version) {
    return enabled ? new NoticeStamp(version, clock.millis(), nanoTicker.getAsLong()) : null;
  }

  /**
   * {@code datum} came back from its leader now; {@code notice} is the notice of its version, or
   * null. Returns the trace every push of the datum carries (null if disabled).
   */
  public PushTrace onFetched(Datum datum, NoticeStamp notice) {
    if (!enabled) {
      return null;
    }
    long fetchedNanos = nanoTicker.getAsLong();
    boolean real = datum.version() > Datum.EMPTY_PUSH_VERSION;
    long changeMillis = real ? VersionClock.millisOf(datum.version()) : PushTrace.UNKNOWN;
    long acceptedMillis = real ? accepted.claim(datum) : PushTrace.UNKNOWN;
    if (acceptedMillis != PushTrace.UNKNOWN) {
      record(PushStage.ACCEPTED_TO_CHANGE, (changeMillis - acceptedMillis) * 1_000_000L);
    }
    boolean noticed = real && notice != null && notice.version() == datum.version();
    if (noticed) {
      record(PushStage.CHANGE_TO_NOTICE, (notice.millis() - changeMillis) * 1_000_000L);
      record(PushStage.NOTICE_TO_FETCHED, fetchedNanos - notice.nanos());
    }
    return new PushTrace(
        datum.dataInfoId(),
        datum.version(),
        acceptedMillis,
        changeMillis,
        noticed ? notice.millis() : PushTrace.UNKNOWN,
        noticed ? notice.nanos() : PushTrace.UNKNOWN,
        fetchedNanos);
  }

  /**
   * The client on {@code connectId} acknowledged, now, the frame of {@code trace} (null: untraced)
   * naming {@code subscribers} subscribers, handed to the connection at {@code sentNanos}.
   */
  public void onAcked(PushTrace trace, int subscribers, String connectId, long sentNanos) {
    if (trace == null) {
      return;
    }
    long ackedNanos = nanoTicker.getAsLong();
    record(PushStage.FETCHED_TO_SENT, sentNanos - trace.fetchedNanos());
    record(PushStage.SENT_TO_ACKED, ackedNanos - sentNanos);
    if (!trace.hasNotice()) {
      return;
    }
    long endToEnd =
        (trace.noticeMillis() - trace.changeMillis()) * 1_000_000L
            + (ackedNanos - trace.noticeNanos());
    record(PushStage.CHANGE_TO_ACKED, endToEnd);
    if (slowest.admits(ackedNanos, endToEnd)) {
      slowest.offer(new TracedPush(trace, subscribers, connectId, sentNanos, ackedNanos, endToEnd));
    }
  }

  /** Forgets accepted writes no datum claimed in time. Called by the periodic sweep. */
  public void expire() {
    accepted.expire();
  }

  /** Each stage's count, p50, p90, p99, max and mean in milliseconds, in stage order. */
  public PushLatency latency() {
    Map<String, StageLatency> stages = new LinkedHashMap<>();
    for (PushStage stage : PushStage.values()) {
      stages.put(stage.key(), latencyOf(timers.get(stage).takeSnapshot()));
    }
    return new PushLatency("ms", HISTOGRAM_WINDOW.toSeconds(), stages);
  }

  /**
   * Up to {@code limit} of the slowest pushes of the last {@link #SLOWEST_WINDOW}, slowest first.
   */
  public List<SlowPush> slowest(int limit) {
    List<SlowPush> views = new ArrayList<>();
    for (TracedPush push : slowest.slowest(limit, nanoTicker.getAsLong())) {
      views.add(push.view());
    }
    return views;
  }

  /** Accepted writes waiting for a datum to claim them (for tests of the bound). */
  long acceptedCount() {
    return accepted.size();
  }

  private void record(PushStage stage, long nanos) {
    // A cross-server stage is negative when the clocks are not quite in step: counted as 0.
    timers.get(stage).record(Math.max(0L, nanos), TimeUnit.NANOSECONDS);
  }

  private static StageLatency latencyOf(HistogramSnapshot snapshot) {
    double[] values = new double[PERCENTILES.length];
    for (ValueAtPercentile value : snapshot.percentileValues()) {
      for (int i = 0; i < PERCENTILES.length; i++) {
        if (value.percentile() == PERCENTILES[i]) {
          values[i] = TracedPush.millis((long) value.value(TimeUnit.NANOSECONDS));
        }
      }
    }
    return new StageLatency(
        snapshot.count(),
        values[0],
        values[1],
        values[2],
        TracedPush.millis((long) snapshot.max(TimeUnit.NANOSECONDS)),
        TracedPush.millis((long) snapshot.mean(TimeUnit.NANOSECONDS)));
  }

  /** The body of {@code GET /digest/push/latency}. */
  public record PushLatency(String unit, long windowSeconds, Map<String, StageLatency> stages) {}

  /** One stage's histogram: count since start; percentiles, max and mean over the recent window. */
  public record StageLatency(
      long count, double p50, double p90, double p99, double max, double mean) {}
}
