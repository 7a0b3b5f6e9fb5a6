package io.sparkmedic.remediation.eventlog;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Spark listener events as {@code JsonProtocol} writes them, reduced to the fields that matter, for
 * tests of cases the real logs do not show (speculation, stage retries, dynamic allocation).
 */
final class SparkEvents {

  private final List<String> lines = new ArrayList<>();

  SparkEvents add(String json) {
    lines.add(json);
    return this;
  }

  String text() {
    return String.join("\n", lines) + "\n";
  }

  SparkEvents appStart(long time) {
    return add(
        "{\"Event\":\"SparkListenerLogStart\",\"Spark Version\":\"3.5.5\"}\n"
            + "{\"Event\":\"SparkListenerApplicationStart\",\"App Name\":\"t\",\"App ID\":"
            + "\"app-t\",\"Timestamp\":"
            + time
            + ",\"User\":\"u\"}");
  }

  SparkEvents appEnd(long time) {
    return add("{\"Event\":\"SparkListenerApplicationEnd\",\"Timestamp\":" + time + "}");
  }

  SparkEvents executorAdded(String id, int cores, long time) {
    return add(
        "{\"Event\":\"SparkListenerExecutorAdded\",\"Timestamp\":"
            + time
            + ",\"Executor ID\":\""
            + id
            + "\",\"Executor Info\":{\"Host\":\"h"
            + id
            + "\",\"Total Cores\":"
            + cores
            + "}}");
  }

  SparkEvents executorRemoved(String id, long time, String reason) {
    return add(
        "{\"Event\":\"SparkListenerExecutorRemoved\",\"Timestamp\":"
            + time
            + ",\"Executor ID\":\""
            + id
            + "\",\"Removed Reason\":\""
            + reason
            + "\"}");
  }

  SparkEvents jobStart(int job, long time, int... stages) {
    StringBuilder infos = new StringBuilder();
    StringBuilder ids = new StringBuilder();
    for (int s : stages) {
      if (ids.length() > 0) {
        infos.append(',');
        ids.append(',');
      }
      infos.append(stageInfo(s, 0, 4, -1, -1, null));
      ids.append(s);
    }
    return add(
        "{\"Event\":\"SparkListenerJobStart\",\"Job ID\":"
            + job
            + ",\"Submission Time\":"
            + time
            + ",\"Stage Infos\":["
            + infos
            + "],\"Stage IDs\":["
            + ids
            + "],\"Properties\":{}}");
  }

  SparkEvents jobEnd(int job, long time, boolean succeeded) {
    return add(
        "{\"Event\":\"SparkListenerJobEnd\",\"Job ID\":"
            + job
            + ",\"Completion Time\":"
            + time
            + ",\"Job Result\":{\"Result\":\""
            + (succeeded ? "JobSucceeded" : "JobFailed")
            + "\"}}");
  }

  SparkEvents stageSubmitted(int stage, int attempt, int tasks, long time) {
    return add(
        "{\"Event\":\"SparkListenerStageSubmitted\",\"Stage Info\":"
            + stageInfo(stage, attempt, tasks, time, -1, null)
            + ",\"Properties\":{}}");
  }

  SparkEvents stageCompleted(int stage, int attempt, int tasks, long submitted, long time) {
    return stageCompleted(stage, attempt, tasks, submitted, time, null);
  }

  SparkEvents stageCompleted(
      int stage, int attempt, int tasks, long submitted, long time, String failure) {
    return add(
        "{\"Event\":\"SparkListenerStageCompleted\",\"Stage Info\":"
            + stageInfo(stage, attempt, tasks, submitted, time, failure)
            + "}");
  }

  private static String stageInfo(
      int stage, int attempt, int tasks, long submitted, long completed, String failure) {
    return "{\"Stage ID\":"
        + stage
        + ",\"Stage Attempt ID\":"
        + attempt
        + ",\"Stage Name\":\"s"
        + stage
        + "\",\"Number of Tasks\":"
        + tasks
        + ",\"RDD Info\":[],\"Parent IDs\":[]"
        + (submitted >= 0 ? ",\"Submission Time\":" + submitted : "")
        + (completed >= 0 ? ",\"Completion Time\":" + completed : "")
        + (failure != null ? ",\"Failure Reason\":\"" + failure + "\"" : "")
        + ",\"Accumulables\":[]}";
  }

  /** A task attempt: its start, and its end unless {@code reason} is null (still running). */
  SparkEvents task(
      int stage,
      int stageAttempt,
      long taskId,
      int partition,
      int attempt,
      String executor,
      long launch,
      long finish,
      boolean speculative,
      String reason,
      long shuffleBytes) {
    add(
        "{\"Event\":\"SparkListenerTaskStart\",\"Stage ID\":"
            + stage
            + ",\"Stage Attempt ID\":"
            + stageAttempt
            + ",\"Task Info\":"
            + taskInfo(taskId, partition, attempt, executor, launch, 0, speculative, null)
            + "}");
    if (reason == null) {
      return this;
    }
    String endReason =
        switch (reason) {
          case "Success" -> "{\"Reason\":\"Success\"}";
          case "TaskKilled" ->
              "{\"Reason\":\"TaskKilled\",\"Kill Reason\":\"another attempt succeeded\"}";
          case "FetchFailed" ->
              "{\"Reason\":\"FetchFailed\",\"Shuffle ID\":0,\"Map ID\":3,\"Reduce ID\":1,"
                  + "\"Message\":\"org.apache.spark.shuffle.FetchFailedException: lost\"}";
          case "ExecutorLostFailure" ->
              "{\"Reason\":\"ExecutorLostFailure\",\"Executor ID\":\""
                  + executor
                  + "\",\"Exit Caused By App\":true,\"Loss Reason\":\"Command exited with code"
                  + " 137\"}";
          default ->
              "{\"Reason\":\"ExceptionFailure\",\"Class Name\":\""
                  + reason
                  + "\",\"Description\":\"boom\",\"Stack Trace\":[]}";
        };
    return add(
        String.format(
            Locale.ROOT,
            "{\"Event\":\"SparkListenerTaskEnd\",\"Stage ID\":%d,\"Stage Attempt ID\":%d,"
                + "\"Task Type\":\"ResultTask\",\"Task End Reason\":%s,\"Task Info\":%s,"
                + "\"Task Metrics\":{\"Executor Run Time\":%d,\"JVM GC Time\":0,"
                + "\"Memory Bytes Spilled\":0,\"Disk Bytes Spilled\":0,"
                + "\"Shuffle Read Metrics\":{\"Remote Bytes Read\":%d,\"Local Bytes Read\":%d,"
                + "\"Total Records Read\":%d},\"Input Metrics\":{\"Bytes Read\":0,"
                + "\"Records Read\":0}}}",
            stage,
            stageAttempt,
            endReason,
            taskInfo(taskId, partition, attempt, executor, launch, finish, speculative, reason),
            Math.max(0, finish - launch - 5),
            shuffleBytes / 2,
            shuffleBytes - shuffleBytes / 2,
            shuffleBytes / 100));
  }

  private static String taskInfo(
      long taskId,
      int partition,
      int attempt,
      String executor,
      long launch,
      long finish,
      boolean speculative,
      String reason) {
    boolean killed = "TaskKilled".equals(reason);
    boolean failed = reason != null && !killed && !"Success".equals(reason);
    return "{\"Task ID\":"
        + taskId
        + ",\"Index\":"
        + partition
        + ",\"Attempt\":"
        + attempt
        + ",\"Partition ID\":"
        + partition
        + ",\"Launch Time\":"
        + launch
        + ",\"Executor ID\":\""
        + executor
        + "\",\"Host\":\"h\",\"Locality\":\"PROCESS_LOCAL\",\"Speculative\":"
        + speculative
        + ",\"Getting Result Time\":0,\"Finish Time\":"
        + finish
        + ",\"Failed\":"
        + failed
        + ",\"Killed\":"
        + killed
        + ",\"Accumulables\":[]}";
  }
}
