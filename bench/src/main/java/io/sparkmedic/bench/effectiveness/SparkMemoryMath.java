package io.sparkmedic.bench.effectiveness;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Spark's memory arithmetic as far as the benchmark needs it, written here rather than borrowed
 * from the module under test: a size string ({@code 4g}, {@code 576m}; no suffix means MiB) in MiB,
 * and a JVM role's container (heap + overhead, the overhead defaulting to max(0.10 × heap, 384m)).
 */
public final class SparkMemoryMath {

  public static final long MIN_OVERHEAD_MIB = 384;
  public static final double OVERHEAD_FACTOR = 0.10;
  public static final long DEFAULT_HEAP_MIB = 1024;

  private static final Pattern SIZE = Pattern.compile("([0-9]+)([a-z]*)");

  private SparkMemoryMath() {}

  /** MiB of a Spark size string; null for null. */
  public static Long mib(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    Matcher m = SIZE.matcher(value.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("not a Spark memory string: " + value);
    }
    long amount = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "", "m", "mb" -> amount;
      case "k", "kb" -> amount / 1024;
      case "b" -> amount / (1024 * 1024);
      case "g", "gb" -> amount * 1024;
      case "t", "tb" -> amount * 1024 * 1024;
      default -> throw new IllegalArgumentException("not a Spark memory string: " + value);
    };
  }

  /** Heap as written, else Spark's 1g. */
  public static long heapMiB(String memory) {
    Long heap = mib(memory);
    return heap == null ? DEFAULT_HEAP_MIB : heap;
  }

  /** Overhead as written, else Spark's default for that heap. */
  public static long overheadMiB(String memory, String overhead) {
    Long explicit = mib(overhead);
    return explicit != null
        ? explicit
        : Math.max((long) (OVERHEAD_FACTOR * heapMiB(memory)), MIN_OVERHEAD_MIB);
  }

  public static long containerMiB(String memory, String overhead) {
    return heapMiB(memory) + overheadMiB(memory, overhead);
  }

  /** A Spark size string for MiB: {@code g} when whole gibibytes, else {@code m}. */
  public static String format(long mib) {
    return mib % 1024 == 0 ? (mib / 1024) + "g" : mib + "m";
  }
}
