package io.beacon.registry.session.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.common.model.Datum;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.common.model.RegisterVersion;
import io.beacon.registry.testing.ManualClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link AcceptedWrites}: bounded, filtered to traced dataInfoIds, expired by age. */
class AcceptedWritesTest {

  private static final RegisterVersion V1 = new RegisterVersion(1, 1_000);

  private final ManualClock clock = new ManualClock();

  @Test
  void noMoreDataInfoIdsThanTheCapacityAreKept() {
    AcceptedWrites writes = new AcceptedWrites(2, Duration.ofSeconds(60), clock, id -> true);
    for (int i = 0; i < 100; i++) {
      writes.onAccepted("id-" + i, "r", V1, false, clock.millis());
    }

    assertThat(writes.size()).isLessThanOrEqualTo(2);
  }

  @Test
  void aWriteIsClaimedByTheFirstDatumThatReflectsItAndOnlyOnce() {
    AcceptedWrites writes = new AcceptedWrites(10, Duration.ofSeconds(60), clock, id -> true);
    writes.onAccepted("a", "r", new RegisterVersion(2, 2_000), false, 2_000);

    assertThat(writes.claim(datum("a", "r", V1))).isEqualTo(PushTrace.UNKNOWN);
    assertThat(writes.claim(datum("a", "r", new RegisterVersion(2, 2_000)))).isEqualTo(2_000);
    assertThat(writes.claim(datum("a", "r", new RegisterVersion(2, 2_000))))
        .isEqualTo(PushTrace.UNKNOWN);
  }

  @Test
  void writesOfDataInfoIdsWithoutSubscribersHereAreIgnored() {
    AcceptedWrites writes = new AcceptedWrites(10, Duration.ofSeconds(60), clock, "a"::equals);
    writes.onAccepted("a", "r", V1, false, 1_000);
    writes.onAccepted("b", "r", V1, false, 1_000);

    assertThat(writes.size()).isEqualTo(1);
  }

  @Test
  void anUnclaimedWriteExpiresAfterItsMaximumAge() {
    AcceptedWrites writes = new AcceptedWrites(10, Duration.ofSeconds(60), clock, id -> true);
    writes.onAccepted("a", "r", V1, false, clock.millis());
    clock.advance(Duration.ofSeconds(29));
    writes.onAccepted("b", "r", V1, false, clock.millis());

    clock.advance(Duration.ofSeconds(32));
    writes.expire();
    assertThat(writes.size()).isEqualTo(1);
    assertThat(writes.claim(datum("a", "r", V1))).isEqualTo(PushTrace.UNKNOWN);
    clock.advance(Duration.ofSeconds(30));
    writes.expire();
    assertThat(writes.size()).isZero();
  }

  @Test
  void aLaterAcceptedWriteIsNotReplacedByAnEarlierOneArrivingLate() {
    AcceptedWrites writes = new AcceptedWrites(10, Duration.ofSeconds(60), clock, id -> true);
    RegisterVersion v2 = new RegisterVersion(2, 2_000);
    writes.onAccepted("a", "r", v2, false, 2_000);
    writes.onAccepted("a", "r", V1, false, 1_000);

    assertThat(writes.claim(datum("a", "r", v2))).isEqualTo(2_000);
  }

  private static Datum datum(String dataInfoId, String registerId, RegisterVersion version) {
    return new Datum(
        dataInfoId,
        42L << 15,
        List.of(
            new Publisher(
                dataInfoId,
                registerId,
                List.of("v"),
                version,
                "DEFAULT_ZONE",
                "app",
                "c",
                new ProcessId("127.0.0.1", 1L, 1L, 1))));
  }
}
