package io.beacon.registry.common.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LifecycleTest {

  private final List<String> events = new ArrayList<>();
  private final Lifecycle lifecycle = new Lifecycle("test");

  private Startable part(String name) {
    return new Startable() {
      @Override
      public void start() {
        events.add("start " + name);
      }

      @Override
      public void close() {
        events.add("close " + name);
      }
    };
  }

  @Test
  void partsStartInOrderAndCloseInReverseThenTheExecutorsThenTheResources() {
    ThreadPoolExecutor executor = lifecycle.bounded("test-pool", 1, 10);
    lifecycle.resource(
        "database", () -> events.add("close database, pool down " + executor.isShutdown()));
    lifecycle.part("a", part("a")).part("b", part("b")).closing("c", () -> events.add("close c"));

    lifecycle.start();
    assertThat(lifecycle.isRunning()).isTrue();
    lifecycle.close();

    assertThat(events)
        .containsExactly(
            "start a",
            "start b",
            "close c",
            "close b",
            "close a",
            "close database, pool down true");
    assertThat(lifecycle.isRunning()).isFalse();
  }

  @Test
  void aPartThatFailsToStartClosesThoseStartedBeforeItAndTheErrorReachesTheCaller() {
    lifecycle
        .part("a", part("a"))
        .part(
            "b",
            () -> {
              throw new IllegalStateException("port taken");
            },
            () -> events.add("close b"))
        .part("c", part("c"));

    assertThatThrownBy(lifecycle::start).hasMessage("port taken");
    assertThat(events).containsExactly("start a", "close a");
    assertThat(lifecycle.isClosed()).isTrue();
  }

  @Test
  void closeIsIdempotentAClosedLifecycleCannotStartAndAFailingCloseDoesNotStopTheOthers() {
    lifecycle
        .part("a", part("a"))
        .closing(
            "b",
            () -> {
              throw new IllegalStateException("boom");
            });
    lifecycle.start();

    lifecycle.close();
    lifecycle.close();

    assertThat(events).containsExactly("start a", "close a");
    assertThatThrownBy(lifecycle::start).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aPeriodicTaskRunsWhileRunningSurvivesItsOwnFailuresAndStopsAtClose() throws Exception {
    ScheduledExecutorService scheduler = lifecycle.scheduled("test-scheduler", 1);
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch threeRuns = new CountDownLatch(3);
    lifecycle.every(
        "flaky",
        scheduler,
        Duration.ZERO,
        Duration.ofMillis(1),
        () -> {
          runs.incrementAndGet();
          threeRuns.countDown();
          throw new IllegalStateException("every run fails");
        });

    lifecycle.start();
    assertThat(threeRuns.await(10, TimeUnit.SECONDS)).isTrue();
    lifecycle.close();
    int afterClose = runs.get();

    assertThat(scheduler.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    assertThat(runs.get()).isEqualTo(afterClose);
  }

  @Test
  void aCallbacksPoolRunsWhatItCannotQueueOnTheCaller() {
    ThreadPoolExecutor callbacks = lifecycle.callbacks("test-callbacks", 1, 1);

    assertThat(callbacks.getRejectedExecutionHandler())
        .isInstanceOf(ThreadPoolExecutor.CallerRunsPolicy.class);
    lifecycle.close();
    assertThat(callbacks.isShutdown()).isTrue();
  }
}
