package io.sparkmedic.remediation.eventlog.finding;

import io.sparkmedic.remediation.eventlog.model.ApplicationModel;
import io.sparkmedic.remediation.eventlog.model.ClusterShape;
import io.sparkmedic.remediation.eventlog.model.StageSummary;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The Spark settings a run used, with Spark's defaults where it set none, and the partition
 * arithmetic the recommendations share.
 */
final class SparkConf {

  static final String SHUFFLE_PARTITIONS = "spark.sql.shuffle.partitions";
  static final String DEFAULT_PARALLELISM = "spark.default.parallelism";
  static final String AQE = "spark.sql.adaptive.enabled";
  static final String AQE_SKEW_JOIN = "spark.sql.adaptive.skewJoin.enabled";
  static final String AQE_SKEW_THRESHOLD =
      "spark.sql.adaptive.skewJoin.skewedPartitionThresholdInBytes";
  static final String AQE_ADVISORY_SIZE = "spark.sql.adaptive.advisoryPartitionSizeInBytes";

  static final long DEFAULT_SKEW_THRESHOLD = 256 * Units.MIB;
  static final long DEFAULT_ADVISORY_SIZE = 64 * Units.MIB;

  private final ApplicationModel model;

  SparkConf(ApplicationModel model) {
    this.model = model;
  }

  String get(String key, String defaultValue) {
    return model.application().property(key, defaultValue);
  }

  /** AQE is on by default from Spark 3.2. */
  boolean aqeEnabled() {
    String version = model.application().sparkVersion();
    boolean defaultOn = version == null || !version.matches("^(1|2|3\\.[01])\\..*");
    return Boolean.parseBoolean(get(AQE, Boolean.toString(defaultOn)));
  }

  boolean aqeSkewJoinEnabled() {
    return aqeEnabled() && Boolean.parseBoolean(get(AQE_SKEW_JOIN, "true"));
  }

  long bytes(String key, long defaultValue) {
    String v = model.application().property(key, null);
    return v == null ? defaultValue : parseBytes(v, defaultValue);
  }

  /** Spark's byte strings: "256MB", "4m", "1g", "1048576". */
  static long parseBytes(String value, long fallback) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    try {
      int i = 0;
      while (i < v.length() && Character.isDigit(v.charAt(i))) {
        i++;
      }
      long n = Long.parseLong(v.substring(0, i));
      String unit = v.substring(i).trim();
      return switch (unit) {
        case "", "b" -> n;
        case "k", "kb", "kib" -> n << 10;
        case "m", "mb", "mib" -> n << 20;
        case "g", "gb", "gib" -> n << 30;
        case "t", "tb", "tib" -> n << 40;
        default -> fallback;
      };
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  /** "2 executors × 1 core". */
  String clusterPhrase() {
    ClusterShape c = model.cluster();
    int executors = Math.max(1, c.peakExecutors());
    return executors
        + (executors == 1 ? " executor × " : " executors × ")
        + c.coresPerExecutor()
        + (c.coresPerExecutor() == 1 ? " core" : " cores");
  }

  /**
   * How many partitions a stage's data wants at {@code targetBytes} each: rounded up to a whole
   * number of waves over the peak task slots, and at least one wave.
   */
  int partitionsFor(long totalBytes, long targetBytes) {
    return wholeWaves(Math.max(1, (totalBytes + targetBytes - 1) / targetBytes));
  }

  /** {@code wanted} rounded up to a whole number of waves over the peak task slots. */
  int wholeWaves(long wanted) {
    int slots = model.cluster().peakSlots();
    long waves = Math.max(1, (wanted + slots - 1) / slots);
    return (int) Math.min(Integer.MAX_VALUE, waves * slots);
  }

  /** The setting that decides a stage's shuffle partitions, and its value for that count. */
  Map<String, String> partitionSettings(StageSummary stage, int partitions, long targetBytes) {
    Map<String, String> conf = new LinkedHashMap<>();
    if (stage.sqlExecutionId() >= 0) {
      conf.put(SHUFFLE_PARTITIONS, Integer.toString(partitions));
      if (aqeEnabled()) {
        // AQE coalesces towards its advisory size; the initial number is only an upper bound.
        conf.put(AQE_ADVISORY_SIZE, Units.sparkMebibytes(targetBytes));
      }
    } else {
      conf.put(DEFAULT_PARALLELISM, Integer.toString(partitions));
    }
    return conf;
  }

  /** "spark.sql.shuffle.partitions" or "spark.default.parallelism", for a stage. */
  String partitionSetting(StageSummary stage) {
    return stage.sqlExecutionId() >= 0 ? SHUFFLE_PARTITIONS : DEFAULT_PARALLELISM;
  }
}
