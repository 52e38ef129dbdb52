package io.beacon.registry.session.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link SlowestPushes}: bounded per time slice, evicted by age, refused cheaply when too fast. */
class SlowestPushesTest {

  private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);
  private static final PushTrace TRACE = new PushTrace("d", 2, -1, 1, 1, 0, 0);

  private final SlowestPushes slowest = new SlowestPushes(2, Duration.ofMinutes(10), 10);

  @Test
  void memoryStaysBoundedHoweverManyPushesAndSlicesPass() {
    for (long at = 0; at < 60 * MINUTE; at += MINUTE / 100) {
      slowest.offer(push(at, at % 997));
    }

    assertThat(slowest.size()).isLessThanOrEqualTo(11 * 2);
    assertThat(slowest.slowest(100, 60 * MINUTE)).hasSizeLessThanOrEqualTo(11 * 2);
  }

  @Test
  void slowPushesOfNewerSlicesSurviveWhenAnOldSliceExpires() {
    slowest.offer(push(0, 900));
    slowest.offer(push(1, 800));
    slowest.offer(push(3 * MINUTE, 50));
    slowest.offer(push(3 * MINUTE + 1, 40));
    slowest.offer(push(3 * MINUTE + 2, 30));

    assertThat(slowest.slowest(10, 5 * MINUTE))
        .extracting(TracedPush::latencyNanos)
        .containsExactly(900L, 800L, 50L, 40L);
    assertThat(slowest.slowest(10, 11 * MINUTE))
        .extracting(TracedPush::latencyNanos)
        .containsExactly(50L, 40L);
  }

  @Test
  void aFullSliceRefusesFasterPushesWithoutTheLock() {
    slowest.offer(push(10, 100));
    assertThat(slowest.admits(20, 5)).isTrue(); // not full yet
    slowest.offer(push(20, 200));

    assertThat(slowest.admits(30, 100)).isFalse();
    assertThat(slowest.admits(30, 101)).isTrue();
    assertThat(slowest.admits(2 * MINUTE, 1)).isTrue(); // another slice
  }

  @Test
  void aPushAcknowledgedBeforeItsSliceWasReusedIsDropped() {
    slowest.offer(push(11 * MINUTE, 10));
    slowest.offer(push(0, 999)); // same slot, eleven slices ago

    assertThat(slowest.slowest(10, 11 * MINUTE))
        .extracting(TracedPush::latencyNanos)
        .containsExactly(10L);
  }

  private static TracedPush push(long ackedNanos, long latencyNanos) {
    return new TracedPush(TRACE, 1, "c", ackedNanos, ackedNanos, latencyNanos);
  }
}
