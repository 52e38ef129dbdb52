package io.beacon.registry.session.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.common.retry.Backoff;
import io.beacon.registry.session.push.PushBreaker.State;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PushBreakerTest {

  private final PushBreaker breaker =
      new PushBreaker(3, new Backoff(Duration.ofMillis(100), Duration.ofMillis(400)));

  @Test
  void itOpensAfterThresholdConsecutiveFailuresOnly() {
    assertThat(breaker.onFailure()).isNull();
    assertThat(breaker.onFailure()).isNull();
    assertThat(breaker.allowsSend()).isTrue();

    Duration cooldown = breaker.onFailure();

    assertThat(cooldown).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
    assertThat(breaker.state()).isEqualTo(State.OPEN);
    assertThat(breaker.allowsSend()).isFalse();
  }

  @Test
  void aSuccessInBetweenResetsTheCount() {
    breaker.onFailure();
    breaker.onFailure();
    breaker.onSuccess();
    breaker.onFailure();

    assertThat(breaker.onFailure()).isNull();
    assertThat(breaker.state()).isEqualTo(State.CLOSED);
  }

  @Test
  void failuresWhileOpenDoNotStartAnotherCooldown() {
    openIt();

    assertThat(breaker.onFailure()).isNull();
    assertThat(breaker.state()).isEqualTo(State.OPEN);
  }

  @Test
  void halfOpenAllowsOneProbeWhoseSuccessClosesTheBreaker() {
    openIt();

    assertThat(breaker.halfOpen()).isTrue();
    assertThat(breaker.allowsSend()).isTrue();
    breaker.onSent();
    assertThat(breaker.allowsSend()).isFalse();
    breaker.onSuccess();

    assertThat(breaker.state()).isEqualTo(State.CLOSED);
    assertThat(breaker.allowsSend()).isTrue();
    assertThat(breaker.halfOpen()).isFalse();
  }

  @Test
  void aFailedProbeReopensWithALongerCooldownUpToTheCap() {
    openIt();
    breaker.halfOpen();
    breaker.onSent();

    assertThat(breaker.onFailure()).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
    breaker.halfOpen();
    breaker.onSent();
    assertThat(breaker.onFailure()).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
    breaker.halfOpen();
    breaker.onSent();
    assertThat(breaker.onFailure()).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
  }

  @Test
  void aSuccessResetsTheCooldownToTheMinimum() {
    openIt();
    breaker.halfOpen();
    breaker.onSent();
    breaker.onFailure();
    breaker.halfOpen();
    breaker.onSent();
    breaker.onSuccess();

    assertThat(openIt()).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
  }

  private Duration openIt() {
    Duration cooldown = null;
    for (int i = 0; i < 3 && cooldown == null; i++) {
      cooldown = breaker.onFailure();
    }
    assertThat(breaker.state()).isEqualTo(State.OPEN);
    return cooldown;
  }
}
