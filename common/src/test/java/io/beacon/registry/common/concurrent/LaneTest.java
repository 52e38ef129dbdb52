package io.beacon.registry.common.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.beacon.registry.common.concurrent.CoalescerFixtures.Fifo;
import java.util.List;
import org.junit.jupiter.api.Test;

class LaneTest {

  private final Fifo<String> pending = new Fifo<>(2, false);
  private final Lane<String, List<String>> lane = new Lane<>(pending, 3);

  @Test
  void anOfferToAnIdleLaneIsReadyAndTakingItPutsItInFlight() {
    assertThat(lane.isReady()).isFalse();
    assertThat(lane.offer("a")).isTrue();
    assertThat(lane.take()).containsExactly("a");
    assertThat(lane.isReady()).isFalse();
    assertThat(lane.isIdle()).isFalse();
    assertThatThrownBy(lane::take).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void itemsOfferedWhileABatchIsInFlightGoInTheNextBatch() {
    lane.offer("a");
    lane.take();
    assertThat(lane.offer("b")).isFalse();
    assertThat(lane.offer("c")).isFalse();
    assertThat(lane.offer("d")).isFalse();

    assertThat(lane.succeeded()).isZero();
    assertThat(pending.delivered).containsExactly(List.of("a"));
    assertThat(lane.isReady()).isTrue();
    assertThat(lane.take()).containsExactly("b", "c");
  }

  @Test
  void aFailedBatchGoesBackInFrontOfWhatArrivedMeanwhileAndTheLaneBacksOff() {
    lane.offer("a");
    lane.take();
    lane.offer("b");

    Lane.Failure<List<String>> failure = lane.failed(true);

    assertThat(failure.attempt()).isEqualTo(1);
    assertThat(failure.isGivenUp()).isFalse();
    assertThat(failure.backsOff()).isTrue();
    assertThat(lane.isReady()).isFalse();
    assertThat(lane.endBackoff(failure.backoffId())).isTrue();
    assertThat(lane.take()).containsExactly("a", "b");
  }

  @Test
  void aBackoffEndsOnlyWithItsOwnIdSoALateTimerOfAnEarlierOneChangesNothing() {
    lane.offer("a");
    lane.take();
    long first = lane.failed(true).backoffId();
    assertThat(lane.retryNow()).isTrue();
    lane.take();
    long second = lane.failed(true).backoffId();

    assertThat(second).isNotEqualTo(first);
    assertThat(lane.endBackoff(first)).isFalse();
    assertThat(lane.isReady()).isFalse();
    assertThat(lane.endBackoff(second)).isTrue();
    assertThat(lane.retryNow()).isFalse();
  }

  @Test
  void aBatchIsGivenUpAfterMaxAttemptsAndWhatWaitsBehindItGoesAtOnce() {
    lane.offer("a");
    for (int attempt = 1; attempt < 3; attempt++) {
      lane.take();
      Lane.Failure<List<String>> failure = lane.failed(true);
      assertThat(failure.attempt()).isEqualTo(attempt);
      lane.endBackoff(failure.backoffId());
    }
    lane.take();
    lane.offer("b");

    Lane.Failure<List<String>> last = lane.failed(true);

    assertThat(last.attempt()).isEqualTo(3);
    assertThat(last.givenUp()).containsExactly("a");
    assertThat(last.backsOff()).isFalse();
    assertThat(lane.failures()).isZero();
    assertThat(lane.take()).containsExactly("b");
  }

  @Test
  void aFailureThatIsNotRetryableGivesTheBatchUpAtOnce() {
    lane.offer("a");
    lane.take();

    Lane.Failure<List<String>> failure = lane.failed(false);

    assertThat(failure.givenUp()).containsExactly("a");
    assertThat(lane.isIdle()).isTrue();
    assertThat(lane.isReady()).isFalse();
  }

  @Test
  void aSuccessAfterFailuresReportsHowManyItEnded() {
    lane.offer("a");
    lane.take();
    lane.endBackoff(lane.failed(true).backoffId());
    lane.take();
    lane.endBackoff(lane.failed(true).backoffId());
    lane.take();

    assertThat(lane.succeeded()).isEqualTo(2);
    assertThat(lane.failures()).isZero();
  }

  @Test
  void aFailedBatchNobodyWantsAnyMoreNeitherBacksOffNorCountsAgainstTheNext() {
    pending.wanted = false;
    lane.offer("a");
    lane.take();

    Lane.Failure<List<String>> failure = lane.failed(true);

    assertThat(failure.isGivenUp()).isFalse();
    assertThat(failure.backsOff()).isFalse();
    assertThat(lane.isIdle()).isTrue();
    assertThat(lane.failures()).isZero();
  }

  @Test
  void aClosedLaneHandsOutNothingAndIgnoresOutcomes() {
    lane.offer("a");
    lane.take();
    lane.close();

    assertThat(lane.succeeded()).isZero();
    assertThat(lane.failed(true).attempt()).isZero();
    assertThat(lane.offer("b")).isFalse();
    assertThat(lane.isReady()).isFalse();
    assertThat(pending.delivered).isEmpty();
  }
}
