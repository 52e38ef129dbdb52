package io.beacon.registry.common.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class TasksTest {

  private final Logger logger = (Logger) LoggerFactory.getLogger(Tasks.class);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private final ScheduledExecutorService scheduler = Threads.scheduled("tasks-test", 1);

  @BeforeEach
  void captureLog() {
    logged.start();
    logger.addAppender(logged);
  }

  @AfterEach
  void stop() {
    logger.detachAppender(logged);
    scheduler.shutdownNow();
  }

  @Test
  void periodicTaskKeepsItsScheduleAfterThrowingAndTheFailureIsLogged() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch thirdRun = new CountDownLatch(1);
    Tasks.scheduleWithFixedDelay(
        scheduler,
        "flaky tick",
        Duration.ZERO,
        Duration.ofMillis(1),
        () -> {
          if (runs.incrementAndGet() == 3) {
            thirdRun.countDown();
          }
          throw new IllegalStateException("boom");
        });

    assertThat(thirdRun.await(10, TimeUnit.SECONDS)).isTrue();
    stopScheduler();
    assertThat(messages())
        .hasSizeGreaterThanOrEqualTo(3)
        .containsOnly("task failed task=flaky tick");
  }

  @Test
  void delayedTaskFailureIsLoggedWithWhatFailed() throws Exception {
    CountDownLatch ran = new CountDownLatch(1);
    Tasks.schedule(
        scheduler,
        "push retry",
        Duration.ZERO,
        () -> {
          ran.countDown();
          throw new IllegalStateException("boom");
        });
    assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
    stopScheduler();
    assertThat(messages()).containsExactly("task failed task=push retry");
  }

  @Test
  void shutDownSchedulerStillRejectsToTheCaller() {
    scheduler.shutdown();
    assertThatThrownBy(() -> Tasks.schedule(scheduler, "late", Duration.ZERO, () -> {}))
        .isInstanceOf(RejectedExecutionException.class);
  }

  @Test
  void callbackSeesValueOrFailureAndItsOwnFailureIsLogged() {
    List<Object> seen = new ArrayList<>();
    CompletableFuture<String> answer = new CompletableFuture<>();
    CompletableFuture<String> failed = new CompletableFuture<>();
    Tasks.whenComplete(answer, "answer", (value, error) -> seen.add(value));
    Tasks.whenComplete(failed, "failure", (value, error) -> seen.add(error.getMessage()));
    Tasks.whenComplete(
        answer,
        "throwing answer",
        (value, error) -> {
          throw new IllegalStateException("boom");
        });

    answer.complete("ok");
    failed.completeExceptionally(new IllegalStateException("refused"));

    assertThat(seen).containsExactly("ok", "refused");
    assertThat(messages()).containsExactly("callback failed callback=throwing answer");
  }

  @Test
  void workHandedToAClosedExecutorIsNotReportedAsAFailure() throws Exception {
    CompletableFuture<String> answer = new CompletableFuture<>();
    Tasks.whenComplete(
        answer,
        "late answer",
        (value, error) -> {
          throw new RejectedExecutionException("closed");
        });
    CountDownLatch ran = new CountDownLatch(1);
    Tasks.schedule(
        scheduler,
        "late retry",
        Duration.ZERO,
        () -> {
          ran.countDown();
          throw new RejectedExecutionException("closed");
        });
    answer.complete("ok");
    assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
    stopScheduler();

    assertThat(messages()).isEmpty();
  }

  @Test
  void callbackOnACompletedStageRunsAtOnce() {
    List<String> seen = new ArrayList<>();
    Tasks.whenComplete(
        CompletableFuture.completedFuture("done"), "done", (value, error) -> seen.add(value));
    assertThat(seen).containsExactly("done");
  }

  /** Lets the task that is running finish, so that everything it logged is seen here. */
  private void stopScheduler() throws InterruptedException {
    scheduler.shutdown();
    assertThat(scheduler.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  private List<String> messages() {
    return logged.list.stream()
        .filter(event -> event.getLevel() == Level.WARN)
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }
}
