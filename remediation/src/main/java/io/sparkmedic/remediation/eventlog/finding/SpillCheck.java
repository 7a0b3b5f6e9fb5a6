package io.sparkmedic.remediation.eventlog.finding;

import static io.sparkmedic.remediation.eventlog.finding.Units.bytes;
import static io.sparkmedic.remediation.eventlog.finding.Units.bytesExact;
import static io.sparkmedic.remediation.eventlog.finding.Units.times;

import io.sparkmedic.remediation.eventlog.model.ApplicationModel;
import io.sparkmedic.remediation.eventlog.model.StageSummary;
import io.sparkmedic.remediation.eventlog.model.TaskMetric;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Spill: execution data (sort buffers, aggregation maps, join tables) that did not fit in a task's
 * execution memory and went to disk. "Memory spilled" is its size in memory, "disk spilled" its
 * serialized size on disk. Judged against the data the stage read.
 */
final class SpillCheck {

  private final ApplicationModel model;
  private final FindingThresholds t;
  private final SparkConf conf;

  SpillCheck(ApplicationModel model, FindingThresholds thresholds) {
    this.model = model;
    this.t = thresholds;
    this.conf = new SparkConf(model);
  }

  /** Memory spilled ÷ bytes read; infinite for a stage that read nothing. */
  static double spillRatio(StageSummary s) {
    long spilled = s.distribution(TaskMetric.MEMORY_SPILLED_BYTES).total();
    long read = s.bytesRead();
    return read == 0 ? Double.POSITIVE_INFINITY : (double) spilled / read;
  }

  boolean spills(StageSummary s) {
    return s.distribution(TaskMetric.MEMORY_SPILLED_BYTES).total() >= t.minSpillBytes()
        && spillRatio(s) >= t.spillLow();
  }

  Optional<Finding> find() {
    List<StageSummary> spilling = model.stages().stream().filter(this::spills).toList();
    if (spilling.isEmpty()) {
      return Optional.empty();
    }
    long memory = 0;
    long disk = 0;
    double worst = 0;
    StageSummary biggest = spilling.get(0);
    List<String> evidence = new ArrayList<>();
    for (StageSummary s : spilling) {
      long m = s.distribution(TaskMetric.MEMORY_SPILLED_BYTES).total();
      long d = s.distribution(TaskMetric.DISK_SPILLED_BYTES).total();
      memory += m;
      disk += d;
      worst = Math.max(worst, spillRatio(s));
      if (m > biggest.distribution(TaskMetric.MEMORY_SPILLED_BYTES).total()) {
        biggest = s;
      }
      long maxTask = s.distribution(TaskMetric.MEMORY_SPILLED_BYTES).max();
      evidence.add(
          "stage "
              + s.label()
              + " spilled "
              + bytesExact(m)
              + " from memory and "
              + bytesExact(d)
              + " to disk in "
              + s.distribution(TaskMetric.MEMORY_SPILLED_BYTES).count()
              + " tasks, reading "
              + bytes(s.bytesRead())
              + (s.bytesRead() > 0 ? ": " + times(spillRatio(s)) + " what it read" : "")
              + (s.tasks().succeeded() > 2 && maxTask * 2 >= m
                  ? "; most of it in one task (" + bytes(maxTask) + "): see DATA_SKEW"
                  : ""));
    }
    if (spilling.size() > 1) {
      evidence.add(
          "in all: "
              + bytesExact(memory)
              + " spilled from memory, "
              + bytesExact(disk)
              + " on disk");
    }
    Severity severity =
        worst >= t.spillSevere()
            ? Severity.SEVERE
            : worst >= t.spillModerate() ? Severity.MODERATE : Severity.LOW;
    String summary =
        spilling.size()
            + (spilling.size() == 1 ? " stage" : " stages")
            + " spilled "
            + bytes(memory)
            + " of execution data to disk ("
            + bytes(disk)
            + " written)";
    return Optional.of(
        new Finding(
            FindingType.SPILL,
            severity,
            spilling.stream().map(StageSummary::stageId).toList(),
            summary,
            evidence,
            recommendations(biggest),
            null));
  }

  private List<Recommendation> recommendations(StageSummary s) {
    List<Recommendation> out = new ArrayList<>();
    long perTask = model.cluster().executionMemoryPerTask();
    long median = s.distribution(TaskMetric.BYTES_READ).median();
    if (perTask > 0 && median > perTask / 2) {
      long target = Math.min(t.targetPartitionBytes(), perTask / 2);
      int partitions = conf.partitionsFor(s.bytesRead(), target);
      if (partitions > s.numTasks()) {
        out.add(
            new Recommendation(
                "Raise "
                    + conf.partitionSetting(s)
                    + " from "
                    + s.numTasks()
                    + " to "
                    + partitions
                    + " so each task's data fits its execution memory",
                conf.partitionSettings(s, partitions, target),
                "each task of stage "
                    + s.label()
                    + " would read about "
                    + bytes(s.bytesRead() / partitions)
                    + " instead of "
                    + bytes(median)
                    + ", under half its ~"
                    + bytes(perTask)
                    + " of execution memory: the spill should stop or shrink"));
      }
    }
    double fraction = parseDouble(conf.get("spark.memory.fraction", "0.6"), 0.6);
    if (fraction < 0.6 && perTask > 0) {
      long restored = (long) (perTask * 0.6 / fraction);
      out.add(
          new Recommendation(
              String.format(
                  Locale.ROOT,
                  "Restore spark.memory.fraction to Spark's default 0.6 (it is %s)",
                  conf.get("spark.memory.fraction", "")),
              Map.of("spark.memory.fraction", "0.6"),
              "execution memory per task grows from ~"
                  + bytes(perTask)
                  + " to ~"
                  + bytes(restored)));
    }
    out.add(
        new Recommendation(
            "Or give each task more memory: more spark.executor.memory, or fewer"
                + " spark.executor.cores per executor",
            Map.of(),
            "each task's share of execution memory grows in proportion"));
    return out;
  }

  private static double parseDouble(String s, double fallback) {
    try {
      return Double.parseDouble(s.trim());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
