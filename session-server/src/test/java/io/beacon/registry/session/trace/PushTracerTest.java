package io.beacon.registry.session.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.beacon.registry.common.model.Datum;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.common.model.RegisterVersion;
import io.beacon.registry.common.model.VersionClock;
import io.beacon.registry.session.trace.PushTracer.StageLatency;
import io.beacon.registry.testing.ManualClock;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * {@link PushTracer} on a fake wall clock and a fake nano clock: stage math and the slowest list.
 */
class PushTracerTest {

  private static final String SERVICE = "com.example.Service#@#DEFAULT_INSTANCE_ID#@#DEFAULT_GROUP";
  private static final ProcessId SESSION = new ProcessId("127.0.0.1", 1L, 1L, 1);
  private static final long MILLI = 1_000_000L;

  private final ManualClock clock = new ManualClock();
  private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
  private final SimpleMeterRegistry meters =
      new SimpleMeterRegistry(SimpleConfig.DEFAULT, new MockClock());
  private final PushTracer tracer = tracer(100);

  private PushTracer tracer(int slowestCapacity) {
    return new PushTracer(
        true,
        meters,
        clock,
        nanos::get,
        new AcceptedWrites(100, Duration.ofMinutes(1), clock, dataInfoId -> true),
        new SlowestPushes(slowestCapacity, Duration.ofMinutes(10), 10));
  }

  @Test
  void everyStageIsMeasuredFromPublishToAcknowledgement() {
    long acceptedAt = clock.millis();
    RegisterVersion registration = new RegisterVersion(1, acceptedAt);
    tracer.onAccepted(SERVICE, "r1", registration, false, acceptedAt);
    clock.advance(Duration.ofMillis(3));
    Datum datum = datum(new VersionClock(clock).next(), publisher("r1", registration));
    clock.advance(Duration.ofMillis(2));
    NoticeStamp notice = tracer.notice(datum.version());
    elapse(1_500_000L);
    PushTrace trace = tracer.onFetched(datum, notice);
    elapse(250_000L);
    long sent = nanos.get();
    elapse(750_000L);
    tracer.onAcked(trace, 3, "10.0.0.1:5000_10.0.0.2:9600", sent);

    Map<String, StageLatency> stages = tracer.latency().stages();
    assertThat(stages.keySet())
        .containsExactly(
            "acceptedToChange",
            "changeToNotice",
            "noticeToFetched",
            "fetchedToSent",
            "sentToAcked",
            "changeToAcked");
    assertStage(stages.get("acceptedToChange"), 3.0);
    assertStage(stages.get("changeToNotice"), 2.0);
    assertStage(stages.get("noticeToFetched"), 1.5);
    assertStage(stages.get("fetchedToSent"), 0.25);
    assertStage(stages.get("sentToAcked"), 0.75);
    assertStage(stages.get("changeToAcked"), 4.5);

    List<SlowPush> slowest = tracer.slowest(10);
    assertThat(slowest).hasSize(1);
    SlowPush push = slowest.get(0);
    assertThat(push.dataInfoId()).isEqualTo(SERVICE);
    assertThat(push.version()).isEqualTo(datum.version());
    assertThat(push.subscribers()).isEqualTo(3);
    assertThat(push.connectId()).isEqualTo("10.0.0.1:5000_10.0.0.2:9600");
    assertThat(push.acceptedMillis()).isEqualTo(acceptedAt);
    assertThat(push.changeMillis()).isEqualTo(acceptedAt + 3);
    assertThat(push.noticeMillis()).isEqualTo(acceptedAt + 5);
    assertThat(push.fetchedMillis()).isEqualTo(acceptedAt + 6); // 5 + 1.5, to the millisecond
    assertThat(push.sentMillis()).isEqualTo(acceptedAt + 6); // 5 + 1.75
    assertThat(push.ackedMillis()).isEqualTo(acceptedAt + 7); // 5 + 2.5
    assertThat(push.stagesMillis())
        .containsExactly(
            Map.entry("acceptedToChange", 3.0),
            Map.entry("changeToNotice", 2.0),
            Map.entry("noticeToFetched", 1.5),
            Map.entry("fetchedToSent", 0.25),
            Map.entry("sentToAcked", 0.75),
            Map.entry("changeToAcked", 4.5));
  }

  @Test
  void theHistogramsAreMicrometerTimersTaggedByStage() {
    Datum datum = datum(new VersionClock(clock).next());
    PushTrace trace = tracer.onFetched(datum, tracer.notice(datum.version()));
    tracer.onAcked(trace, 1, "c", nanos.get());

    assertThat(meters.get(PushTracer.METRIC).tag("stage", "changeToAcked").timer().count())
        .isEqualTo(1);
    assertThat(meters.get(PushTracer.METRIC).timers()).hasSize(PushStage.values().length);
  }

  @Test
  void aWriteIsAttributedOnlyToTheFirstDatumThatReflectsIt() {
    RegisterVersion older = new RegisterVersion(1, clock.millis());
    RegisterVersion newer = new RegisterVersion(2, clock.millis());
    long acceptedAt = clock.millis();
    tracer.onAccepted(SERVICE, "r1", newer, false, acceptedAt);
    VersionClock versions = new VersionClock(clock);

    PushTrace before = tracer.onFetched(datum(versions.next(), publisher("r1", older)), null);
    PushTrace reflecting = tracer.onFetched(datum(versions.next(), publisher("r1", newer)), null);
    PushTrace later = tracer.onFetched(datum(versions.next(), publisher("r1", newer)), null);

    assertThat(before.hasAccepted()).isFalse();
    assertThat(reflecting.acceptedMillis()).isEqualTo(acceptedAt);
    assertThat(later.hasAccepted()).isFalse();
    assertThat(tracer.latency().stages().get("acceptedToChange").count()).isEqualTo(1);
  }

  @Test
  void aRemovalIsReflectedByADatumWithoutThePublisher() {
    RegisterVersion version = new RegisterVersion(3, clock.millis());
    tracer.onAccepted(SERVICE, "r1", version, true, clock.millis());
    VersionClock versions = new VersionClock(clock);

    PushTrace stillThere = tracer.onFetched(datum(versions.next(), publisher("r1", version)), null);
    PushTrace gone = tracer.onFetched(datum(versions.next()), null);

    assertThat(stillThere.hasAccepted()).isFalse();
    assertThat(gone.acceptedMillis()).isEqualTo(clock.millis());
  }

  @Test
  void aPushWithoutANoticeOfItsVersionHasOnlyTheSessionStages() {
    VersionClock versions = new VersionClock(clock);
    NoticeStamp olderNotice = tracer.notice(versions.next());
    Datum datum = datum(versions.next());
    PushTrace trace = tracer.onFetched(datum, olderNotice);
    PushTrace firstPush = tracer.onFetched(Datum.empty(SERVICE), null);
    elapse(MILLI);
    tracer.onAcked(trace, 1, "c", nanos.get() - MILLI / 2);
    tracer.onAcked(firstPush, 1, "c", nanos.get());

    Map<String, StageLatency> stages = tracer.latency().stages();
    assertThat(trace.hasNotice()).isFalse();
    assertThat(firstPush.changeMillis()).isEqualTo(PushTrace.UNKNOWN);
    assertThat(stages.get("changeToNotice").count()).isZero();
    assertThat(stages.get("noticeToFetched").count()).isZero();
    assertThat(stages.get("fetchedToSent").count()).isEqualTo(2);
    assertThat(stages.get("sentToAcked").count()).isEqualTo(2);
    assertThat(stages.get("changeToAcked").count()).isZero();
    assertThat(tracer.slowest(10)).isEmpty();
  }

  @Test
  void aNegativeCrossServerStageCountsAsZeroButIsShownAsMeasured() {
    Datum datum = datum(new VersionClock(clock).next());
    clock.advance(Duration.ofMillis(-2)); // the session's clock is 2 ms behind the leader's
    PushTrace trace = tracer.onFetched(datum, tracer.notice(datum.version()));
    tracer.onAcked(trace, 1, "c", nanos.get());

    assertThat(tracer.latency().stages().get("changeToNotice").max()).isZero();
    assertThat(tracer.slowest(1).get(0).stagesMillis()).containsEntry("changeToNotice", -2.0);
  }

  @Test
  void theSlowestListKeepsOnlyTheSlowestPushes() {
    PushTracer small = tracer(3);
    VersionClock versions = new VersionClock(clock);
    for (int i = 1; i <= 10; i++) {
      Datum datum = datum(versions.next());
      PushTrace trace = small.onFetched(datum, small.notice(datum.version()));
      long sent = nanos.get();
      elapse((i % 2 == 0 ? i : 20 - i) * MILLI); // 19, 2, 17, 4, 15, 6, 13, 8, 11, 10 ms
      small.onAcked(trace, i, "c" + i, sent);
    }

    List<SlowPush> slowest = small.slowest(10);
    assertThat(slowest).extracting(SlowPush::subscribers).containsExactly(1, 3, 5);
    assertThat(slowest)
        .extracting(push -> push.stagesMillis().get("sentToAcked"))
        .containsExactly(19.0, 17.0, 15.0);
    assertThat(small.slowest(2)).hasSize(2);
  }

  @Test
  void pushesOlderThanTheWindowLeaveTheSlowestList() {
    VersionClock versions = new VersionClock(clock);
    Datum old = datum(versions.next());
    PushTrace oldTrace = tracer.onFetched(old, tracer.notice(old.version()));
    elapse(50 * MILLI);
    tracer.onAcked(oldTrace, 1, "old", nanos.get());
    elapse(TimeUnit.MINUTES.toNanos(6));
    Datum recent = datum(versions.next());
    PushTrace recentTrace = tracer.onFetched(recent, tracer.notice(recent.version()));
    elapse(MILLI);
    tracer.onAcked(recentTrace, 1, "recent", nanos.get());

    assertThat(tracer.slowest(10)).extracting(SlowPush::connectId).containsExactly("old", "recent");
    elapse(TimeUnit.MINUTES.toNanos(4) + MILLI);
    assertThat(tracer.slowest(10)).extracting(SlowPush::connectId).containsExactly("recent");
    elapse(TimeUnit.MINUTES.toNanos(10));
    assertThat(tracer.slowest(10)).isEmpty();
  }

  @Test
  void aDisabledTracerRecordsNothing() {
    PushTracer disabled = PushTracer.disabled();
    disabled.onAccepted(SERVICE, "r1", new RegisterVersion(1, 1), false, 1);
    Datum datum = datum(new VersionClock(clock).next());

    assertThat(disabled.notice(datum.version())).isNull();
    assertThat(disabled.onFetched(datum, null)).isNull();
    disabled.onAcked(null, 1, "c", 0);
    assertThat(disabled.latency().stages().values()).allMatch(stage -> stage.count() == 0);
    assertThat(disabled.acceptedCount()).isZero();
  }

  private void elapse(long nanosElapsed) {
    nanos.addAndGet(nanosElapsed);
  }

  private static void assertStage(StageLatency stage, double millis) {
    assertThat(stage.count()).isEqualTo(1);
    assertThat(stage.max()).isEqualTo(millis);
    assertThat(stage.mean()).isEqualTo(millis);
    // Percentiles come from a histogram with two significant digits.
    assertThat(stage.p50()).isCloseTo(millis, within(millis * 0.02));
    assertThat(stage.p99()).isCloseTo(millis, within(millis * 0.02));
  }

  private static Datum datum(long version, Publisher... publishers) {
    return new Datum(SERVICE, version, List.of(publishers));
  }

  private static Publisher publisher(String registerId, RegisterVersion version) {
    return new Publisher(
        SERVICE,
        registerId,
        List.of("10.0.0.9:12200"),
        version,
        "DEFAULT_ZONE",
        "app",
        "c",
        SESSION);
  }
}
