package io.beacon.registry.session.leave;

import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.testing.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The pace and the bound of a drain, on a fake clock. */
class ConnectionDrainTest {

  private final ManualClock clock = new ManualClock();

  @Test
  void tenThousandClientsMoveFiftyPerStepAtTheDefaultRate() {
    FakeClients clients = new FakeClients(10_000);
    ConnectionDrain drain =
        new ConnectionDrain(clients, 500, Duration.ofSeconds(30), clock.instant());

    int steps = 0;
    int largestStep = 0;
    while (true) {
      int before = clients.handedOver.size();
      boolean done = drain.step(clock.instant());
      largestStep = Math.max(largestStep, clients.handedOver.size() - before);
      if (done) {
        break;
      }
      clients.deliverCloses();
      clock.advance(ConnectionDrain.STEP);
      steps++;
      assertThat(steps).isLessThan(1_000);
    }

    assertThat(clients.handedOver).hasSize(10_000).doesNotHaveDuplicates();
    assertThat(drain.handedOver()).isEqualTo(10_000);
    assertThat(drain.open()).isZero();
    // 20 s at 500 a second, 50 a step, never more.
    assertThat(steps).isEqualTo(199);
    assertThat(largestStep).isEqualTo(50);
    System.out.printf(
        "ConnectionDrainTest: 10000 connections handed over in %d steps (%d ms), at most %d"
            + " per step%n",
        steps + 1, steps * ConnectionDrain.STEP.toMillis(), largestStep);
  }

  @Test
  void whatIsStillOpenAtTheBoundIsHandedOverAtOnce() {
    FakeClients clients = new FakeClients(1_000);
    ConnectionDrain drain =
        new ConnectionDrain(clients, 10, Duration.ofSeconds(2), clock.instant());

    assertThat(drain.step(clock.instant())).isFalse();
    assertThat(clients.handedOver).hasSize(1);
    clock.advance(Duration.ofMillis(1_900));
    assertThat(drain.step(clock.instant())).isFalse();
    assertThat(clients.handedOver).hasSize(20);
    assertThat(drain.open()).isEqualTo(980);

    clock.advance(ConnectionDrain.STEP);
    assertThat(drain.step(clock.instant())).isTrue();

    assertThat(clients.handedOver).hasSize(1_000).doesNotHaveDuplicates();
    assertThat(drain.open()).isZero();
  }

  @Test
  void aConnectionWhoseCloseEventIsLateIsNotCountedTwice() {
    FakeClients clients = new FakeClients(30);
    ConnectionDrain drain =
        new ConnectionDrain(clients, 100, Duration.ofSeconds(10), clock.instant());

    drain.step(clock.instant());
    clock.advance(ConnectionDrain.STEP);
    drain.step(clock.instant()); // the first ten are still listed open

    assertThat(clients.handedOver).hasSize(20).doesNotHaveDuplicates();
    assertThat(drain.handedOver()).isEqualTo(20);
    assertThat(drain.open()).isEqualTo(10);
  }

  @Test
  void connectionsThatCloseByThemselvesAreNotWaitedFor() {
    FakeClients clients = new FakeClients(5);
    ConnectionDrain drain =
        new ConnectionDrain(clients, 1, Duration.ofSeconds(60), clock.instant());
    drain.step(clock.instant());

    clients.open.clear(); // every client went away on its own

    clock.advance(ConnectionDrain.STEP);
    assertThat(drain.step(clock.instant())).isTrue();
    assertThat(drain.handedOver()).isZero();
  }
}
