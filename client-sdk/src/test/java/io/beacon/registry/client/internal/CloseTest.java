package io.beacon.registry.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.beacon.registry.client.ConfigWatch;
import io.beacon.registry.client.Publication;
import io.beacon.registry.client.Scope;
import io.beacon.registry.client.Subscription;
import io.beacon.registry.testing.Awaits;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** {@code close()}: what becomes of pending work, of calls racing with it, and of its caller. */
class CloseTest {

  @Test
  void closeFailsPendingFuturesAndLaterCallsAndConnectsNoMore() {
    ClientHarness h = ClientHarness.connected();
    Publication pending = h.client.publish("svc", null, "a");
    h.settle();

    h.close();

    assertThatThrownBy(() -> pending.acknowledged().join())
        .cause()
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("client closed");
    assertThatThrownBy(() -> h.client.publish("svc", null, "a"))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> pending.republish("b").join())
        .cause()
        .isInstanceOf(IllegalStateException.class);
    assertThat(h.transport.attempts()).hasSize(1);
  }

  /**
   * close() from a thread other than the worker, while the transport reports the connection's close
   * on that same thread: the close event's hop meets a shut-down worker and is dropped, and every
   * pending future still fails.
   */
  @Test
  void closingFromAnotherThreadFailsEveryPendingFuture() throws Exception {
    ClientHarness h = ClientHarness.connected();
    Publication publication = h.client.publish("p", null, "v1");
    h.settle(); // sent, never answered
    CompletableFuture<Void> ack = publication.acknowledged();

    Thread closer = new Thread(h.client::close, "user-thread");
    closer.start();
    closer.join();

    assertThat(ack).as("pending ack after close()").isCompletedExceptionally();
  }

  /**
   * Race: a user thread passes publish()'s open check (and a handle's call is made) just before
   * another thread closes the client; its task reaches the worker after the loop has closed but
   * before the worker stops taking tasks, so it runs on a closed loop. It used to register into the
   * emptied table, leaving the future pending forever, and an unpublish landing there completed
   * successfully. Simulated deterministically: the worker receives the tasks the moment close()
   * shuts it down.
   */
  @Test
  void registrationsAndChangesRacingCloseFailTheirFuturesInsteadOfHanging() {
    ClientHarness h = ClientHarness.connected();
    Publication acked = h.client.publish("acked", null, "v1");
    h.settle();
    h.ackAll();
    PublisherRegistration late = new PublisherRegistration("late", "DEFAULT_GROUP", List.of(), 99);
    CompletableFuture<Void> lateAck = new CompletableFuture<>();
    late.awaitAck(lateAck);
    CompletableFuture<Void> unpublished = new CompletableFuture<>();
    CompletableFuture<Void> republished = new CompletableFuture<>();
    PublisherRegistration ackedRegistration = new PublisherRegistration("x", "G", List.of(), 100);
    h.worker.beforeShutdown(
        () -> {
          // What publish(), unpublish() and republish() do after their checks, exactly.
          h.client.onWorker(lateAck, loop -> loop.add(late));
          h.client.onWorker(unpublished, loop -> loop.unregister(ackedRegistration, unpublished));
          h.client.onWorker(
              republished, loop -> loop.republish(ackedRegistration, List.of("b"), republished));
        });

    h.client.close(); // on the worker thread (the test thread): loop.close(), then shutdown()
    h.settle(); // a real executor runs what was queued before its shutdown

    for (CompletableFuture<Void> future : List.of(lateAck, unpublished, republished)) {
      assertThat(future).as("future of a call that raced close()").isCompletedExceptionally();
      assertThatThrownBy(future::join)
          .as("future of a call that raced close()")
          .cause()
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("client closed");
    }
    assertThat(acked.unpublish()).isCompletedExceptionally();
  }

  @Test
  void subscriptionsAndWatchesFailLikePublicationsOnceClosed() {
    ClientHarness h = ClientHarness.connected();
    Subscription subscription = h.client.subscribe("s", null, Scope.ZONE, s -> {});
    ConfigWatch watch = h.client.watchConfig("c", c -> {});
    h.settle();

    h.close();

    assertThat(subscription.acknowledged()).isCompletedExceptionally();
    assertThat(watch.acknowledged()).isCompletedExceptionally();
    assertThat(subscription.unsubscribe()).isCompletedExceptionally();
    assertThat(watch.cancel()).isCompletedExceptionally();
    assertThatThrownBy(() -> h.client.subscribe("s", null, Scope.ZONE, s -> {}))
        .isInstanceOf(IllegalStateException.class);
  }

  /**
   * Race: close() called by a listener running on the client's own listener pool waited for that
   * pool to terminate, that is for its own thread: it stalled for the whole 1 s shutdown timeout,
   * then shutdownNow() interrupted the listener itself.
   */
  @Test
  void closeFromAListenerOnTheOwnedPoolNeitherStallsNorInterruptsIt() {
    ClientHarness h = ClientHarness.options().ownedListenerPool().start();
    AtomicLong closeNanos = new AtomicLong(-1);
    AtomicBoolean interrupted = new AtomicBoolean();
    AtomicBoolean done = new AtomicBoolean();
    CountDownLatch settled = new CountDownLatch(1);
    Subscription subscription =
        h.client.subscribe(
            "svc",
            null,
            Scope.ZONE,
            snapshot -> {
              // The manual worker is not thread-safe: let the test thread finish with it first.
              awaitUninterruptibly(settled);
              long start = System.nanoTime();
              h.client.close();
              closeNanos.set(System.nanoTime() - start);
              interrupted.set(Thread.currentThread().isInterrupted());
              done.set(true);
            });
    h.settle();

    h.push(subscription.registId(), 1, "DefaultDataCenter", "Z", "a");
    settled.countDown();

    Awaits.await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(5))
        .untilTrue(done);
    assertThat(interrupted).as("listener thread interrupted by close()").isFalse();
    assertThat(Duration.ofNanos(closeNanos.get())).isLessThan(Duration.ofMillis(900));
    assertThat(h.worker.isShutdown()).isTrue();
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new AssertionError("test thread did not settle");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
