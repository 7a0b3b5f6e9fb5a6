package io.sparkmedic.remediation.eventlog.finding;

import static io.sparkmedic.remediation.eventlog.finding.Units.millis;
import static io.sparkmedic.remediation.eventlog.finding.Units.percent;

import io.sparkmedic.remediation.eventlog.model.ApplicationModel;
import io.sparkmedic.remediation.eventlog.model.StageSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * GC pressure: stages whose task attempts (failed ones included: a task dying of OutOfMemoryError
 * usually spent its last seconds collecting) spent a large share of their run time in garbage
 * collection.
 */
final class GcCheck {

  private final ApplicationModel model;
  private final FindingThresholds t;

  GcCheck(ApplicationModel model, FindingThresholds thresholds) {
    this.model = model;
    this.t = thresholds;
  }

  Optional<Finding> find(List<Integer> skewedStageIds) {
    List<Integer> stageIds = new ArrayList<>();
    List<String> evidence = new ArrayList<>();
    double worst = 0;
    long gcTotal = 0;
    for (StageSummary s : model.stages()) {
      long gc = s.attemptsGcTimeMs();
      long run = s.attemptsRunTimeMs();
      if (gc < t.minGcMs() || run == 0) {
        continue;
      }
      double ratio = (double) gc / run;
      if (ratio < t.gcLow()) {
        continue;
      }
      stageIds.add(s.stageId());
      worst = Math.max(worst, ratio);
      gcTotal += gc;
      evidence.add(
          "stage "
              + s.label()
              + ": "
              + millis(gc)
              + " of GC in "
              + millis(run)
              + " of task run time ("
              + percent(ratio)
              + ")"
              + (s.failedAttempts() > 0
                  ? ", over "
                      + s.failedAttempts()
                      + " failed and "
                      + s.tasks().succeeded()
                      + " successful attempts"
                  : ""));
    }
    if (stageIds.isEmpty()) {
      return Optional.empty();
    }
    Severity severity =
        worst >= t.gcSevere()
            ? Severity.SEVERE
            : worst >= t.gcModerate() ? Severity.MODERATE : Severity.LOW;
    List<Recommendation> recommendations = new ArrayList<>();
    List<Integer> skewed = stageIds.stream().filter(skewedStageIds::contains).toList();
    if (!skewed.isEmpty()) {
      recommendations.add(
          new Recommendation(
              "Fix the skew of stage(s) "
                  + skewed
                  + " first: the straggler's data is what fills"
                  + " the heap",
              Map.of(),
              "the GC time of the straggler falls with its data"));
    }
    recommendations.add(
        new Recommendation(
            "Give each task more heap: more spark.executor.memory, or fewer spark.executor.cores"
                + " per executor",
            Map.of(),
            "up to "
                + millis(gcTotal)
                + " of GC time, "
                + percent(worst)
                + " of run time in the"
                + " worst stage, shrinks as the heap grows"));
    return Optional.of(
        new Finding(
            FindingType.GC_PRESSURE,
            severity,
            stageIds,
            "Tasks spent up to " + percent(worst) + " of their run time in garbage collection",
            evidence,
            recommendations,
            null));
  }
}
