package io.sparkmedic.remediation.memory;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An amount of memory as Spark reads it from {@code spark.*.memory} and {@code memoryOverhead}: an
 * integer with an optional unit ({@code b k kb m mb g gb t tb p pb}, any case), a bare number
 * meaning MiB. Spark rejects fractions ({@code 1.5g}) and Kubernetes units ({@code 2Gi}), so this
 * type never produces them: {@link #toSparkString()} writes whole {@code g} or {@code m}.
 */
public record MemoryAmount(long bytes) implements Comparable<MemoryAmount> {

  private static final long KIB = 1024L;
  private static final long MIB = KIB * 1024;
  private static final long GIB = MIB * 1024;
  private static final Pattern SPARK_MEMORY =
      Pattern.compile("^\\s*([0-9]+)\\s*([a-z]*)\\s*$", Pattern.CASE_INSENSITIVE);

  public MemoryAmount {
    if (bytes < 0) {
      throw new IllegalArgumentException("memory cannot be negative: " + bytes);
    }
  }

  public static MemoryAmount ofMebibytes(long mebibytes) {
    return new MemoryAmount(Math.multiplyExact(mebibytes, MIB));
  }

  public static MemoryAmount ofGibibytes(long gibibytes) {
    return new MemoryAmount(Math.multiplyExact(gibibytes, GIB));
  }

  /**
   * Parses a Spark memory string; a bare number is MiB, as for Spark's driver/executor memory and
   * overhead settings.
   *
   * @throws IllegalArgumentException with Spark's reason when Spark would reject the value
   */
  public static MemoryAmount parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty memory value");
    }
    Matcher m = SPARK_MEMORY.matcher(text);
    if (!m.matches()) {
      if (text.trim().matches("[0-9]*\\.[0-9]+\\s*[a-zA-Z]*")) {
        throw new IllegalArgumentException(
            "Fractional values are not supported by Spark: \"" + text.trim() + "\"");
      }
      throw new IllegalArgumentException("not a Spark memory value: \"" + text.trim() + "\"");
    }
    long number;
    try {
      number = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("memory value too large: \"" + text.trim() + "\"", e);
    }
    long unit =
        switch (m.group(2).toLowerCase(Locale.ROOT)) {
          case "b" -> 1;
          case "k", "kb" -> KIB;
          case "", "m", "mb" -> MIB;
          case "g", "gb" -> GIB;
          case "t", "tb" -> GIB * 1024;
          case "p", "pb" -> GIB * 1024 * 1024;
          default ->
              throw new IllegalArgumentException(
                  "Invalid suffix \"" + m.group(2) + "\" in memory value \"" + text.trim() + "\"");
        };
    try {
      return new MemoryAmount(Math.multiplyExact(number, unit));
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("memory value too large: \"" + text.trim() + "\"", e);
    }
  }

  /** Whole MiB, rounded up: Spark sizes containers in MiB. */
  public long mebibytes() {
    return (bytes + MIB - 1) / MIB;
  }

  /** This amount times {@code factor}, rounded up to a whole MiB. */
  public MemoryAmount times(double factor) {
    if (!(factor > 0) || Double.isInfinite(factor)) {
      throw new IllegalArgumentException("factor must be positive: " + factor);
    }
    return ofMebibytes((long) Math.ceil(mebibytes() * factor));
  }

  /** Spark's own rounding for derived amounts: {@code (factor × MiB).toLong}, i.e. down. */
  public MemoryAmount timesRoundedDown(double factor) {
    return ofMebibytes((long) (mebibytes() * factor));
  }

  public MemoryAmount plus(MemoryAmount other) {
    return new MemoryAmount(Math.addExact(bytes, other.bytes));
  }

  public MemoryAmount max(MemoryAmount other) {
    return compareTo(other) >= 0 ? this : other;
  }

  public MemoryAmount min(MemoryAmount other) {
    return compareTo(other) <= 0 ? this : other;
  }

  public boolean isGreaterThan(MemoryAmount other) {
    return compareTo(other) > 0;
  }

  /** A value Spark accepts: whole GiB as {@code Ng}, otherwise whole MiB as {@code Nm}. */
  public String toSparkString() {
    long mib = mebibytes();
    return mib % 1024 == 0 && mib > 0 ? (mib / 1024) + "g" : mib + "m";
  }

  @Override
  public int compareTo(MemoryAmount other) {
    return Long.compare(bytes, other.bytes);
  }

  @Override
  public String toString() {
    return toSparkString();
  }
}
