package io.sparkmedic.remediation.diagnosis;

import io.sparkmedic.remediation.eventlog.EventLogAnalysis;
import io.sparkmedic.remediation.eventlog.finding.Finding;
import io.sparkmedic.remediation.eventlog.finding.FindingType;
import io.sparkmedic.remediation.eventlog.finding.Recommendation;
import io.sparkmedic.remediation.eventlog.finding.Severity;
import io.sparkmedic.remediation.eventlog.finding.StageSkew;
import io.sparkmedic.remediation.eventlog.finding.Units;
import io.sparkmedic.remediation.eventlog.model.PlanOperator;
import io.sparkmedic.remediation.signal.ContainerTermination;
import io.sparkmedic.remediation.signal.SparkRole;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Causes only Spark's own metrics show, read from the run's event log: one partition holding most
 * of a stage's data, and data spilling for want of memory or partitions. A skewed partition that
 * killed its executor is the cause, and the OOM it caused is its symptom: adding memory to every
 * executor for one hot key hides the problem and costs the whole cluster.
 */
final class DataRules {

  private DataRules() {}

  static Optional<Found> dataSkew(DiagnosisContext c) {
    EventLogAnalysis analysis = c.signals.eventLog();
    if (analysis == null) {
      return Optional.empty();
    }
    Optional<Finding> found =
        analysis.findings(FindingType.DATA_SKEW).stream()
            .filter(
                f -> f.severity().compareTo(Severity.MODERATE) >= 0 || f.skew().stragglerFailed())
            .findFirst();
    if (found.isEmpty()) {
      return Optional.empty();
    }
    StageSkew s = found.get().skew();
    List<String> evidence = new ArrayList<>();
    String what = s.measure() == StageSkew.Measure.SHUFFLE_READ ? "of shuffle" : "of input";
    evidence.add(
        String.format(
            Locale.ROOT,
            "Stage %d (attempt %d, %d tasks) read %s %s in partition %d against a median of %s per"
                + " task (%s) and a 75th percentile of %s.",
            s.stageId(),
            s.attemptId(),
            s.taskCount(),
            Units.bytes(s.maxBytes()),
            what,
            s.stragglerPartition(),
            Units.bytes(s.medianBytes()),
            Units.times(s.bytesRatio()),
            Units.bytes(s.p75Bytes())));
    if (s.medianRecords() > 0) {
      evidence.add(
          "That partition held "
              + Units.count(s.stragglerRecords())
              + " records against a median of "
              + Units.count(s.medianRecords())
              + ".");
    }
    boolean killedExecutor = straggleKilledItsExecutor(c, s);
    if (s.stragglerFailed()) {
      evidence.add(
          "Task "
              + s.stragglerTaskId()
              + " for that partition failed"
              + (s.stragglerExecutorId() == null ? "" : " on executor " + s.stragglerExecutorId())
              + (s.stragglerFailure() == null ? "" : ": " + s.stragglerFailure())
              + "; the partition never finished.");
    } else {
      evidence.add(
          "The straggler ran "
              + Units.millis(s.stragglerDurationMs())
              + " against a median task of "
              + Units.millis(s.medianDurationMs())
              + ", "
              + Units.percent(s.stragglerShareOfWallTime())
              + " of the stage's wall time.");
    }
    s.operators().stream()
        .filter(PlanOperator::isJoin)
        .findFirst()
        .or(() -> s.operators().stream().findFirst())
        .ifPresent(
            op ->
                evidence.add(
                    "The stage runs " + op.describe() + ": the hot key is one of those keys."));
    if (killedExecutor) {
      evidence.add(
          "The executor that ran the straggler is the one that ran out of memory: the OOM is a"
              + " symptom of the skew, and more memory for every executor would hide it.");
    }
    boolean strong =
        s.stragglerFailed() || (s.bytesRatio() >= 10 && s.stragglerShareOfWallTime() >= 0.5);
    Map<String, String> conf = new LinkedHashMap<>();
    List<String> advice = new ArrayList<>();
    for (Recommendation r : found.get().recommendations()) {
      if (r.sparkConf().isEmpty()) {
        advice.add(r.action() + ".");
      } else {
        r.sparkConf().forEach(conf::putIfAbsent);
      }
    }
    return Optional.of(
        new Found(
            new Diagnosis(
                DiagnosisCategory.DATA_SKEW,
                strong ? Confidence.HIGH : Confidence.MEDIUM,
                true,
                "One partition of stage "
                    + s.stageId()
                    + " held "
                    + Units.times(s.bytesRatio())
                    + " the median's data; its task "
                    + (s.stragglerFailed() ? "failed" : "held the stage up")
                    + ". Split it (AQE skew join) rather than growing every executor.",
                evidence,
                conf,
                advice),
            s.stragglerFailed() || killedExecutor
                ? Diagnoser.RANK_DRIVER - 4
                : Diagnoser.RANK_WEAK));
  }

  /** Whether an executor that died of memory is the one the straggler ran on. */
  private static boolean straggleKilledItsExecutor(DiagnosisContext c, StageSkew s) {
    if (s.stragglerExecutorId() == null) {
      return false;
    }
    boolean byPod =
        c.signals.terminationsOf(SparkRole.EXECUTOR).stream()
            .filter(t -> t.oomKilled() || t.exitedWith(Diagnoser.SPARK_OOM_EXIT))
            .map(ContainerTermination::executorId)
            .anyMatch(s.stragglerExecutorId()::equals);
    boolean byLog =
        c.log.executorExits().stream()
                .filter(
                    e -> e.exitCode() == Diagnoser.SPARK_OOM_EXIT || "OOMKilled".equals(e.reason()))
                .anyMatch(e -> e.executorId().equals(s.stragglerExecutorId()))
            || c.log.taskOoms().stream()
                .anyMatch(t -> t.executorId().equals(s.stragglerExecutorId()));
    return byPod || byLog;
  }

  /** Heavy spill or too few partitions, as evidence of too little parallelism. */
  static Optional<Found> spill(DiagnosisContext c) {
    EventLogAnalysis analysis = c.signals.eventLog();
    if (analysis == null) {
      return Optional.empty();
    }
    List<Finding> findings = new ArrayList<>(analysis.findings(FindingType.SPILL));
    findings.addAll(analysis.findings(FindingType.TOO_FEW_PARTITIONS));
    findings.removeIf(f -> f.severity().compareTo(Severity.SEVERE) < 0);
    if (findings.isEmpty()) {
      return Optional.empty();
    }
    List<String> evidence = new ArrayList<>();
    for (Finding f : findings) {
      evidence.add(f.summary());
      f.evidence().stream().limit(2).forEach(evidence::add);
    }
    return Optional.of(
        new Found(
            new Diagnosis(
                DiagnosisCategory.INSUFFICIENT_PARALLELISM,
                Confidence.MEDIUM,
                "Spark's metrics show tasks with more data than memory: more partitions and"
                    + " executors spread it.",
                evidence),
            Diagnoser.RANK_WEAK));
  }
}
