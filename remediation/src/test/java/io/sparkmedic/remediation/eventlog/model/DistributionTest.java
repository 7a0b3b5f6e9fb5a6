package io.sparkmedic.remediation.eventlog.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DistributionTest {

  @Test
  void quantilesAreSortedValuesAtFloorOfQTimesNMinusOne() {
    long[] values = {9, 1, 8, 2, 7, 3, 6, 4, 5, 100};

    Distribution d = Distribution.of(values, values.length);

    // n = 10: median index 4 (int 4.5), p75 index 6 (int 6.75), p95 index 8 (int 8.55)
    assertThat(d).isEqualTo(new Distribution(10, 1, 5, 7, 9, 100, 145));
  }

  @Test
  void noValuesIsTheEmptyDistribution() {
    assertThat(Distribution.of(new long[0], 0)).isEqualTo(Distribution.EMPTY);
  }
}
