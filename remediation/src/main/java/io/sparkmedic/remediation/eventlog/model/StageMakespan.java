package io.sparkmedic.remediation.eventlog.model;

import java.util.Arrays;

/**
 * How long a stage's recorded tasks take on a given number of task slots: the makespan of
 * scheduling them, in launch order, each onto the slot that frees first (what Spark's scheduler
 * does, without locality waits). Computed once when the stage ends, on a fixed grid of slot counts,
 * so that the tasks' timings can be dropped; between grid points it interpolates linearly in
 * 1/slots. At or beyond one slot per task the stage takes as long as its longest task.
 */
public final class StageMakespan {

  /** Slot counts simulated: every count to 32, then steps of 2^(1/8) (9%) to about a million. */
  static final int[] GRID = grid();

  private final int tasks;
  private final long longestTaskMs;
  private final long totalTaskMs;
  private final int[] slots;
  private final long[] makespanMs;

  private StageMakespan(
      int tasks, long longestTaskMs, long totalTaskMs, int[] slots, long[] makespanMs) {
    this.tasks = tasks;
    this.longestTaskMs = longestTaskMs;
    this.totalTaskMs = totalTaskMs;
    this.slots = slots;
    this.makespanMs = makespanMs;
  }

  /** Simulates {@code durations[0..n)}, given in launch order. */
  public static StageMakespan simulate(long[] durations, int n) {
    long longest = 0;
    long total = 0;
    for (int i = 0; i < n; i++) {
      longest = Math.max(longest, durations[i]);
      total += durations[i];
    }
    int points = 0;
    while (points < GRID.length && GRID[points] < n) {
      points++;
    }
    int[] slots = Arrays.copyOf(GRID, points);
    long[] makespan = new long[points];
    for (int g = 0; g < points; g++) {
      makespan[g] = listSchedule(durations, n, slots[g]);
    }
    return new StageMakespan(n, longest, total, slots, makespan);
  }

  /** A stage known only by its total and longest task (a live UI's summary). */
  public static StageMakespan ofTotals(int tasks, long longestTaskMs, long totalTaskMs) {
    return new StageMakespan(tasks, longestTaskMs, totalTaskMs, new int[0], new long[0]);
  }

  private static long listSchedule(long[] durations, int n, int slotCount) {
    // A binary min-heap of the times at which the slots free up.
    long[] heap = new long[slotCount];
    long end = 0;
    for (int i = 0; i < n; i++) {
      long finish = heap[0] + durations[i];
      end = Math.max(end, finish);
      int at = 0;
      while (true) {
        int child = 2 * at + 1;
        if (child >= slotCount) {
          break;
        }
        if (child + 1 < slotCount && heap[child + 1] < heap[child]) {
          child++;
        }
        if (heap[child] >= finish) {
          break;
        }
        heap[at] = heap[child];
        at = child;
      }
      heap[at] = finish;
    }
    return end;
  }

  /** The stage's duration on {@code slotCount} slots, in ms. */
  public long at(double slotCount) {
    double s = Math.max(1, slotCount);
    if (s >= tasks || slots.length == 0) {
      // Without a grid (live summaries), the classic bound: work spread evenly, or the longest
      // task.
      return s >= tasks ? longestTaskMs : Math.max(longestTaskMs, (long) (totalTaskMs / s));
    }
    int i = Arrays.binarySearch(slots, (int) Math.floor(s));
    if (i >= 0 && slots[i] == s) {
      return makespanMs[i];
    }
    int lo = i >= 0 ? i : -i - 2;
    long loValue = makespanMs[lo];
    double loSlots = slots[lo];
    double hiSlots;
    long hiValue;
    if (lo + 1 < slots.length) {
      hiSlots = slots[lo + 1];
      hiValue = makespanMs[lo + 1];
    } else {
      hiSlots = tasks;
      hiValue = longestTaskMs;
    }
    double t = (1 / loSlots - 1 / s) / (1 / loSlots - 1 / hiSlots);
    return Math.round(loValue + t * (hiValue - loValue));
  }

  public int tasks() {
    return tasks;
  }

  public long longestTaskMs() {
    return longestTaskMs;
  }

  public long totalTaskMs() {
    return totalTaskMs;
  }

  private static int[] grid() {
    int[] g = new int[32 + 8 * 15];
    int n = 0;
    for (int s = 1; s <= 32; s++) {
      g[n++] = s;
    }
    for (int k = 1; k <= 8 * 15; k++) {
      int s = (int) Math.round(32 * Math.pow(2, k / 8.0));
      if (s > g[n - 1]) {
        g[n++] = s;
      }
    }
    return Arrays.copyOf(g, n);
  }
}
