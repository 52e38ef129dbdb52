package io.beacon.registry.common.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.common.time.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class VersionClockTest {

  @Test
  void versionsStrictlyGrowEvenWhenTheClockStandsStillOrStepsBack() {
    ManualClock clock = new ManualClock();
    VersionClock versions = new VersionClock(clock);
    long a = versions.next();
    long b = versions.next();
    clock.advance(Duration.ofSeconds(-5));
    long c = versions.next();
    assertThat(b).isGreaterThan(a);
    assertThat(c).isGreaterThan(b);
  }

  @Test
  void aLaterClockIssuesLargerVersionsThanAnEarlierOne() {
    ManualClock clock = new ManualClock();
    long before = new VersionClock(clock).next();
    clock.advance(Duration.ofMillis(1));
    long afterRestart = new VersionClock(clock).next();
    assertThat(afterRestart).isGreaterThan(before);
    assertThat(VersionClock.millisOf(afterRestart)).isEqualTo(clock.millis());
  }

  @Test
  void nextAfterJumpsOverTheFloor() {
    VersionClock versions = new VersionClock(new ManualClock());
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
