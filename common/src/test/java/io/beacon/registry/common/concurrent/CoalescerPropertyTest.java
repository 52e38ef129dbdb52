package io.beacon.registry.common.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.common.concurrent.CoalescerFixtures.ControlledSender;
import io.beacon.registry.common.concurrent.CoalescerFixtures.Fifo;
import io.beacon.registry.common.concurrent.CoalescerFixtures.Latest;
import io.beacon.registry.common.concurrent.CoalescerFixtures.ManualTimer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Random interleavings of offers, answers, timers, early retries and releases, checked after every
 * step: one request in flight per key, per-key order kept, newest value wins, nothing offered is
 * lost, retries bounded, nothing sent after close. Seeded: a failure names its seed.
 */
class CoalescerPropertyTest {

  private static final List<String> KEYS = List.of("a", "b", "c");
  private static final int SEEDS = 300;
  private static final int STEPS = 400;

  @Test
  void fifoBatchesDeliverEveryOfferedItemOnceInOrderWhenRetriedForEver() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      runFifo(seed, 0);
    }
  }

  @Test
  void withBoundedRetriesEveryItemIsDeliveredOrGivenUpAndOrderIsKept() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      runFifo(seed, 3);
    }
  }

  @Test
  void theNewestValueWinsAndTheLastOneIsAlwaysDelivered() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      Random random = new Random(seed);
      ManualTimer timer = new ManualTimer();
      ControlledSender<Integer> sender = new ControlledSender<>();
      Coalescer<String, Integer, Integer, Latest> coalescer =
          new Coalescer<>(
              key -> new Latest(false), sender, attempt -> Duration.ofMillis(10), 0, timer);
      Map<String, Integer> last = new HashMap<>();
      for (int step = 0; step < STEPS; step++) {
        String key = KEYS.get(random.nextInt(KEYS.size()));
        if (random.nextInt(3) == 0) {
          int value = last.merge(key, 1, Integer::sum);
          coalescer.offer(key, value);
        } else {
          randomStep(random, coalescer, sender, timer, key);
        }
        assertOneInFlightPerKey(sender, seed);
      }
      settle(sender, timer);
      for (String key : last.keySet()) {
        List<Integer> sent = sender.sentTo(key);
        assertThat(sent).as("seed %d key %s", seed, key).last().isEqualTo(last.get(key));
        assertThat(delivered(sender, key)).as("seed %d key %s", seed, key).isSorted();
      }
    }
  }

  @Test
  void nothingIsSentAfterCloseWhateverHappensNext() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      Random random = new Random(seed);
      ManualTimer timer = new ManualTimer();
      ControlledSender<List<Integer>> sender = new ControlledSender<>();
      Coalescer<String, Integer, List<Integer>, Fifo<Integer>> coalescer =
          new Coalescer<>(
              key -> new Fifo<>(2, true), sender, attempt -> Duration.ofMillis(10), 0, timer);
      int value = 0;
      for (int step = 0; step < STEPS / 2; step++) {
        String key = KEYS.get(random.nextInt(KEYS.size()));
        coalescer.offer(key, ++value);
        randomStep(random, coalescer, sender, timer, key);
      }
      coalescer.close();
      int sentAtClose = sender.sent.size();
      for (int step = 0; step < STEPS / 2; step++) {
        String key = KEYS.get(random.nextInt(KEYS.size()));
        coalescer.offer(key, ++value);
        randomStep(random, coalescer, sender, timer, key);
      }
      settle(sender, timer);
      assertThat(sender.sent).as("seed %d", seed).hasSize(sentAtClose);
    }
  }

  /**
   * Real threads: writers offer increasing values to a few keys while answers complete on another
   * pool with random failures and retries run on a scheduler. Pins down the races between an offer,
   * an answer that retires an idle lane, and a retry.
   */
  @Test
  void underConcurrencyEveryKeyEndsWithItsLastValueAndNeverHasTwoRequestsInFlight()
      throws Exception {
    int writers = 4;
    int perWriter = 2_000;
    ExecutorService answers = Threads.bounded("answers", 2, 100_000);
    ScheduledExecutorService retries = Threads.scheduled("retries", 1);
    Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    Map<String, Integer> delivered = new ConcurrentHashMap<>();
    AtomicInteger overlaps = new AtomicInteger();
    AtomicInteger regressions = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(writers);
    CountDownLatch allDelivered = new CountDownLatch(2);
    Set<String> finished = ConcurrentHashMap.newKeySet();
    Coalescer.Sender<String, Integer> sender =
        (key, value) -> {
          if (inFlight.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet() > 1) {
            overlaps.incrementAndGet();
          }
          return CompletableFuture.runAsync(
              () -> {
                inFlight.get(key).decrementAndGet();
                if (ThreadLocalRandom.current().nextInt(5) == 0) {
                  throw new IllegalStateException("refused");
                }
                Integer before = delivered.put(key, value);
                if (before != null && before > value) {
                  regressions.incrementAndGet();
                }
                if (value == 2 * perWriter && finished.add(key)) {
                  allDelivered.countDown();
                }
              },
              answers);
        };
    Coalescer<String, Integer, Integer, Latest> coalescer =
        new Coalescer<>(
            key -> new Latest(true),
            sender,
            attempt -> Duration.ofMillis(1),
            0,
            RetryTimer.on(retries));
    ExecutorService writerPool = Threads.bounded("writers", writers, writers);
    try {
      for (int w = 0; w < writers; w++) {
        String key = "key-" + (w % 2);
        int base = w / 2 * perWriter;
        writerPool.execute(
            () -> {
              for (int i = 1; i <= perWriter; i++) {
                coalescer.offer(key, base + i);
              }
              done.countDown();
            });
      }
      assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(allDelivered.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(delivered)
          .containsEntry("key-0", 2 * perWriter)
          .containsEntry("key-1", 2 * perWriter);
      assertThat(overlaps.get()).isZero();
      assertThat(regressions.get()).isZero();
    } finally {
      coalescer.close();
      Threads.shutdown(writerPool, Duration.ofSeconds(5));
      Threads.shutdown(answers, Duration.ofSeconds(5));
      Threads.shutdown(retries, Duration.ofSeconds(5));
    }
  }

  private static void runFifo(long seed, int maxAttempts) {
    Random random = new Random(seed);
    ManualTimer timer = new ManualTimer();
    ControlledSender<List<Integer>> sender = new ControlledSender<>();
    List<List<Integer>> givenUp = new ArrayList<>();
    Coalescer.Sender<String, List<Integer>> recording =
        new Coalescer.Sender<>() {
          @Override
          public CompletionStage<?> send(String key, List<Integer> batch) {
            return sender.send(key, batch);
          }

          @Override
          public void onGiveUp(String key, List<Integer> batch, int attempts, Throwable error) {
            assertThat(attempts).as("seed %d", seed).isEqualTo(maxAttempts);
            givenUp.add(batch);
          }
        };
    Coalescer<String, Integer, List<Integer>, Fifo<Integer>> coalescer =
        new Coalescer<>(
            key -> new Fifo<>(1 + random.nextInt(3), random.nextBoolean()),
            recording,
            attempt -> Duration.ofMillis(10L * attempt),
            maxAttempts,
            timer);
    Map<String, List<Integer>> offered = new HashMap<>();
    int value = 0;
    for (int step = 0; step < STEPS; step++) {
      String key = KEYS.get(random.nextInt(KEYS.size()));
      if (random.nextInt(3) == 0) {
        coalescer.offer(key, ++value);
        offered.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
      } else {
        randomStep(random, coalescer, sender, timer, key);
      }
      assertOneInFlightPerKey(sender, seed);
    }
    settle(sender, timer);
    for (Map.Entry<String, List<Integer>> entry : offered.entrySet()) {
      String key = entry.getKey();
      List<Integer> deliveredItems = new ArrayList<>();
      delivered(sender, key).forEach(deliveredItems::addAll);
      List<Integer> dropped = new ArrayList<>();
      givenUp.stream()
          .flatMap(List::stream)
          .filter(entry.getValue()::contains)
          .forEach(dropped::add);
      if (maxAttempts == 0) {
        assertThat(deliveredItems).as("seed %d key %s", seed, key).isEqualTo(entry.getValue());
      } else {
        assertThat(deliveredItems).as("seed %d key %s", seed, key).isSorted();
        List<Integer> all = new ArrayList<>(deliveredItems);
        all.addAll(dropped);
        assertThat(all)
            .as("seed %d key %s", seed, key)
            .containsExactlyInAnyOrderElementsOf(entry.getValue());
      }
    }
  }

  /** One random thing other than an offer: an answer, time passing, an early retry, a release. */
  private static <B> void randomStep(
      Random random,
      Coalescer<String, Integer, B, ?> coalescer,
      ControlledSender<B> sender,
      ManualTimer timer,
      String key) {
    switch (random.nextInt(5)) {
      case 0, 1 -> {
        if (sender.inFlightCount(key) > 0) {
          sender.answer(key, random.nextInt(3) != 0);
        }
      }
      case 2 -> timer.advance(Duration.ofMillis(random.nextInt(30)));
      case 3 -> {
        if (random.nextInt(4) == 0) {
          coalescer.retryNow();
        }
      }
      default -> coalescer.release(key);
    }
  }

  /** Answers everything with success and runs every timer until nothing moves. */
  private static <B> void settle(ControlledSender<B> sender, ManualTimer timer) {
    boolean moved = true;
    while (moved) {
      moved = false;
      for (String key : KEYS) {
        while (sender.inFlightCount(key) > 0) {
          sender.answer(key, true);
          moved = true;
        }
      }
      if (timer.scheduled() > 0) {
        timer.runAll();
        moved = true;
      }
    }
  }

  private static <B> void assertOneInFlightPerKey(ControlledSender<B> sender, long seed) {
    for (String key : KEYS) {
      assertThat(sender.inFlightCount(key)).as("seed %d key %s", seed, key).isLessThanOrEqualTo(1);
    }
  }

  /** The batches sent to {@code key} whose answer was a success, in send order. */
  private static <B> List<B> delivered(ControlledSender<B> sender, String key) {
    return sender.sent.stream()
        .filter(s -> s.key().equals(key))
        .filter(s -> s.answer().isDone() && !s.answer().isCompletedExceptionally())
        .map(ControlledSender.Sent::batch)
        .toList();
  }
}
