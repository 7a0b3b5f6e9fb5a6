package io.sparkmedic.simulator;

import io.sparkmedic.crds.spark.SparkApplicationSpec;
import io.sparkmedic.crds.spark.SparkPodSpec;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory of a driver or executor the way Spark on Kubernetes computes it (research:
 * spark-operators.md §1 "Memory strings" and "Memory overhead"). Written independently of the
 * remediation module on purpose: the simulator is the referee, so it must not share that module's
 * bugs.
 *
 * <ul>
 *   <li>heap: {@code spec.<role>.memory}, else sparkConf {@code spark.<role>.memory}, else {@code
 *       1g}. The typed field wins because the Spark operator passes it as a later {@code --conf}.
 *   <li>overhead: {@code spec.<role>.memoryOverhead}, else sparkConf {@code
 *       spark.<role>.memoryOverhead}, else {@code max((long) (factor × heap), minOverhead)}; the
 *       factor is sparkConf {@code spark.<role>.memoryOverheadFactor}, else {@code
 *       spec.memoryOverheadFactor} (the operator turns it into {@code
 *       spark.kubernetes.memoryOverheadFactor}) or that sparkConf key, else 0.40 for Python and R
 *       jobs, else 0.10; the minimum is sparkConf {@code spark.<role>.minMemoryOverhead}, else 384
 *       MiB.
 *   <li>the container's memory request and limit: heap + overhead (off-heap and PySpark memory are
 *       not modelled).
 * </ul>
 */
final class SparkMemory {

  static final String DRIVER = "driver";
  static final String EXECUTOR = "executor";
  static final long DEFAULT_HEAP_MIB = 1024;
  static final long MIN_OVERHEAD_MIB = 384;
  static final double JVM_OVERHEAD_FACTOR = 0.10;
  static final double NON_JVM_OVERHEAD_FACTOR = 0.40;

  private static final Pattern INTEGER = Pattern.compile("([0-9]+)([a-z]+)?");
  private static final Pattern FRACTION = Pattern.compile("([0-9]+\\.[0-9]+)([a-z]+)?");
  private static final String SIZE_HELP =
      "Size must be specified as bytes (b), kibibytes (k), mebibytes (m), gibibytes (g), "
          + "tebibytes (t), or pebibytes(p). E.g. 50b, 100k, or 250m.";
  private static final Map<String, Long> SUFFIX_BYTES =
      Map.ofEntries(
          Map.entry("b", 1L),
          Map.entry("k", 1L << 10),
          Map.entry("kb", 1L << 10),
          Map.entry("m", 1L << 20),
          Map.entry("mb", 1L << 20),
          Map.entry("g", 1L << 30),
          Map.entry("gb", 1L << 30),
          Map.entry("t", 1L << 40),
          Map.entry("tb", 1L << 40),
          Map.entry("p", 1L << 50),
          Map.entry("pb", 1L << 50));

  /** The memory of one role, in MiB. */
  record Role(long heapMiB, long overheadMiB) {
    long containerMiB() {
      return heapMiB + overheadMiB;
    }

    @Override
    public String toString() {
      return heapMiB + "m+" + overheadMiB + "m";
    }
  }

  private SparkMemory() {}

  static Role resolve(SparkApplicationSpec spec, String role) throws SubmissionException {
    SparkPodSpec pod = DRIVER.equals(role) ? spec.getDriver() : spec.getExecutor();
    Map<String, String> conf = spec.getSparkConf() == null ? Map.of() : spec.getSparkConf();

    String heapKey = "spark." + role + ".memory";
    String heapValue = firstNonBlank(pod == null ? null : pod.getMemory(), conf.get(heapKey));
    long heap = heapValue == null ? DEFAULT_HEAP_MIB : parseMiB(heapKey, heapValue);

    String overheadKey = "spark." + role + ".memoryOverhead";
    String overheadValue =
        firstNonBlank(pod == null ? null : pod.getMemoryOverhead(), conf.get(overheadKey));
    if (overheadValue != null) {
      return new Role(heap, parseMiB(overheadKey, overheadValue));
    }
    double factor = overheadFactor(spec, conf, role);
    String minKey = "spark." + role + ".minMemoryOverhead";
    String minValue = firstNonBlank(conf.get(minKey));
    long min = minValue == null ? MIN_OVERHEAD_MIB : parseMiB(minKey, minValue);
    return new Role(heap, Math.max((long) (factor * heap), min));
  }

  private static double overheadFactor(
      SparkApplicationSpec spec, Map<String, String> conf, String role) throws SubmissionException {
    String roleKey = "spark." + role + ".memoryOverheadFactor";
    if (firstNonBlank(conf.get(roleKey)) != null) {
      return parseFactor(roleKey, conf.get(roleKey));
    }
    String k8sKey = "spark.kubernetes.memoryOverheadFactor";
    String k8sValue = firstNonBlank(spec.getMemoryOverheadFactor(), conf.get(k8sKey));
    if (k8sValue != null) {
      return parseFactor(k8sKey, k8sValue);
    }
    String type = spec.getType();
    return "python".equalsIgnoreCase(type) || "r".equalsIgnoreCase(type)
        ? NON_JVM_OVERHEAD_FACTOR
        : JVM_OVERHEAD_FACTOR;
  }

  private static double parseFactor(String key, String value) throws SubmissionException {
    double factor;
    try {
      factor = Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw new SubmissionException(
          "Exception in thread \"main\" java.lang.IllegalArgumentException: "
              + key
              + " should be double, but was "
              + value);
    }
    if (!(factor > 0) || Double.isInfinite(factor)) {
      throw new SubmissionException(
          "Exception in thread \"main\" java.lang.IllegalArgumentException: '"
              + value
              + "' in "
              + key
              + " is invalid. Ensure that memory overhead is a double greater than 0");
    }
    return factor;
  }

  /**
   * Parses a Spark size string as MiB the way Spark's {@code JavaUtils.byteStringAs(s, MiB)} does:
   * an integer with an optional case-insensitive suffix {@code b|k|kb|m|mb|g|gb|t|tb|p|pb}; no
   * suffix means MiB; smaller units round down; fractions and Kubernetes suffixes such as {@code
   * Gi} are rejected.
   */
  static long parseMiB(String key, String value) throws SubmissionException {
    try {
      return byteStringAsMiB(value);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new SubmissionException(
          "Exception in thread \"main\" java.lang.NumberFormatException: Illegal value for config key "
              + key
              + ": "
              + SIZE_HELP
              + "\n"
              + e.getMessage());
    }
  }

  /** The spark-submit-free core of {@link #parseMiB}; throws with Spark's inner message. */
  static long byteStringAsMiB(String value) {
    String lower = value.toLowerCase(Locale.ROOT).trim();
    Matcher integer = INTEGER.matcher(lower);
    Matcher fraction = FRACTION.matcher(lower);
    if (integer.matches()) {
      long amount = Long.parseLong(integer.group(1));
      String suffix = integer.group(2);
      if (suffix == null) {
        return amount;
      }
      Long bytes = SUFFIX_BYTES.get(suffix);
      if (bytes == null) {
        throw new NumberFormatException("Invalid suffix: \"" + suffix + "\"");
      }
      long mib = 1L << 20;
      return bytes >= mib
          ? Math.multiplyExact(amount, bytes / mib)
          : amount / (mib / bytes); // smaller units round down, as Spark's ByteUnit does
    } else if (fraction.matches()) {
      throw new NumberFormatException(
          "Fractional values are not supported. Input was: " + fraction.group(1));
    } else {
      throw new NumberFormatException("Failed to parse byte string: " + value);
    }
  }

  static String firstNonBlank(String... values) {
    for (String value : values) {
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return null;
  }
}
