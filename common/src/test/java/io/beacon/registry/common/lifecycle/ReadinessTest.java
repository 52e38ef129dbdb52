package io.beacon.registry.common.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ReadinessTest {

  private final AtomicReference<String> reason = new AtomicReference<>("not started");
  private final Readiness readiness = new Readiness(reason::get);

  @Test
  void aWaitEndsWhenARecheckFindsTheServerReady() throws Exception {
    CompletableFuture<Boolean> waiting =
        CompletableFuture.supplyAsync(() -> readiness.await(Duration.ofSeconds(30)));
    readiness.recheck();
    assertThat(waiting).isNotDone();

    reason.set(null);
    readiness.recheck();

    assertThat(waiting.get(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aWaitThatTimesOutAnswersFalseAndTheReasonIsTheCurrentOne() {
    assertThat(readiness.await(Duration.ofMillis(10))).isFalse();
    assertThat(readiness.notReadyReason()).isEqualTo("not started");

    reason.set("no meta");
    assertThat(readiness.notReadyReason()).isEqualTo("no meta");
    assertThat(readiness.isReady()).isFalse();
  }

  @Test
  void aServerReadyOnceThatIsNotReadyNowIsReportedAsNotReady() {
    reason.set(null);
    assertThat(readiness.await(Duration.ofMillis(10))).isTrue();

    reason.set("leader lost");

    assertThat(readiness.await(Duration.ofMillis(10))).isFalse();
  }
}
