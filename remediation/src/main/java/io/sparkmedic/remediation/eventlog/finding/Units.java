package io.sparkmedic.remediation.eventlog.finding;

import java.util.Locale;

/** Quantities written for people: binary byte units (as Spark's own), durations, ratios. */
public final class Units {

  private static final String[] BYTE_UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
  public static final long MIB = 1024L * 1024;

  private Units() {}

  /** "18.8 MiB", "512 B". */
  public static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    double v = bytes;
    int u = 0;
    while (v >= 1024 && u < BYTE_UNITS.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, v >= 100 ? "%.0f %s" : "%.1f %s", v, BYTE_UNITS[u]);
  }

  /** "19,671,447 B (18.8 MiB)": exact for checking, rounded for reading. */
  public static String bytesExact(long bytes) {
    return bytes < 1024 ? bytes + " B" : count(bytes) + " B (" + bytes(bytes) + ")";
  }

  /** "4.6 s", "215 ms", "2.3 min", "1.5 h". */
  public static String millis(long ms) {
    if (ms < 1000) {
      return ms + " ms";
    }
    if (ms < 60_000) {
      return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
    if (ms < 3_600_000) {
      return String.format(Locale.ROOT, "%.1f min", ms / 60_000.0);
    }
    return String.format(Locale.ROOT, "%.1f h", ms / 3_600_000.0);
  }

  /** "1,234,567". */
  public static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** "78×", "1.6×", "1.02×". */
  public static String times(double ratio) {
    if (Double.isInfinite(ratio)) {
      return "∞×";
    }
    if (ratio >= 10) {
      return String.format(Locale.ROOT, "%.0f×", ratio);
    }
    return String.format(Locale.ROOT, ratio < 1.1 ? "%.3f×" : "%.1f×", ratio);
  }

  /** "53%". */
  public static String percent(double share) {
    return String.format(Locale.ROOT, share < 0.1 && share > 0 ? "%.1f%%" : "%.0f%%", share * 100);
  }

  /** A Spark byte setting, rounded up to whole MiB: "5m". */
  public static String sparkMebibytes(long bytes) {
    return Math.max(1, (bytes + MIB - 1) / MIB) + "m";
  }
}
