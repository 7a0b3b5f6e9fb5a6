package io.sparkmedic.remediation.eventlog.model;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Spark properties an analysis reports and reasons with: partitions, AQE, memory, cores,
 * executors. A whitelist, so that credentials in a run's properties ({@code
 * spark.hadoop.fs.s3a.secret.key}) never reach a report.
 */
public final class TuningProperties {

  private static final List<String> PREFIXES =
      List.of(
          "spark.sql.shuffle.partitions",
          "spark.sql.adaptive.",
          "spark.sql.autoBroadcastJoinThreshold",
          "spark.sql.files.maxPartitionBytes",
          "spark.default.parallelism",
          "spark.executor.memory",
          "spark.executor.memoryOverhead",
          "spark.executor.cores",
          "spark.executor.instances",
          "spark.driver.memory",
          "spark.driver.memoryOverhead",
          "spark.driver.cores",
          "spark.memory.fraction",
          "spark.memory.storageFraction",
          "spark.memory.offHeap.enabled",
          "spark.memory.offHeap.size",
          "spark.dynamicAllocation.enabled",
          "spark.dynamicAllocation.minExecutors",
          "spark.dynamicAllocation.maxExecutors",
          "spark.dynamicAllocation.initialExecutors",
          "spark.task.cpus",
          "spark.task.maxFailures",
          "spark.speculation",
          "spark.master",
          "spark.submit.deployMode",
          "spark.kubernetes.executor.request.cores",
          "spark.eventLog.compression.codec");

  private TuningProperties() {}

  /** The tuning-relevant subset of {@code all}, sorted by key. */
  public static Map<String, String> of(Map<String, String> all) {
    Map<String, String> out = new TreeMap<>();
    all.forEach(
        (k, v) -> {
          if (v != null && PREFIXES.stream().anyMatch(k::startsWith)) {
            out.put(k, v);
          }
        });
    return out;
  }
}
