package io.sparkmedic.operator.eventlog;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkmedic.remediation.eventlog.model.Distribution;
import io.sparkmedic.remediation.eventlog.model.StageStatus;
import io.sparkmedic.remediation.eventlog.model.StageSummary;
import io.sparkmedic.remediation.eventlog.model.TaskFailures;
import io.sparkmedic.remediation.eventlog.model.TaskMetric;
import io.sparkmedic.remediation.eventlog.model.TaskRef;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Maps Spark's REST {@code StageData} (with {@code withSummaries=true}: per-metric quantiles over
 * the successful tasks) and, for the stages that need it, its task list, onto the same {@link
 * StageSummary} an event log gives. Quantiles come from Spark, so they are Spark's (interpolated
 * between tasks where Spark interpolates); totals are the stage's own sums.
 */
final class LiveStageMapper {

  /** The quantiles requested: min, median, p75, p95, max. */
  static final String QUANTILES = "0.0,0.5,0.75,0.95,1.0";

  private LiveStageMapper() {}

  /** A stage's distributions, from its {@code taskMetricsDistributions} and totals. */
  static Map<TaskMetric, Distribution> distributions(JsonNode stage) {
    JsonNode d = stage.path("taskMetricsDistributions");
    int count = stage.path("numCompleteTasks").asInt();
    Map<TaskMetric, Distribution> out = new EnumMap<>(TaskMetric.class);
    if (d.isMissingNode() || d.isNull() || count == 0) {
      return out;
    }
    put(out, TaskMetric.DURATION, d.path("duration"), count, stage.path("executorRunTime"));
    put(
        out,
        TaskMetric.EXECUTOR_RUN_TIME,
        d.path("executorRunTime"),
        count,
        stage.path("executorRunTime"));
    put(out, TaskMetric.GC_TIME, d.path("jvmGcTime"), count, stage.path("jvmGcTime"));
    put(out, TaskMetric.PEAK_EXECUTION_MEMORY_BYTES, d.path("peakExecutionMemory"), count, null);
    put(
        out,
        TaskMetric.MEMORY_SPILLED_BYTES,
        d.path("memoryBytesSpilled"),
        count,
        stage.path("memoryBytesSpilled"));
    put(
        out,
        TaskMetric.DISK_SPILLED_BYTES,
        d.path("diskBytesSpilled"),
        count,
        stage.path("diskBytesSpilled"));
    JsonNode in = d.path("inputMetrics");
    put(out, TaskMetric.INPUT_BYTES, in.path("bytesRead"), count, stage.path("inputBytes"));
    put(out, TaskMetric.INPUT_RECORDS, in.path("recordsRead"), count, stage.path("inputRecords"));
    put(
        out,
        TaskMetric.OUTPUT_BYTES,
        d.path("outputMetrics").path("bytesWritten"),
        count,
        stage.path("outputBytes"));
    JsonNode sr = d.path("shuffleReadMetrics");
    put(
        out,
        TaskMetric.SHUFFLE_READ_BYTES,
        sr.path("readBytes"),
        count,
        stage.path("shuffleReadBytes"));
    put(
        out,
        TaskMetric.SHUFFLE_READ_RECORDS,
        sr.path("readRecords"),
        count,
        stage.path("shuffleReadRecords"));
    JsonNode sw = d.path("shuffleWriteMetrics");
    put(
        out,
        TaskMetric.SHUFFLE_WRITE_BYTES,
        sw.path("writeBytes"),
        count,
        stage.path("shuffleWriteBytes"));
    put(
        out,
        TaskMetric.SHUFFLE_WRITE_RECORDS,
        sw.path("writeRecords"),
        count,
        stage.path("shuffleWriteRecords"));
    // Data read: shuffle plus input; exact where a stage reads only one of them (nearly always).
    out.put(
        TaskMetric.BYTES_READ,
        sum(out.get(TaskMetric.SHUFFLE_READ_BYTES), out.get(TaskMetric.INPUT_BYTES)));
    out.put(
        TaskMetric.RECORDS_READ,
        sum(out.get(TaskMetric.SHUFFLE_READ_RECORDS), out.get(TaskMetric.INPUT_RECORDS)));
    return out;
  }

  private static void put(
      Map<TaskMetric, Distribution> out, TaskMetric m, JsonNode q, int count, JsonNode total) {
    if (!q.isArray() || q.size() < 5) {
      return;
    }
    long t =
        total == null || total.isMissingNode()
            ? Math.round(q.get(2).asDouble() * count)
            : total.asLong();
    out.put(
        m,
        new Distribution(
            count,
            Math.round(q.get(0).asDouble()),
            Math.round(q.get(1).asDouble()),
            Math.round(q.get(2).asDouble()),
            Math.round(q.get(3).asDouble()),
            Math.round(q.get(4).asDouble()),
            t));
  }

  private static Distribution sum(Distribution a, Distribution b) {
    if (a == null) {
      return b == null ? Distribution.EMPTY : b;
    }
    if (b == null) {
      return a;
    }
    return new Distribution(
        a.count(),
        a.min() + b.min(),
        a.median() + b.median(),
        a.p75() + b.p75(),
        a.p95() + b.p95(),
        a.max() + b.max(),
        a.total() + b.total());
  }

  /** Whether a stage's quantiles suggest skew, so that its task list is worth fetching. */
  static boolean skewCandidate(Map<TaskMetric, Distribution> d) {
    Distribution bytes = d.getOrDefault(TaskMetric.BYTES_READ, Distribution.EMPTY);
    return bytes.max() > 0 && (bytes.median() == 0 || bytes.max() >= 2 * bytes.median());
  }

  /** What a stage's task list adds: the straggler, the largest failed attempt, failures. */
  static final class TaskScan {
    TaskRef largest;
    TaskRef largestFailed;
    String largestFailedReason;
    final TaskFailures.Grouping failures = new TaskFailures.Grouping();

    /** Takes one {@code TaskData}. */
    void add(JsonNode task) {
      String status = task.path("status").asText();
      JsonNode m = task.path("taskMetrics");
      JsonNode sr = m.path("shuffleReadMetrics");
      long bytes =
          sr.path("remoteBytesRead").asLong()
              + sr.path("localBytesRead").asLong()
              + m.path("inputMetrics").path("bytesRead").asLong();
      long records =
          sr.path("recordsRead").asLong() + m.path("inputMetrics").path("recordsRead").asLong();
      int partition =
          task.has("partitionId") ? task.path("partitionId").asInt() : task.path("index").asInt();
      TaskRef ref =
          new TaskRef(
              task.path("taskId").asLong(),
              partition,
              task.path("attempt").asInt(),
              task.path("executorId").asText(null),
              epochMillis(task.path("launchTime").asText(null)),
              task.path("duration").asLong(),
              bytes,
              records,
              task.path("speculative").asBoolean());
      if ("SUCCESS".equals(status)) {
        if (bytes > 0 && (largest == null || bytes > largest.dataBytes())) {
          largest = ref;
        }
        return;
      }
      if (!"FAILED".equals(status) && !"KILLED".equals(status)) {
        return;
      }
      boolean failed = "FAILED".equals(status);
      String message = firstLine(task.path("errorMessage").asText(""));
      String detail = failed ? exceptionClass(message) : message;
      failures.add(
          failed ? "ExceptionFailure" : "TaskKilled",
          detail,
          message,
          failed,
          partition,
          ref.executorId());
      if (failed && bytes > 0 && (largestFailed == null || bytes > largestFailed.dataBytes())) {
        largestFailed = ref;
        largestFailedReason = message;
      }
    }

    List<TaskFailures> failureList() {
      return failures.failures();
    }
  }

  /** A {@code StageData} and what its task list added, as a stage summary. */
  static StageSummary stage(JsonNode s, long sqlExecutionId, TaskScan scan, long now) {
    long submitted = epochMillis(s.path("submissionTime").asText(null));
    long completed = epochMillis(s.path("completionTime").asText(null));
    String status = s.path("status").asText();
    StageStatus st =
        switch (status) {
          case "COMPLETE" -> StageStatus.COMPLETE;
          case "FAILED" -> StageStatus.FAILED;
          default -> StageStatus.ACTIVE;
        };
    long end = completed >= 0 ? completed : now;
    String failure =
        s.hasNonNull("failureReason") ? firstLine(s.get("failureReason").asText()) : null;
    TaskScan t = scan == null ? new TaskScan() : scan;
    return new StageSummary(
        s.path("stageId").asInt(),
        s.path("attemptId").asInt(),
        s.path("name").asText(null),
        st,
        s.path("numTasks").asInt(),
        new StageSummary.TaskCounts(
            s.path("numCompleteTasks").asInt(),
            s.path("numFailedTasks").asInt(),
            s.path("numKilledTasks").asInt(),
            s.path("numActiveTasks").asInt(),
            0),
        submitted,
        completed,
        submitted >= 0 && end >= submitted ? end - submitted : 0,
        failure,
        sqlExecutionId,
        List.of(),
        distributions(s),
        t.largest,
        -1,
        t.largestFailed,
        t.largestFailedReason,
        s.path("executorRunTime").asLong(),
        s.path("jvmGcTime").asLong(),
        t.failureList(),
        List.of(),
        null);
  }

  /** Spark's REST dates: {@code 2026-11-21T07:25:22.189GMT}; -1 when absent or unreadable. */
  static long epochMillis(String date) {
    if (date == null || date.isEmpty()) {
      return -1;
    }
    try {
      String local = date.endsWith("GMT") ? date.substring(0, date.length() - 3) : date;
      return LocalDateTime.parse(local).toInstant(ZoneOffset.UTC).toEpochMilli();
    } catch (DateTimeParseException e) {
      return -1;
    }
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).strip();
  }

  /** "java.lang.OutOfMemoryError" of "java.lang.OutOfMemoryError: Java heap space". */
  private static String exceptionClass(String message) {
    int colon = message.indexOf(':');
    String head = colon < 0 ? message : message.substring(0, colon);
    return head.matches("[\\w.$]+") ? head : message;
  }
}
