package io.sparkmedic.remediation.eventlog.finding;

import static io.sparkmedic.remediation.eventlog.finding.Units.bytes;
import static io.sparkmedic.remediation.eventlog.finding.Units.bytesExact;
import static io.sparkmedic.remediation.eventlog.finding.Units.count;
import static io.sparkmedic.remediation.eventlog.finding.Units.millis;
import static io.sparkmedic.remediation.eventlog.finding.Units.percent;
import static io.sparkmedic.remediation.eventlog.finding.Units.times;

import io.sparkmedic.remediation.eventlog.model.ApplicationModel;
import io.sparkmedic.remediation.eventlog.model.Distribution;
import io.sparkmedic.remediation.eventlog.model.PlanOperator;
import io.sparkmedic.remediation.eventlog.model.StageStatus;
import io.sparkmedic.remediation.eventlog.model.StageSummary;
import io.sparkmedic.remediation.eventlog.model.TaskFailures;
import io.sparkmedic.remediation.eventlog.model.TaskMetric;
import io.sparkmedic.remediation.eventlog.model.TaskRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Data skew: a stage whose straggler read far more data than its median and p75 task. Bytes decide
 * (records are reported, but a map-side-combined aggregation can be skewed by bytes with balanced
 * records); the straggler's time sets the severity, since a task that is merely slow (the first
 * task on each executor, JIT warm-up) is not skew.
 */
final class SkewCheck {

  private final ApplicationModel model;
  private final FindingThresholds t;
  private final SparkConf conf;

  SkewCheck(ApplicationModel model, FindingThresholds thresholds) {
    this.model = model;
    this.t = thresholds;
    this.conf = new SparkConf(model);
  }

  List<Finding> find() {
    List<Finding> out = new ArrayList<>();
    for (StageSummary s : model.stages()) {
      skew(s).ifPresent(skew -> out.add(finding(s, skew)));
    }
    return out;
  }

  /** The stage's skew, if it is skewed. */
  Optional<StageSkew> skew(StageSummary s) {
    Distribution bytes = s.distribution(TaskMetric.BYTES_READ);
    if (bytes.count() < t.skewMinTasks()) {
      return Optional.empty();
    }
    TaskRef straggler = s.largestTask();
    boolean failed = false;
    String failure = null;
    if (s.largestFailedTask() != null
        && (straggler == null || s.largestFailedTask().dataBytes() > straggler.dataBytes())) {
      straggler = s.largestFailedTask();
      failed = true;
      failure = s.largestFailedTaskReason();
    }
    if (straggler == null) {
      return Optional.empty();
    }
    long max = straggler.dataBytes();
    long median = bytes.median();
    if (max - median < t.skewMinExcessBytes()) {
      return Optional.empty();
    }
    if (median > 0 && max < t.skewFactor() * median) {
      return Optional.empty();
    }
    if (bytes.p75() > 0 && max < t.skewFactorOverP75() * bytes.p75()) {
      return Optional.empty();
    }
    long medianDuration = s.distribution(TaskMetric.DURATION).median();
    long wall = s.wallTimeMs();
    double share = wall > 0 ? Math.min(1.0, (double) straggler.durationMs() / wall) : 0;
    long tail =
        !failed && s.othersLastFinish() > 0
            ? Math.max(0, straggler.finishTime() - s.othersLastFinish())
            : 0;
    StageSkew.Measure measure =
        s.distribution(TaskMetric.SHUFFLE_READ_BYTES).total()
                >= s.distribution(TaskMetric.INPUT_BYTES).total()
            ? StageSkew.Measure.SHUFFLE_READ
            : StageSkew.Measure.INPUT;
    return Optional.of(
        new StageSkew(
            s.stageId(),
            s.attemptId(),
            s.name(),
            bytes.count(),
            measure,
            median,
            bytes.p75(),
            max,
            s.distribution(TaskMetric.RECORDS_READ).median(),
            s.distribution(TaskMetric.RECORDS_READ).max(),
            straggler.records(),
            straggler.partitionId(),
            straggler.taskId(),
            straggler.executorId(),
            failed,
            failure,
            straggler.durationMs(),
            medianDuration,
            wall,
            share,
            tail,
            s.status() == StageStatus.FAILED,
            s.operators()));
  }

  private Severity severity(StageSummary s, StageSkew k) {
    boolean stragglerPartitionFailed =
        s.failures().stream()
            .filter(TaskFailures::failed)
            .anyMatch(f -> f.partitions().contains(k.stragglerPartition()));
    if (k.stragglerFailed() || (k.stageFailed() && stragglerPartitionFailed)) {
      return Severity.CRITICAL;
    }
    boolean slow = k.durationRatio() >= t.skewTimeFactor();
    if (slow && k.stragglerShareOfWallTime() >= t.skewDominantShare()) {
      return Severity.SEVERE;
    }
    return slow ? Severity.MODERATE : Severity.LOW;
  }

  private Finding finding(StageSummary s, StageSkew k) {
    String what = k.measure() == StageSkew.Measure.SHUFFLE_READ ? "shuffle" : "input";
    String summary =
        "Stage "
            + s.label()
            + " is skewed: partition "
            + k.stragglerPartition()
            + (k.stragglerFailed() ? " failed after reading " : " read ")
            + bytes(k.maxBytes())
            + " of "
            + what
            + ", "
            + times(k.bytesRatio())
            + " the median task ("
            + bytes(k.medianBytes())
            + ")"
            + (k.stragglerFailed()
                ? ""
                : ", and took " + percent(k.stragglerShareOfWallTime()) + " of the stage's time");
    List<String> evidence = new ArrayList<>();
    evidence.add(
        what
            + " bytes read per task over "
            + k.taskCount()
            + " successful tasks: median "
            + bytesExact(k.medianBytes())
            + ", p75 "
            + bytesExact(k.p75Bytes())
            + ", max "
            + bytesExact(k.maxBytes())
            + " — "
            + times(k.bytesRatio())
            + " the median, "
            + times(k.bytesRatioToP75())
            + " p75");
    double recordsRatio = k.recordsRatio();
    if (recordsRatio >= t.skewFactor()) {
      evidence.add(
          "records read per task: median "
              + count(k.medianRecords())
              + ", max "
              + count(k.maxRecords())
              + " ("
              + times(recordsRatio)
              + "): the straggler's key(s) hold most of the rows");
    } else if (k.medianRecords() > 0) {
      evidence.add(
          "records are not skewed: median "
              + count(k.medianRecords())
              + ", max "
              + count(k.maxRecords())
              + " ("
              + times(recordsRatio)
              + "; the straggler read "
              + count(k.stragglerRecords())
              + "): its rows are larger, not more — e.g. the partial aggregation buffers of a hot"
              + " key");
    }
    if (k.stragglerFailed()) {
      evidence.add(
          "partition "
              + k.stragglerPartition()
              + " (task "
              + k.stragglerTaskId()
              + (k.stragglerExecutorId() == null ? "" : " on executor " + k.stragglerExecutorId())
              + ") failed with "
              + k.stragglerFailure()
              + " after "
              + millis(k.stragglerDurationMs()));
    } else {
      evidence.add(
          "the straggler, task "
              + k.stragglerTaskId()
              + " (partition "
              + k.stragglerPartition()
              + (k.stragglerExecutorId() == null ? "" : ", executor " + k.stragglerExecutorId())
              + "), took "
              + millis(k.stragglerDurationMs())
              + " against a median of "
              + millis(k.medianDurationMs())
              + " ("
              + times(k.durationRatio())
              + "): "
              + percent(k.stragglerShareOfWallTime())
              + " of the stage's "
              + millis(k.stageWallTimeMs())
              + (k.tailMs() > 0 ? "; it ran alone for the last " + millis(k.tailMs()) : ""));
    }
    for (PlanOperator o : k.operators()) {
      evidence.add(
          (o.isJoin() ? "the SQL plan joins " : "the SQL plan aggregates ") + o.describe());
    }
    return new Finding(
        FindingType.DATA_SKEW,
        severity(s, k),
        List.of(s.stageId()),
        summary,
        evidence,
        recommendations(s, k),
        k);
  }

  private List<Recommendation> recommendations(StageSummary s, StageSkew k) {
    List<Recommendation> out = new ArrayList<>();
    long balanced = balancedStageTime(s);
    String impact =
        balanced > 0 && balanced < k.stageWallTimeMs()
            ? "with the straggler's data spread like the others', the stage's "
                + millis(k.stageWallTimeMs())
                + " would be about "
                + millis(balanced)
                + " (its task time spread over "
                + conf.clusterPhrase()
                + ")"
            : "the straggler's data is spread over several tasks";
    if (k.hasJoin()) {
      out.add(aqeSkewJoin(k, impact));
    } else if (!k.groupingKeys().isEmpty()) {
      out.add(
          new Recommendation(
              "Salt the grouping key "
                  + String.join(", ", k.groupingKeys())
                  + ": aggregate by (key, a random salt of a few values) first, then by key"
                  + " (AQE's skew join does not split aggregations)",
              Map.of(),
              impact));
    }
    int current = s.numTasks();
    int more = conf.wholeWaves((long) current * 4);
    if (more > current) {
      out.add(
          new Recommendation(
              "Raise "
                  + conf.partitionSetting(s)
                  + " from "
                  + current
                  + " to "
                  + more
                  + ": keys that share partition "
                  + k.stragglerPartition()
                  + " spread out; a single hot key still lands in one partition",
              Map.of(conf.partitionSetting(s), Integer.toString(more)),
              "helps only as far as several keys make up the straggler's "
                  + bytes(k.maxBytes())
                  + (k.recordsRatio() >= t.skewFactor()
                      ? "; its "
                          + times(k.recordsRatio())
                          + " records suggest one hot key, where AQE or salting is the fix"
                      : "")));
    }
    return out;
  }

  private Recommendation aqeSkewJoin(StageSkew k, String impact) {
    Map<String, String> settings = new LinkedHashMap<>();
    if (!conf.aqeEnabled()) {
      settings.put(SparkConf.AQE, "true");
    }
    if (!conf.aqeSkewJoinEnabled()) {
      settings.put(SparkConf.AQE_SKEW_JOIN, "true");
    }
    // AQE splits a partition above both factor × median and the threshold; it cuts it into
    // pieces of the advisory size. Both defaults (256 MiB, 64 MiB) are too coarse for a small
    // straggler.
    long threshold = conf.bytes(SparkConf.AQE_SKEW_THRESHOLD, SparkConf.DEFAULT_SKEW_THRESHOLD);
    long wantedThreshold =
        Math.max(Units.MIB, Math.min(k.maxBytes() / 2, (long) (t.skewFactor() * k.medianBytes())));
    if (k.maxBytes() <= threshold) {
      settings.put(SparkConf.AQE_SKEW_THRESHOLD, Units.sparkMebibytes(wantedThreshold));
    }
    long advisory = conf.bytes(SparkConf.AQE_ADVISORY_SIZE, SparkConf.DEFAULT_ADVISORY_SIZE);
    int slots = model.cluster().peakSlots();
    long wantedAdvisory =
        Math.max(Units.MIB, Math.min(t.targetPartitionBytes(), k.maxBytes() / Math.max(4, slots)));
    if (wantedAdvisory < advisory) {
      settings.put(SparkConf.AQE_ADVISORY_SIZE, Units.sparkMebibytes(wantedAdvisory));
    }
    String keys = k.joinKeys().isEmpty() ? "" : " on " + String.join("; ", k.joinKeys());
    String action =
        settings.isEmpty()
            ? "AQE's skew join is on but did not split partition "
                + k.stragglerPartition()
                + "; check that the join"
                + keys
                + " is a sort-merge or shuffled hash join AQE can split"
            : "Let AQE split the skewed partition of the join"
                + keys
                + " (spark.sql.adaptive.skewJoin)";
    return new Recommendation(action, settings, impact);
  }

  /** The stage's time if its work were balanced: its task time spread over the slots. */
  private long balancedStageTime(StageSummary s) {
    if (s.makespan() == null) {
      return 0;
    }
    int slots = model.cluster().peakSlots();
    return s.makespan().totalTaskMs() / slots + s.distribution(TaskMetric.DURATION).median();
  }
}
