package io.sparkmedic.remediation.eventlog.finding;

import static io.sparkmedic.remediation.eventlog.finding.Units.bytes;
import static io.sparkmedic.remediation.eventlog.finding.Units.millis;

import io.sparkmedic.remediation.eventlog.model.ApplicationModel;
import io.sparkmedic.remediation.eventlog.model.ClusterShape;
import io.sparkmedic.remediation.eventlog.model.StageSummary;
import io.sparkmedic.remediation.eventlog.model.TaskMetric;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Partition counts of shuffle stages against the data they read: too few (partitions above the
 * healthy 100–200 MiB, larger than a task's execution memory so they spill, or fewer than the slots
 * while large), or too many (tiny partitions whose tasks are mostly overhead).
 */
final class PartitionCheck {

  private final ApplicationModel model;
  private final FindingThresholds t;
  private final SparkConf conf;
  private final SpillCheck spill;

  PartitionCheck(ApplicationModel model, FindingThresholds thresholds) {
    this.model = model;
    this.t = thresholds;
    this.conf = new SparkConf(model);
    this.spill = new SpillCheck(model, thresholds);
  }

  Optional<Finding> tooFew() {
    ClusterShape cluster = model.cluster();
    long perTask = cluster.executionMemoryPerTask();
    List<Integer> stageIds = new ArrayList<>();
    List<String> evidence = new ArrayList<>();
    Severity severity = Severity.LOW;
    StageSummary worst = null;
    int recommended = 0;
    long target = t.targetPartitionBytes();
    for (StageSummary s : model.stages()) {
      if (!s.readsShuffle() || s.distribution(TaskMetric.BYTES_READ).count() == 0) {
        continue;
      }
      long median = s.distribution(TaskMetric.BYTES_READ).median();
      boolean large = median > t.healthyPartitionMaxBytes();
      boolean spillsForSize = spill.spills(s) && perTask > 0 && median > perTask;
      boolean idleSlots =
          s.numTasks() < cluster.peakSlots() && median >= t.healthyPartitionMinBytes();
      if (!large && !spillsForSize && !idleSlots) {
        continue;
      }
      long stageTarget = spillsForSize ? Math.min(target, perTask / 2) : target;
      int partitions = conf.partitionsFor(s.bytesRead(), stageTarget);
      if (partitions <= s.numTasks()) {
        continue;
      }
      stageIds.add(s.stageId());
      StringBuilder e =
          new StringBuilder("stage ")
              .append(s.label())
              .append(" read ")
              .append(bytes(s.bytesRead()))
              .append(" of shuffle across ")
              .append(s.numTasks())
              .append(" partitions (")
              .append(bytes(median))
              .append(" each); ")
              .append(bytes(t.healthyPartitionMinBytes()))
              .append("–")
              .append(bytes(t.healthyPartitionMaxBytes()))
              .append(" per partition is the healthy range");
      if (spillsForSize) {
        e.append("; each task has ~")
            .append(bytes(perTask))
            .append(" of execution memory and the stage spilled ")
            .append(bytes(s.distribution(TaskMetric.MEMORY_SPILLED_BYTES).total()));
      }
      if (idleSlots) {
        e.append("; ")
            .append(s.numTasks())
            .append(" tasks leave ")
            .append(cluster.peakSlots() - s.numTasks())
            .append(" of ")
            .append(cluster.peakSlots())
            .append(" task slots idle");
      }
      e.append("; with ")
          .append(conf.clusterPhrase())
          .append(", ")
          .append(partitions)
          .append(" partitions give ")
          .append(bytes(s.bytesRead() / partitions))
          .append(" each");
      evidence.add(e.toString());
      Severity here =
          spillsForSize && SpillCheck.spillRatio(s) >= t.spillSevere()
              ? Severity.SEVERE
              : large || spillsForSize ? Severity.MODERATE : Severity.LOW;
      if (here.compareTo(severity) > 0) {
        severity = here;
      }
      if (partitions > recommended) {
        recommended = partitions;
        worst = s;
        target = stageTarget;
      }
    }
    if (worst == null) {
      return Optional.empty();
    }
    Recommendation r =
        new Recommendation(
            "Raise " + conf.partitionSetting(worst) + " to " + recommended,
            conf.partitionSettings(worst, recommended, target),
            "stage "
                + worst.label()
                + "'s tasks would read about "
                + bytes(worst.bytesRead() / recommended)
                + " each instead of "
                + bytes(worst.distribution(TaskMetric.BYTES_READ).median()));
    return Optional.of(
        new Finding(
            FindingType.TOO_FEW_PARTITIONS,
            severity,
            stageIds,
            stageIds.size()
                + (stageIds.size() == 1 ? " stage has" : " stages have")
                + " too few partitions for "
                + (stageIds.size() == 1 ? "its" : "their")
                + " data",
            evidence,
            List.of(r),
            null));
  }

  Optional<Finding> tooMany() {
    int slots = model.cluster().peakSlots();
    List<Integer> stageIds = new ArrayList<>();
    List<String> evidence = new ArrayList<>();
    StageSummary worst = null;
    int worstRecommended = 0;
    long savedMs = 0;
    for (StageSummary s : model.stages()) {
      if (!s.readsShuffle()) {
        continue;
      }
      long median = s.distribution(TaskMetric.BYTES_READ).median();
      long medianMs = s.distribution(TaskMetric.DURATION).median();
      if (s.numTasks() <= 2 * slots
          || median >= t.smallPartitionBytes()
          || medianMs >= t.shortTaskMs()) {
        continue;
      }
      int partitions = conf.partitionsFor(s.bytesRead(), t.targetPartitionBytes());
      if (partitions * 2 > s.numTasks()) {
        continue;
      }
      long overheadPerTask =
          Math.max(0, medianMs - s.distribution(TaskMetric.EXECUTOR_RUN_TIME).median());
      long saved = (s.numTasks() - partitions) * overheadPerTask / slots;
      savedMs += saved;
      stageIds.add(s.stageId());
      evidence.add(
          "stage "
              + s.label()
              + " ran "
              + s.numTasks()
              + " tasks of "
              + bytes(median)
              + " and "
              + millis(medianMs)
              + " each (median) for "
              + bytes(s.bytesRead())
              + " in all; "
              + partitions
              + " partitions would give "
              + bytes(s.bytesRead() / partitions)
              + " each");
      if (worst == null || s.numTasks() - partitions > worst.numTasks() - worstRecommended) {
        worst = s;
        worstRecommended = partitions;
      }
    }
    if (worst == null) {
      return Optional.empty();
    }
    Recommendation r =
        new Recommendation(
            "Lower " + conf.partitionSetting(worst) + " to " + worstRecommended,
            conf.partitionSettings(worst, worstRecommended, t.targetPartitionBytes()),
            "saves about "
                + millis(savedMs)
                + " of per-task overhead (scheduling, deserialization, result handling)");
    return Optional.of(
        new Finding(
            FindingType.TOO_MANY_PARTITIONS,
            Severity.LOW,
            stageIds,
            stageIds.size()
                + (stageIds.size() == 1 ? " stage splits" : " stages split")
                + " little data into many short tasks",
            evidence,
            List.of(r),
            null));
  }
}
