package io.beacon.registry.data.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChangeLogTest {

  @Test
  void aLogGrowsToItsCapacityKeepingEveryBumpInOrder() {
    ChangeLog log = new ChangeLog(100, 10);
    for (int i = 1; i <= 10; i++) {
      log.record(100 + i, "r" + i, i % 3 == 0);
    }

    assertThat(log.from()).isEqualTo(100);
    assertThat(log.covers(100)).isTrue();
    ChangeLog.Changes since = log.changesSince(107);
    assertThat(since.changed()).containsExactlyInAnyOrder("r8", "r9", "r10");
    assertThat(since.removed()).containsExactly("r9");
  }

  @Test
  void aFullLogForgetsItsOldestBumpAndNoLongerCoversWhatCameBefore() {
    ChangeLog log = new ChangeLog(100, 4);
    for (int i = 1; i <= 7; i++) {
      log.record(100 + i, "r" + i, false);
    }

    // Bumps 104..107 are held; 103 is where they start.
    assertThat(log.from()).isEqualTo(103);
    assertThat(log.covers(102)).isFalse();
    assertThat(log.covers(103)).isTrue();
    assertThat(log.changesSince(103).changed()).containsExactlyInAnyOrder("r4", "r5", "r6", "r7");
    assertThat(log.changesSince(105).changed()).containsExactlyInAnyOrder("r6", "r7");
  }

  @Test
  void aRegisterIdChangedTwiceIsNamedOnce() {
    ChangeLog log = new ChangeLog(0, 8);
    log.record(1, "r1", true);
    log.record(2, "r1", false);

    ChangeLog.Changes since = log.changesSince(0);

    assertThat(since.changed()).containsExactly("r1");
    assertThat(since.removed()).containsExactly("r1");
  }
}
