package io.beacon.registry.meta.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.meta.persistence.TestDatabases.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EpochRepositoryTest {

  @RegisterExtension static final DatabaseFixture databases = new DatabaseFixture();

  private final String cluster = TestDatabases.newClusterId();

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aNewClusterHasEpochZero(Kind kind) {
    assertThat(databases.database(kind).epochs().highest(cluster)).isZero();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void raiseToKeepsTheHighestEpochAndNeverLowersIt(Kind kind) {
    EpochRepository epochs = databases.database(kind).epochs();

    epochs.raiseTo(cluster, 100);
    epochs.raiseTo(cluster, 250);
    epochs.raiseTo(cluster, 249);
    epochs.raiseTo(cluster, 0);
    epochs.raiseTo(cluster, 250);

    assertThat(epochs.highest(cluster)).isEqualTo(250);
    assertThat(epochs.highest(TestDatabases.newClusterId())).isZero();
  }

  /**
   * Pins down the race where a concurrent first insert lands between our failed UPDATE and our
   * SELECT: a raise must not stop at a row that exists but holds a lower epoch.
   */
  @ParameterizedTest
  @EnumSource(Kind.class)
  void concurrentRaisesOnANewClusterKeepTheMaximum(Kind kind) throws Exception {
    EpochRepository epochs = databases.database(kind).epochs();
    ExecutorService executor = Executors.newFixedThreadPool(6);
    try {
      for (int attempt = 0; attempt < 10; attempt++) {
        String fresh = TestDatabases.newClusterId();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
          long epoch = i * 10L;
          futures.add(
              executor.submit(
                  () -> {
                    start.await();
                    epochs.raiseTo(fresh, epoch);
                    return null;
                  }));
        }
        start.countDown();
        for (Future<?> future : futures) {
          future.get();
        }
        assertThat(epochs.highest(fresh)).as("attempt %s", attempt).isEqualTo(60);
      }
    } finally {
      executor.shutdownNow();
    }
  }
}
