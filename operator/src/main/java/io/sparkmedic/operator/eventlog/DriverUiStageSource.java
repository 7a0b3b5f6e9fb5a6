package io.sparkmedic.operator.eventlog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import io.sparkmedic.remediation.eventlog.EventLogAnalysis;
import io.sparkmedic.remediation.eventlog.EventLogAnalyzer;
import io.sparkmedic.remediation.eventlog.EventLogException;
import io.sparkmedic.remediation.eventlog.ProgressListener;
import io.sparkmedic.remediation.eventlog.model.ApplicationInfo;
import io.sparkmedic.remediation.eventlog.model.ApplicationModel;
import io.sparkmedic.remediation.eventlog.model.ClusterShape;
import io.sparkmedic.remediation.eventlog.model.ExecutorSpan;
import io.sparkmedic.remediation.eventlog.model.InputStats;
import io.sparkmedic.remediation.eventlog.model.StageSummary;
import io.sparkmedic.remediation.eventlog.model.TuningProperties;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A running application's stage summaries from its driver's UI ({@code http://<driver>:4040}):
 * {@code /stages?withSummaries=true} gives every stage's task-metric quantiles in one call; only
 * the stages whose quantiles suggest skew, or that have failed tasks, have their task list read
 * (streamed) to name the straggler and the failures. {@code details=true} would make the driver
 * serialise every task of every stage, a load on the very job being watched, so it is not used.
 * There are no per-task timings for the whole run, so no what-if.
 */
public final class DriverUiStageSource implements EventLogSource {

  private final SparkRestApi api;
  private final String appId;
  private final String attemptId;
  private final Clock clock;

  DriverUiStageSource(SparkRestApi api, String appId, String attemptId, Clock clock) {
    this.api = api;
    this.appId = appId;
    this.attemptId = attemptId;
    this.clock = clock;
  }

  @Override
  public String location() {
    return api.base() + SparkRestApi.appPath(appId, attemptId);
  }

  @Override
  public EventLogAnalysis analyze(EventLogAnalyzer analyzer, ProgressListener progress)
      throws EventLogException {
    String app = SparkRestApi.appPath(appId, attemptId);
    long now = clock.millis();
    JsonNode info = api.get(SparkRestApi.appPath(appId, null));
    JsonNode attempt = info.path("attempts").path(0);
    Map<String, String> properties = properties(app);

    JsonNode jobs = api.get(app + "/jobs");
    Map<Integer, Long> executionOfStage = executionsOfStages(app, jobs);
    int succeeded = 0;
    int failed = 0;
    int running = 0;
    List<ApplicationModel.JobSpan> spans = new ArrayList<>();
    for (JsonNode j : jobs) {
      String status = j.path("status").asText();
      switch (status) {
        case "SUCCEEDED" -> succeeded++;
        case "FAILED" -> failed++;
        default -> running++;
      }
      List<Integer> stageIds = new ArrayList<>();
      j.path("stageIds").forEach(s -> stageIds.add(s.asInt()));
      spans.add(
          new ApplicationModel.JobSpan(
              j.path("jobId").asInt(),
              LiveStageMapper.epochMillis(j.path("submissionTime").asText(null)),
              LiveStageMapper.epochMillis(j.path("completionTime").asText(null)),
              "SUCCEEDED".equals(status),
              stageIds));
    }

    JsonNode stageList =
        api.get(
            app
                + "/stages?details=false&withSummaries=true&quantiles="
                + LiveStageMapper.QUANTILES);
    List<StageSummary> stages = new ArrayList<>();
    for (JsonNode s : stageList) {
      String status = s.path("status").asText();
      if ("PENDING".equals(status) || "SKIPPED".equals(status)) {
        continue;
      }
      LiveStageMapper.TaskScan scan = null;
      boolean failures = s.path("numFailedTasks").asInt() > 0;
      if (failures || LiveStageMapper.skewCandidate(LiveStageMapper.distributions(s))) {
        scan = scanTasks(app, s);
      }
      stages.add(
          LiveStageMapper.stage(
              s, executionOfStage.getOrDefault(s.path("stageId").asInt(), -1L), scan, now));
    }
    stages.sort(
        (a, b) ->
            a.stageId() != b.stageId()
                ? Integer.compare(a.stageId(), b.stageId())
                : Integer.compare(a.attemptId(), b.attemptId()));

    List<ExecutorSpan> executors = new ArrayList<>();
    Map<Integer, Integer> cores = new HashMap<>();
    long unified = 0;
    int alive = 0;
    int removed = 0;
    for (JsonNode e : api.get(app + "/allexecutors")) {
      String id = e.path("id").asText();
      String master = properties.getOrDefault("spark.master", "");
      boolean localMode = master.equals("local") || master.startsWith("local[");
      if ("driver".equals(id) && !localMode) {
        // The driver runs no tasks outside local mode; it is not an executor.
        continue;
      }
      long removedAt = LiveStageMapper.epochMillis(e.path("removeTime").asText(null));
      if (removedAt >= 0) {
        removed++;
      } else {
        alive++;
      }
      String hostPort = e.path("hostPort").asText("");
      executors.add(
          new ExecutorSpan(
              id,
              hostPort.contains(":") ? hostPort.substring(0, hostPort.lastIndexOf(':')) : hostPort,
              e.path("totalCores").asInt(),
              LiveStageMapper.epochMillis(e.path("addTime").asText(null)),
              removedAt,
              e.path("removeReason").asText(null),
              e.path("totalTasks").asInt(),
              e.path("totalDuration").asLong()));
      cores.merge(e.path("totalCores").asInt(), 1, Integer::sum);
      unified = Math.max(unified, e.path("maxMemory").asLong());
    }
    int taskCpus = Integer.parseInt(properties.getOrDefault("spark.task.cpus", "1").trim());
    ClusterShape cluster =
        new ClusterShape(
            alive,
            executors.size(),
            removed,
            cores.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey)
                .orElse(1),
            taskCpus,
            unified);
    long start = attempt.path("startTimeEpoch").asLong(-1);
    long end =
        attempt.path("completed").asBoolean() ? attempt.path("endTimeEpoch").asLong(now) : now;
    ApplicationInfo application =
        new ApplicationInfo(
            info.path("id").asText(appId),
            attempt.path("attemptId").asText(null),
            info.path("name").asText(null),
            attempt.path("sparkUser").asText(null),
            attempt.path("appSparkVersion").asText(null),
            start,
            end,
            attempt.path("completed").asBoolean(),
            succeeded,
            failed,
            running,
            executionOfStage.values().stream().distinct().toList().size(),
            0,
            properties);
    InputStats input =
        new InputStats(
            location(), 0, 0, 0, stages.size(), 0, 0, 0, false, null, !application.ended());
    return analyzer.analyze(
        new ApplicationModel(application, stages, executors, cluster, spans), input);
  }

  private Map<String, String> properties(String app) {
    Map<String, String> all = new LinkedHashMap<>();
    try {
      for (JsonNode pair : api.get(app + "/environment").path("sparkProperties")) {
        if (pair.isArray() && pair.size() >= 2) {
          all.put(pair.get(0).asText(), pair.get(1).asText());
        }
      }
    } catch (EventLogException e) {
      // Without the environment, Spark's defaults stand in.
    }
    return TuningProperties.of(all);
  }

  /** Stage id → SQL execution id, through the executions' jobs and the jobs' stages. */
  private Map<Integer, Long> executionsOfStages(String app, JsonNode jobs) {
    Map<Integer, Long> executionOfJob = new HashMap<>();
    Map<Integer, Long> out = new HashMap<>();
    try {
      for (JsonNode e : api.get(app + "/sql?details=false")) {
        long id = e.path("id").asLong();
        for (String field : List.of("successJobIds", "failedJobIds", "runningJobIds")) {
          e.path(field).forEach(j -> executionOfJob.put(j.asInt(), id));
        }
      }
      for (JsonNode j : jobs) {
        Long execution = executionOfJob.get(j.path("jobId").asInt());
        if (execution != null) {
          j.path("stageIds").forEach(s -> out.put(s.asInt(), execution));
        }
      }
    } catch (EventLogException e) {
      // Not a SQL application, or a Spark without the /sql endpoint.
    }
    return out;
  }

  /** Streams a stage's task list: memory stays one task at a time, whatever the stage's size. */
  private LiveStageMapper.TaskScan scanTasks(String app, JsonNode stage) throws EventLogException {
    int tasks =
        stage.path("numTasks").asInt()
            + stage.path("numFailedTasks").asInt()
            + stage.path("numKilledTasks").asInt();
    String path =
        app
            + "/stages/"
            + stage.path("stageId").asInt()
            + "/"
            + stage.path("attemptId").asInt()
            + "/taskList?offset=0&length="
            + Math.max(1, tasks);
    LiveStageMapper.TaskScan scan = new LiveStageMapper.TaskScan();
    try (InputStream in = api.stream(path);
        MappingIterator<JsonNode> it =
            SparkRestApi.json().readerFor(JsonNode.class).readValues(in)) {
      while (it.hasNextValue()) {
        JsonNode value = it.nextValue();
        if (value.isArray()) {
          value.forEach(scan::add);
        } else {
          scan.add(value);
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new EventLogException(
          api.base() + path + ": unreadable task list (" + e.getMessage() + ")", e);
    }
    return scan;
  }
}
