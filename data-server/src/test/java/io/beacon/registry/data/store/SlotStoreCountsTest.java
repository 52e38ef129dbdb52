package io.beacon.registry.data.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.common.model.RegisterVersion;
import io.beacon.registry.common.model.VersionClock;
import io.beacon.registry.common.protocol.PublisherPut;
import io.beacon.registry.common.protocol.PublisherRemoval;
import io.beacon.registry.common.protocol.PublisherWrite;
import io.beacon.registry.common.protocol.Status;
import io.beacon.registry.common.slot.SlotFunction;
import io.beacon.registry.testing.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The slot's running publisher and tombstone counts (kept by every write and compaction so that the
 * count endpoint does not walk every datum) always equal the counts walked from its groups.
 */
class SlotStoreCountsTest {

  private static final List<ProcessId> SESSIONS =
      List.of(new ProcessId("10.0.0.1", 1L, 11L, 1), new ProcessId("10.0.0.2", 2L, 22L, 2));
  private static final Duration RETENTION = Duration.ofSeconds(10);

  private final ManualClock clock = new ManualClock();
  private final DatumStore store =
      new DatumStore(new SlotFunction(1), new VersionClock(clock), clock, RETENTION);
  private final SlotStore slot = store.slot(0);

  @Test
  void theRunningCountsEqualTheWalkedCountsAfterEveryStep() {
    Random random = new Random(20261206L);
    long term = 1L;
    for (int step = 0; step < 5_000; step++) {
      int action = random.nextInt(100);
      if (action < 55) {
        write(term, put(random));
      } else if (action < 90) {
        write(term, removal(random));
      } else if (action < 96) {
        clock.advance(Duration.ofSeconds(random.nextInt(8)));
        store.tick(clock.instant());
      } else if (action < 98) {
        term++; // a newer leader epoch discards what this node wrote as leader of the older one
        write(term, put(random));
      } else {
        slot.drop();
      }
      assertThat(slot.counts()).as("step %d", step).isEqualTo(slot.countedByWalking());
    }
    assertThat(slot.counts().publishers()).isPositive();
  }

  private void write(long term, PublisherWrite write) {
    Status status = slot.write(() -> Status.OK, term, List.of(write), clock.millis()).status();
    assertThat(status).isEqualTo(Status.OK);
  }

  private static PublisherPut put(Random random) {
    return new PublisherPut(
        new Publisher(
            "data-" + random.nextInt(5),
            "r" + random.nextInt(20),
            List.of("v" + random.nextInt(3)),
            new RegisterVersion(random.nextInt(50), 1000L),
            "DEFAULT_ZONE",
            "app",
            "1.1.1.1:5_s:9600",
            SESSIONS.get(random.nextInt(SESSIONS.size()))));
  }

  private static PublisherRemoval removal(Random random) {
    return new PublisherRemoval(
        "data-" + random.nextInt(5),
        "r" + random.nextInt(20),
        new RegisterVersion(random.nextInt(50), 1000L),
        SESSIONS.get(random.nextInt(SESSIONS.size())));
  }
}
