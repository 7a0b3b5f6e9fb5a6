package io.sparkmedic.remediation.eventlog.finding;

import static io.sparkmedic.remediation.eventlog.finding.Units.percent;

import io.sparkmedic.remediation.eventlog.model.ApplicationModel;
import io.sparkmedic.remediation.eventlog.model.StageStatus;
import io.sparkmedic.remediation.eventlog.model.StageSummary;
import io.sparkmedic.remediation.eventlog.model.TaskFailures;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Failed task attempts, counted exactly as the log records them (attempts Spark marked failed;
 * killed speculative copies and resubmissions are not failures), grouped by reason.
 */
final class FailureCheck {

  private final ApplicationModel model;
  private final FindingThresholds t;

  FailureCheck(ApplicationModel model, FindingThresholds thresholds) {
    this.model = model;
    this.t = thresholds;
  }

  Optional<Finding> find() {
    int failed = 0;
    int attempts = 0;
    int killed = 0;
    boolean stageFailed = false;
    List<Integer> stageIds = new ArrayList<>();
    Map<String, List<String>> byReason = new LinkedHashMap<>();
    Map<String, Integer> countByReason = new LinkedHashMap<>();
    Map<String, String> examples = new LinkedHashMap<>();
    int running = 0;
    boolean oom = false;
    boolean executorLost = false;
    boolean fetchFailed = false;
    for (StageSummary s : model.stages()) {
      attempts += s.tasks().succeeded() + s.tasks().failed() + s.tasks().killed();
      killed += s.tasks().killed();
      running += s.tasks().running();
      if (s.failedAttempts() == 0) {
        continue;
      }
      stageIds.add(s.stageId());
      stageFailed |= s.status() == StageStatus.FAILED;
      for (TaskFailures f : s.failures()) {
        if (!f.failed()) {
          continue;
        }
        failed += f.count();
        oom |= f.isOutOfMemory();
        executorLost |= "ExecutorLostFailure".equals(f.reason());
        fetchFailed |= "FetchFailed".equals(f.reason());
        String key = f.describe();
        countByReason.merge(key, f.count(), Integer::sum);
        if (f.example() != null && !f.example().equals(key)) {
          examples.putIfAbsent(key, f.example());
        }
        byReason
            .computeIfAbsent(key, k -> new ArrayList<>())
            .add(
                f.count()
                    + " in stage "
                    + s.label()
                    + " (partitions "
                    + join(f.partitions())
                    + (f.executors().isEmpty() ? "" : "; executors " + join(f.executors()))
                    + ")");
      }
    }
    if (failed == 0) {
      return Optional.empty();
    }
    List<String> evidence = new ArrayList<>();
    double rate = attempts == 0 ? 1 : (double) failed / attempts;
    int jobsFailed = model.application().jobsFailed();
    evidence.add(
        failed
            + (failed == 1 ? " task attempt" : " task attempts")
            + " failed, of "
            + attempts
            + " ended ("
            + percent(rate)
            + "); "
            + (jobsFailed > 0
                ? jobsFailed + (jobsFailed == 1 ? " job" : " jobs") + " failed"
                : "every job succeeded: retries absorbed them"));
    countByReason.forEach(
        (reason, count) ->
            evidence.add(
                count
                    + (count == 1 ? " attempt" : " attempts")
                    + " failed with "
                    + reason
                    + ": "
                    + String.join(", ", byReason.get(reason))
                    + (examples.containsKey(reason)
                        ? " — e.g. \"" + examples.get(reason) + "\""
                        : "")));
    if (running > 0) {
      evidence.add(
          running
              + (running == 1 ? " attempt was" : " attempts were")
              + " still running when the log ends (the driver or its JVM exited)");
    }
    if (killed > 0) {
      evidence.add(killed + " more attempts were killed (not failures: speculation or cancelling)");
    }
    for (StageSummary s : model.stages()) {
      if (s.status() == StageStatus.FAILED && s.failureReason() != null) {
        evidence.add("stage " + s.label() + " failed: " + s.failureReason());
      }
    }
    Severity severity =
        stageFailed || jobsFailed > 0
            ? Severity.CRITICAL
            : rate >= t.failuresSevere()
                ? Severity.SEVERE
                : rate >= t.failuresModerate() ? Severity.MODERATE : Severity.LOW;
    List<Recommendation> recommendations = new ArrayList<>();
    if (oom) {
      recommendations.add(
          new Recommendation(
              "Tasks ran out of heap: give each more (more spark.executor.memory, or fewer"
                  + " spark.executor.cores per executor); if a stage is skewed, fix the skew first",
              Map.of(),
              "the failing tasks get a larger share of the heap"));
    }
    if (executorLost) {
      recommendations.add(
          new Recommendation(
              "Executors were lost: look at how their pods ended (OOMKilled: raise"
                  + " spark.executor.memoryOverhead; spot or node loss: on-demand capacity)",
              Map.of(),
              "no more lost executors, no more recomputed tasks"));
    }
    if (fetchFailed) {
      recommendations.add(
          new Recommendation(
              "Shuffle output was lost with its executor: enable decommissioning with shuffle"
                  + " block migration",
              Map.of(
                  "spark.decommission.enabled", "true",
                  "spark.storage.decommission.enabled", "true",
                  "spark.storage.decommission.shuffleBlocks.enabled", "true"),
              "map output survives executor loss, so stages are not resubmitted"));
    }
    if (!oom && !executorLost && !fetchFailed) {
      recommendations.add(
          new Recommendation(
              jobsFailed > 0
                  ? "The tasks failed in the application's own code: fix the error; more"
                      + " resources will not help"
                  : "Transient errors that Spark's retries absorbed (spark.task.maxFailures): no"
                      + " resource change helps; make the failing source more reliable",
              Map.of(),
              jobsFailed > 0 ? "the job can succeed" : "no retries, no wasted attempts"));
    }
    return Optional.of(
        new Finding(
            FindingType.TASK_FAILURES,
            severity,
            stageIds,
            failed
                + (failed == 1 ? " task attempt failed" : " task attempts failed")
                + (countByReason.size() == 1
                    ? " with " + countByReason.keySet().iterator().next()
                    : " for " + countByReason.size() + " reasons"),
            evidence,
            recommendations,
            null));
  }

  private static String join(List<?> items) {
    return items.stream().map(String::valueOf).reduce((a, b) -> a + ", " + b).orElse("?");
  }
}
