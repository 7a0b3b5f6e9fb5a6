package io.sparkmedic.remediation.eventlog.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StageMakespanTest {

  @Test
  void oneSlotRunsTheTasksOneAfterAnother() {
    StageMakespan m = StageMakespan.simulate(new long[] {100, 200, 300, 400}, 4);

    assertThat(m.at(1)).isEqualTo(1000);
  }

  @Test
  void eachTaskGoesToTheSlotThatFreesFirstInLaunchOrder() {
    // slots: [100, 200] → 300 joins the first (free at 100, ends 400), 400 the second (ends 600)
    StageMakespan m = StageMakespan.simulate(new long[] {100, 200, 300, 400}, 4);

    assertThat(m.at(2)).isEqualTo(600);
    assertThat(m.at(3)).isEqualTo(500);
  }

  @Test
  void withASlotPerTaskTheLongestTaskDecides() {
    StageMakespan m = StageMakespan.simulate(new long[] {100, 5000, 300}, 3);

    assertThat(m.at(3)).isEqualTo(5000);
    assertThat(m.at(100)).isEqualTo(5000);
  }

  @Test
  void betweenGridPointsItInterpolatesInOneOverSlots() {
    long[] durations = new long[1000];
    java.util.Arrays.fill(durations, 10);
    StageMakespan m = StageMakespan.simulate(durations, 1000);

    // Every count to 32 is simulated, then steps of 2^(1/8): 35, 38, 41, ...
    assertThat(m.at(38)).isEqualTo(270); // 27 waves of 10 ms
    assertThat(m.at(37)).isBetween(m.at(38), m.at(35));
    assertThat(m.at(40)).isCloseTo(250, org.assertj.core.data.Percentage.withPercentage(5));
  }
}
