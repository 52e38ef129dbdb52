package io.beacon.registry.common.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class VersionClockTest {

  /**
   * The time these tests step by hand. Not beacon-testing's {@code ManualClock}: that module
   * depends on this one, and Maven rejects the cycle even for a test-scoped dependency.
   */
  private final AtomicLong millis =
      new AtomicLong(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());

  private final InstantSource clock = () -> Instant.ofEpochMilli(millis.get());

  @Test
  void versionsStrictlyGrowEvenWhenTheClockStandsStillOrStepsBack() {
    VersionClock versions = new VersionClock(clock);
    long a = versions.next();
    long b = versions.next();
    millis.addAndGet(Duration.ofSeconds(-5).toMillis());
    long c = versions.next();
    assertThat(b).isGreaterThan(a);
    assertThat(c).isGreaterThan(b);
  }

  @Test
  void aLaterClockIssuesLargerVersionsThanAnEarlierOne() {
    long before = new VersionClock(clock).next();
    millis.addAndGet(Duration.ofMillis(1).toMillis());
    long afterRestart = new VersionClock(clock).next();
    assertThat(afterRestart).isGreaterThan(before);
    assertThat(VersionClock.millisOf(afterRestart)).isEqualTo(clock.millis());
  }

  @Test
  void nextAfterJumpsOverTheFloor() {
    VersionClock versions = new VersionClock(clock);
    long floor = versions.next() + 1_000_000;
    assertThat(versions.nextAfter(floor)).isEqualTo(floor + 1);
  }

  @Test
  void dataInfoIdRoundTrips() {
    DataInfo info = new DataInfo("com.example.Echo", null, "RPC");
    assertThat(info.id()).isEqualTo("com.example.Echo#@#DEFAULT_INSTANCE_ID#@#RPC");
    assertThat(DataInfo.parse(info.id())).isEqualTo(info);
  }

  @Test
  void connectIdYieldsTheClientIp() {
    assertThat(ConnectId.clientIp(ConnectId.of("10.0.0.7:51234", "10.0.0.1:9600")))
        .isEqualTo("10.0.0.7");
  }
}
