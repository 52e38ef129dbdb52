package io.beacon.registry.testing.process;

import static io.beacon.registry.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The watch kills its process when its input ends (the test JVM gone), and only then. */
class OrphanWatchTest {

  @Test
  void theWatchedProcessIsKilledWhenTheWatchInputEnds() throws Exception {
    Process server = new ProcessBuilder("sleep", "600").start();
    try {
      OrphanWatch watch = OrphanWatch.of(server);
      assertThat(server.isAlive()).isTrue();

      watch.endInput();

      await().atMost(Duration.ofSeconds(10)).until(() -> !server.isAlive());
      assertThat(server.waitFor()).isEqualTo(ServerProcess.SIGKILL_EXIT);
    } finally {
      server.destroyForcibly();
    }
  }

  @Test
  void aClosedWatchLeavesItsProcessAlone() throws Exception {
    Process server = new ProcessBuilder("sleep", "600").start();
    try {
      OrphanWatch watch = OrphanWatch.of(server);

      assertThat(watch.isWatching()).isTrue();

      watch.close();

      await().atMost(Duration.ofSeconds(10)).until(() -> !watch.isWatching());
      // Its sh died of the SIGTERM before reaching its kill: the process is never signalled.
      assertThat(server.waitFor(200, TimeUnit.MILLISECONDS)).isFalse();
    } finally {
      server.destroyForcibly();
    }
  }
}
