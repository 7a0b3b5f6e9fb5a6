package io.sparkmedic.remediation.eventlog.model;

import java.util.Arrays;

/**
 * A per-task metric of a stage across its successful task attempts: nearest-rank quantiles, with
 * the q-quantile of n sorted values at index {@code floor(q × (n − 1))}, and the total.
 */
public record Distribution(
    int count, long min, long median, long p75, long p95, long max, long total) {

  public static final Distribution EMPTY = new Distribution(0, 0, 0, 0, 0, 0, 0);

  /** All-zero distributions by count: most stages read no input or spill nothing. */
  private static final Distribution[] ZEROS = new Distribution[4096];

  /** The distribution of {@code values[0..n)}; sorts that range in place. */
  public static Distribution of(long[] values, int n) {
    if (n == 0) {
      return EMPTY;
    }
    Arrays.sort(values, 0, n);
    if (values[n - 1] == 0 && values[0] == 0) {
      return zeros(n);
    }
    long total = 0;
    for (int i = 0; i < n; i++) {
      total += values[i];
    }
    return new Distribution(
        n,
        values[0],
        values[index(0.5, n)],
        values[index(0.75, n)],
        values[index(0.95, n)],
        values[n - 1],
        total);
  }

  private static Distribution zeros(int n) {
    if (n >= ZEROS.length) {
      return new Distribution(n, 0, 0, 0, 0, 0, 0);
    }
    Distribution d = ZEROS[n];
    if (d == null) {
      d = new Distribution(n, 0, 0, 0, 0, 0, 0);
      ZEROS[n] = d; // a benign race: equal values either way
    }
    return d;
  }

  static int index(double q, int n) {
    return (int) (q * (n - 1));
  }

  /** max ÷ median, or 0 when the median is 0. */
  public double maxOverMedian() {
    return median == 0 ? 0 : (double) max / median;
  }

  /** max ÷ p75, or 0 when p75 is 0. */
  public double maxOverP75() {
    return p75 == 0 ? 0 : (double) max / p75;
  }
}
