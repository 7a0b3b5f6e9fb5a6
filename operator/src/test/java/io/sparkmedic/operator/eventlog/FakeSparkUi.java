package io.sparkmedic.operator.eventlog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * A running driver's UI REST API ({@code /api/v1}), answering with what Spark's status store would
 * hold for a real event log: the stages with their task-metric quantiles, the task lists, the
 * executors, jobs and environment. The driver serves no event log.
 */
final class FakeSparkUi {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'GMT'").withZone(ZoneOffset.UTC);

  private final List<JsonNode> events = new ArrayList<>();
  private String appId;

  FakeSparkUi(byte[] log) {
    for (String line : new String(log, StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        try {
          events.add(JSON.readTree(line));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }

  /** Registers the API on {@code server}; returns the application id. */
  String serveOn(FakeHttpServer server) {
    JsonNode start = first("SparkListenerApplicationStart");
    appId = start.get("App ID").asText();
    String app = "/api/v1/applications/" + appId;
    ObjectNode info = JSON.createObjectNode();
    info.put("id", appId);
    info.put("name", start.get("App Name").asText());
    ObjectNode attempt = info.putArray("attempts").addObject();
    attempt.put("startTimeEpoch", start.get("Timestamp").asLong());
    attempt.put("endTimeEpoch", -1);
    attempt.put("completed", false);
    attempt.put("sparkUser", "root");
    attempt.put("appSparkVersion", "3.5.5");
    server.on("/api/v1/applications", FakeHttpServer.Response.json("[" + info + "]"));
    server.on(app, FakeHttpServer.Response.json(info.toString()));
    server.on(app + "/logs", FakeHttpServer.Response.status(404));
    server.on(
        app + "/environment",
        FakeHttpServer.Response.json(
            "{\"sparkProperties\":[[\"spark.sql.shuffle.partitions\",\"32\"],"
                + "[\"spark.master\",\"local-cluster[2,1,1024]\"],"
                + "[\"spark.sql.adaptive.enabled\",\"false\"],"
                + "[\"spark.hadoop.fs.s3a.secret.key\",\"SECRET\"]]}"));
    server.on(app + "/jobs", FakeHttpServer.Response.json(jobs().toString()));
    server.on(
        app + "/sql?details=false",
        FakeHttpServer.Response.json(
            "[{\"id\":0,\"status\":\"COMPLETED\",\"successJobIds\":[0],\"failedJobIds\":[],"
                + "\"runningJobIds\":[]}]"));
    server.on(app + "/allexecutors", FakeHttpServer.Response.json(executors().toString()));
    server.on(
        app + "/stages?details=false&withSummaries=true&quantiles=0.0,0.5,0.75,0.95,1.0",
        FakeHttpServer.Response.json(stages().toString()));
    for (JsonNode s : events("SparkListenerStageCompleted")) {
      int id = s.at("/Stage Info/Stage ID").asInt();
      int n = tasksOf(id).size();
      server.on(
          app + "/stages/" + id + "/0/taskList?offset=0&length=" + n,
          FakeHttpServer.Response.json(taskList(id).toString()));
    }
    return appId;
  }

  private JsonNode first(String event) {
    return events("" + event).get(0);
  }

  private List<JsonNode> events(String event) {
    return events.stream().filter(e -> e.path("Event").asText().equals(event)).toList();
  }

  private List<JsonNode> tasksOf(int stage) {
    return events("SparkListenerTaskEnd").stream()
        .filter(e -> e.get("Stage ID").asInt() == stage)
        .toList();
  }

  private static String date(long epochMs) {
    return DATE.format(Instant.ofEpochMilli(epochMs));
  }

  private ArrayNode jobs() {
    ArrayNode out = JSON.createArrayNode();
    for (JsonNode j : events("SparkListenerJobStart")) {
      ObjectNode n = out.addObject();
      n.put("jobId", j.get("Job ID").asInt());
      n.put("status", "SUCCEEDED");
      n.put("submissionTime", date(j.get("Submission Time").asLong()));
      n.set("stageIds", j.get("Stage IDs"));
    }
    return out;
  }

  private ArrayNode executors() {
    ArrayNode out = JSON.createArrayNode();
    ObjectNode driver = out.addObject();
    driver.put("id", "driver");
    driver.put("hostPort", "127.0.0.1:37577");
    driver.put("totalCores", 0);
    for (JsonNode e : events("SparkListenerExecutorAdded")) {
      ObjectNode n = out.addObject();
      n.put("id", e.get("Executor ID").asText());
      n.put("hostPort", "localhost:38959");
      n.put("totalCores", e.at("/Executor Info/Total Cores").asInt());
      n.put("addTime", date(e.get("Timestamp").asLong()));
      n.put("maxMemory", 455_501_414L);
      n.put("totalTasks", 26);
      n.put("totalDuration", 10_000);
    }
    return out;
  }

  private ArrayNode stages() {
    ArrayNode out = JSON.createArrayNode();
    for (JsonNode c : events("SparkListenerStageCompleted")) {
      JsonNode info = c.get("Stage Info");
      int id = info.get("Stage ID").asInt();
      List<JsonNode> tasks = tasksOf(id);
      ObjectNode s = out.addObject();
      s.put("status", "COMPLETE");
      s.put("stageId", id);
      s.put("attemptId", 0);
      s.put("numTasks", info.get("Number of Tasks").asInt());
      s.put("numActiveTasks", 0);
      s.put("numCompleteTasks", tasks.size());
      s.put("numFailedTasks", 0);
      s.put("numKilledTasks", 0);
      s.put("submissionTime", date(info.get("Submission Time").asLong()));
      s.put("completionTime", date(info.get("Completion Time").asLong()));
      s.put("name", info.get("Stage Name").asText());
      s.put("executorRunTime", sum(tasks, "/Task Metrics/Executor Run Time"));
      s.put("jvmGcTime", sum(tasks, "/Task Metrics/JVM GC Time"));
      s.put(
          "shuffleReadBytes",
          sum(tasks, "/Task Metrics/Shuffle Read Metrics/Remote Bytes Read")
              + sum(tasks, "/Task Metrics/Shuffle Read Metrics/Local Bytes Read"));
      s.put(
          "shuffleReadRecords",
          sum(tasks, "/Task Metrics/Shuffle Read Metrics/Total Records Read"));
      s.put("memoryBytesSpilled", 0);
      s.put("diskBytesSpilled", 0);
      ObjectNode d = s.putObject("taskMetricsDistributions");
      d.set("quantiles", JSON.valueToTree(new double[] {0.0, 0.5, 0.75, 0.95, 1.0}));
      d.set(
          "duration",
          quantiles(
              tasks,
              t ->
                  t.at("/Task Info/Finish Time").asLong()
                      - t.at("/Task Info/Launch Time").asLong()));
      d.set(
          "executorRunTime",
          quantiles(tasks, t -> t.at("/Task Metrics/Executor Run Time").asLong()));
      d.set("jvmGcTime", quantiles(tasks, t -> t.at("/Task Metrics/JVM GC Time").asLong()));
      d.set("memoryBytesSpilled", quantiles(tasks, t -> 0));
      d.set("diskBytesSpilled", quantiles(tasks, t -> 0));
      ObjectNode in = d.putObject("inputMetrics");
      in.set("bytesRead", quantiles(tasks, t -> 0));
      in.set("recordsRead", quantiles(tasks, t -> 0));
      ObjectNode sr = d.putObject("shuffleReadMetrics");
      sr.set(
          "readBytes",
          quantiles(
              tasks,
              t ->
                  t.at("/Task Metrics/Shuffle Read Metrics/Remote Bytes Read").asLong()
                      + t.at("/Task Metrics/Shuffle Read Metrics/Local Bytes Read").asLong()));
      sr.set(
          "readRecords",
          quantiles(
              tasks, t -> t.at("/Task Metrics/Shuffle Read Metrics/Total Records Read").asLong()));
    }
    return out;
  }

  private ArrayNode taskList(int stage) {
    ArrayNode out = JSON.createArrayNode();
    for (JsonNode t : tasksOf(stage)) {
      JsonNode ti = t.get("Task Info");
      JsonNode m = t.get("Task Metrics");
      ObjectNode n = out.addObject();
      n.put("taskId", ti.get("Task ID").asLong());
      n.put("index", ti.get("Index").asInt());
      n.put("attempt", ti.get("Attempt").asInt());
      n.put("partitionId", ti.get("Partition ID").asInt());
      n.put("launchTime", date(ti.get("Launch Time").asLong()));
      n.put("duration", ti.get("Finish Time").asLong() - ti.get("Launch Time").asLong());
      n.put("executorId", ti.get("Executor ID").asText());
      n.put("status", "SUCCESS");
      n.put("speculative", false);
      ObjectNode tm = n.putObject("taskMetrics");
      tm.put("executorRunTime", m.get("Executor Run Time").asLong());
      ObjectNode sr = tm.putObject("shuffleReadMetrics");
      sr.put("remoteBytesRead", m.at("/Shuffle Read Metrics/Remote Bytes Read").asLong());
      sr.put("localBytesRead", m.at("/Shuffle Read Metrics/Local Bytes Read").asLong());
      sr.put("recordsRead", m.at("/Shuffle Read Metrics/Total Records Read").asLong());
      ObjectNode in = tm.putObject("inputMetrics");
      in.put("bytesRead", 0);
      in.put("recordsRead", 0);
    }
    return out;
  }

  private static long sum(List<JsonNode> tasks, String pointer) {
    return tasks.stream().mapToLong(t -> t.at(pointer).asLong()).sum();
  }

  private static ArrayNode quantiles(
      List<JsonNode> tasks, java.util.function.ToLongFunction<JsonNode> metric) {
    long[] v = tasks.stream().mapToLong(metric).sorted().toArray();
    ArrayNode out = JSON.createArrayNode();
    for (double q : new double[] {0.0, 0.5, 0.75, 0.95, 1.0}) {
      out.add((double) v[(int) (q * (v.length - 1))]);
    }
    return out;
  }
}
