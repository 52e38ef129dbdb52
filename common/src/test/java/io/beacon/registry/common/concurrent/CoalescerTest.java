package io.beacon.registry.common.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.common.concurrent.CoalescerFixtures.ControlledSender;
import io.beacon.registry.common.concurrent.CoalescerFixtures.Fifo;
import io.beacon.registry.common.concurrent.CoalescerFixtures.ManualTimer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoalescerTest {

  private final ManualTimer timer = new ManualTimer();
  private final ControlledSender<List<Integer>> sender = new ControlledSender<>();

  private Coalescer<String, Integer, List<Integer>, Fifo<Integer>> coalescer(
      int maxAttempts, boolean disposable) {
    return new Coalescer<>(
        key -> new Fifo<>(3, disposable),
        sender,
        attempt -> Duration.ofMillis(100L * attempt),
        maxAttempts,
        timer);
  }

  @Test
  void anOfferToAnIdleKeyIsSentAtOnceOnTheOfferingThread() {
    Coalescer<String, Integer, List<Integer>, Fifo<Integer>> coalescer = coalescer(0, false);

    coalescer.offer("a", 1);

    assertThat(sender.sentTo("a")).containsExactly(List.of(1));
    assertThat(timer.scheduled()).isZero();
  }

  @Test
  void offersWhileARequestIsInFlightGoTogetherInTheNextOne() {
    Coalescer<String, Integer, List<Integer>, Fifo<Integer>> coalescer = coalescer(0, false);
    coalescer.offer("a", 1);
    coalescer.offer("a", 2);
    coalescer.offer("a", 3);
    coalescer.offer("a", 4);
    coalescer.offer("a", 5);
    assertThat(sender.inFlightCount("a")).isEqualTo(1);

    sender.answer("a", true);
    sender.answer("a", true);

    assertThat(sender.sentTo("a")).containsExactly(List.of(1), List.of(2, 3, 4), List.of(5));
  }

  @Test
  void keysDoNotWaitForEachOther() {
    Coalescer<String, Integer, List<Integer>, Fifo<Integer>> coalescer = coalescer(0, false);
    coalescer.offer("a", 1);
    coalescer.offer("b", 1);
    coalescer.offer("a", 2);

    assertThat(sender.inFlightCount("a")).isEqualTo(1);
    assertThat(sender.inFlightCount("b")).isEqualTo(1);
    assertThat(coalescer.sum(pending -> pending.waiting.size())).isEqualTo(1);
  }

  @Test
  void aFailedRequestIsRetriedAfterAGrowingBackoffWithWhatArrivedMeanwhile() {
    Coalescer<String, Integer, List<Integer>, Fifo<Integer>> coalescer = coalescer(0, false);
    coalescer.offer("a", 1);
    sender.answer("a", false);
    coalescer.offer("a", 2);
    assertThat(sender.inFlightCount("a")).isZero();

    timer.advance(Duration.ofMillis(99));
    assertThat(sender.sent).hasSize(1);
    timer.advance(Duration.ofMillis(1));
    assertThat(sender.sentTo("a")).containsExactly(List.of(1), List.of(1, 2));

    sender.answer("a", false);
    timer.advance(Duration.ofMillis(200));
    sender.answer("a", true);

    assertThat(timer.delays).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    assertThat(sender.events)
        .containsExactly("retry a #1 in 100ms", "retry a #2 in 200ms", "recovered a after 2");
  }

  @Test
  void retryNowSendsEveryBackingOffKeyAtOnceAndItsOldTimerChangesNothing() {
    Coalescer<String, Integer, List<Integer>, Fifo<Integer>> coalescer = coalescer(0, false);
    coalescer.offer("a", 1);
    coalescer.offer("b", 1);
    sender.answer("a", false);

    coalescer.retryNow();

    assertThat(sender.sentTo("a")).hasSize(2);
    assertThat(sender.sentTo("b")).hasSize(1);
    sender.answer("a", false); // backs off again, under a new id
    timer.advance(Duration.ofMillis(100)); // the first backoff's timer: no send
    assertThat(sender.sentTo("a")).hasSize(2);
    timer.advance(Duration.ofMillis(100));
    assertThat(sender.sentTo("a")).hasSize(3);
  }

  @Test
  void aBatchIsGivenUpAfterMaxAttemptsAndTheNextOneGoesAtOnce() {
    Coalescer<String, Integer, List<Integer>, Fifo<Integer>> coalescer = coalescer(2, false);
    coalescer.offer("a", 1);
    sender.answer("a", false);
    timer.runAll();
    coalescer.offer("a", 2);

    sender.answer("a", false);

    assertThat(sender.events).containsExactly("retry a #1 in 100ms", "gave up a [1] after 2");
    assertThat(timer.scheduled()).isZero();
    assertThat(sender.sentTo("a")).containsExactly(List.of(1), List.of(1), List.of(2));
    sender.answer("a", false); // a new batch: its failures count from 1 again
    assertThat(sender.events).last().isEqualTo("retry a #1 in 100ms");
  }

  @Test
  void aSenderThatThrowsFailsTheSendLikeAFailedAnswer() {
    Coalescer<String, Integer, List<Integer>, Fifo<Integer>> coalescer = coalescer(0, false);
    sender.throwOnSend = new IllegalStateException("no connection");

    coalescer.offer("a", 1);

    assertThat(sender.events).containsExactly("retry a #1 in 100ms");
    sender.throwOnSend = null;
    timer.runAll();
    assertThat(sender.sentTo("a")).containsExactly(List.of(1));
  }

  @Test
  void anIdleDisposableKeyIsForgottenAndALaterOfferStartsItAgain() {
    Coalescer<String, Integer, List<Integer>, Fifo<Integer>> coalescer = coalescer(0, true);
    coalescer.offer("a", 1);
    assertThat(coalescer.keys()).containsExactly("a");

    sender.answer("a", true);

    assertThat(coalescer.keys()).isEmpty();
    coalescer.offer("a", 2);
    assertThat(sender.sentTo("a")).containsExactly(List.of(1), List.of(2));
  }

  @Test
  void aKeyThatIsNotDisposableStaysAndOfferToAllReachesOnlyOpenKeys() {
    Coalescer<String, Integer, List<Integer>, Fifo<Integer>> coalescer = coalescer(0, false);
    coalescer.open("a");
    coalescer.open("b");

    coalescer.offerToAll(7);

    assertThat(sender.sentTo("a")).containsExactly(List.of(7));
    assertThat(sender.sentTo("b")).containsExactly(List.of(7));
    assertThat(coalescer.keys()).containsExactlyInAnyOrder("a", "b");
  }

  @Test
  void aRemovedKeyIgnoresItsAnswerAndDropsWhatWaited() {
    Coalescer<String, Integer, List<Integer>, Fifo<Integer>> coalescer = coalescer(0, false);
    coalescer.offer("a", 1);
    coalescer.offer("a", 2);

    coalescer.remove("a");
    sender.answer("a", false);

    assertThat(timer.scheduled()).isZero();
    assertThat(sender.sent).hasSize(1);
    assertThat(coalescer.keys()).isEmpty();
  }

  @Test
  void nothingIsSentOrRetriedAfterClose() {
    Coalescer<String, Integer, List<Integer>, Fifo<Integer>> coalescer = coalescer(0, false);
    coalescer.offer("a", 1);
    coalescer.offer("b", 1);
    sender.answer("b", false);
    coalescer.offer("a", 2);

    coalescer.close();
    sender.answer("a", true);
    timer.runAll();
    coalescer.offer("a", 3);
    coalescer.offer("c", 1);
    coalescer.open("d");
    coalescer.offerToAll(4);
    coalescer.retryNow();

    assertThat(sender.sent).hasSize(2);
    assertThat(coalescer.size()).isZero();
  }

  @Test
  void aRetryTheTimerRefusesIsDroppedQuietly() {
    Coalescer<String, Integer, List<Integer>, Fifo<Integer>> coalescer = coalescer(0, false);
    timer.shutDown = true;
    coalescer.offer("a", 1);

    sender.answer("a", false);

    assertThat(sender.sent).hasSize(1);
    assertThat(coalescer.keys()).containsExactly("a");
  }
}
