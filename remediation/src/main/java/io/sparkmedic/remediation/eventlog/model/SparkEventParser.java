package io.sparkmedic.remediation.eventlog.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one line of a Spark event log (one JSON object, as Spark's {@code JsonProtocol} writes it)
 * and hands what matters to the {@link ApplicationReplay}. Streaming: it reads only the fields it
 * needs and skips the rest unparsed into objects (accumulables, RDD infos, plan trees, classpath),
 * and it stops after the event name for events it does not use.
 */
final class SparkEventParser {

  /** What the line turned out to be. */
  enum Outcome {
    USED,
    IGNORED,
    NOT_AN_EVENT
  }

  private static final String SQL = "org.apache.spark.sql.execution.ui.";
  private static final Pattern SCOPE_NAME = Pattern.compile("\"name\":\"([^\"]*)\"");

  private final JsonFactory json = new JsonFactory();
  private final ApplicationReplay replay;
  private final TaskEndEvent task = new TaskEndEvent();

  SparkEventParser(ApplicationReplay replay) {
    this.replay = replay;
  }

  /** Parses {@code buf[offset, offset + length)}; throws on malformed JSON. */
  Outcome parse(byte[] buf, int offset, int length) throws IOException {
    try (JsonParser p = json.createParser(buf, offset, length)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return Outcome.NOT_AN_EVENT;
      }
      // Spark writes "Event" first; anything else is scanned for it and parsed again.
      if (p.nextToken() == JsonToken.FIELD_NAME && "Event".equals(p.currentName())) {
        p.nextToken();
        return dispatch(p.getValueAsString(), p);
      }
      String event = findEventName(p);
      if (event == null) {
        return Outcome.NOT_AN_EVENT;
      }
      try (JsonParser again = json.createParser(buf, offset, length)) {
        again.nextToken();
        return dispatch(event, again);
      }
    }
  }

  private static String findEventName(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    while (t == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      if ("Event".equals(name) && value == JsonToken.VALUE_STRING) {
        return p.getText();
      }
      p.skipChildren();
      t = p.nextToken();
    }
    return null;
  }

  private Outcome dispatch(String event, JsonParser p) throws IOException {
    if (event == null) {
      return Outcome.NOT_AN_EVENT;
    }
    switch (event) {
      case "SparkListenerTaskEnd" -> taskEvent(p, true);
      case "SparkListenerTaskStart" -> taskEvent(p, false);
      case "SparkListenerStageSubmitted" -> stage(p, true);
      case "SparkListenerStageCompleted" -> stage(p, false);
      case "SparkListenerJobStart" -> jobStart(p);
      case "SparkListenerJobEnd" -> jobEnd(p);
      case "SparkListenerExecutorAdded" -> executorAdded(p);
      case "SparkListenerExecutorRemoved" -> executorRemoved(p);
      case "SparkListenerBlockManagerAdded" -> blockManagerAdded(p);
      case "SparkListenerEnvironmentUpdate" -> environment(p);
      case "SparkListenerApplicationStart" -> applicationStart(p);
      case "SparkListenerApplicationEnd" -> applicationEnd(p);
      case "SparkListenerLogStart" -> logStart(p);
      case SQL + "SparkListenerSQLExecutionStart" -> sqlExecution(p, true);
      case SQL + "SparkListenerSQLAdaptiveExecutionUpdate" -> sqlExecution(p, false);
      case SQL + "SparkListenerSQLExecutionEnd" -> sqlExecutionEnd(p);
      default -> {
        return event.isEmpty() ? Outcome.NOT_AN_EVENT : Outcome.IGNORED;
      }
    }
    return Outcome.USED;
  }

  // ---- tasks: the bulk of every log

  private void taskEvent(JsonParser p, boolean end) throws IOException {
    TaskEndEvent t = task;
    t.reset();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String f = p.currentName();
      p.nextToken();
      switch (f) {
        case "Stage ID" -> t.stageId = p.getValueAsInt(-1);
        case "Stage Attempt ID" -> t.stageAttemptId = p.getValueAsInt(0);
        case "Task End Reason" -> endReason(p, t);
        case "Task Info" -> taskInfo(p, t);
        case "Task Metrics" -> taskMetrics(p, t);
        default -> p.skipChildren();
      }
    }
    if (end) {
      replay.taskEnd(t);
    } else {
      replay.taskStart(t);
    }
  }

  private static void endReason(JsonParser p, TaskEndEvent t) throws IOException {
    eachField(
        p,
        f -> {
          switch (f) {
            case "Reason" -> t.reason = p.getValueAsString();
            case "Class Name" -> t.className = p.getValueAsString();
            case "Description" -> t.description = p.getValueAsString();
            case "Kill Reason" -> t.killReason = p.getValueAsString();
            case "Loss Reason" -> t.lossReason = p.getValueAsString();
            case "Executor ID" -> t.lostExecutorId = p.getValueAsString();
            case "Message" -> t.fetchMessage = p.getValueAsString();
            default -> p.skipChildren();
          }
        });
  }

  private static void taskInfo(JsonParser p, TaskEndEvent t) throws IOException {
    eachField(
        p,
        f -> {
          switch (f) {
            case "Task ID" -> t.taskId = p.getValueAsLong(-1);
            case "Index" -> t.index = p.getValueAsInt(-1);
            case "Attempt" -> t.attempt = p.getValueAsInt(0);
            case "Partition ID" -> t.partitionId = p.getValueAsInt(-1);
            case "Launch Time" -> t.launchTime = p.getValueAsLong(0);
            case "Finish Time" -> t.finishTime = p.getValueAsLong(0);
            case "Executor ID" -> t.executorId = p.getValueAsString();
            case "Speculative" -> t.speculative = p.getValueAsBoolean();
            case "Failed" -> t.failed = p.getValueAsBoolean();
            case "Killed" -> t.killed = p.getValueAsBoolean();
            default -> p.skipChildren();
          }
        });
    if (t.partitionId < 0) {
      // Logs before Spark 3.3 have no "Partition ID"; the index is the partition there.
      t.partitionId = t.index;
    }
  }

  private static void taskMetrics(JsonParser p, TaskEndEvent t) throws IOException {
    eachField(
        p,
        f -> {
          switch (f) {
            case "Executor Run Time" -> t.executorRunTime = p.getValueAsLong(0);
            case "JVM GC Time" -> t.gcTime = p.getValueAsLong(0);
            case "Peak Execution Memory" -> t.peakExecutionMemory = p.getValueAsLong(0);
            case "Memory Bytes Spilled" -> t.memorySpilled = p.getValueAsLong(0);
            case "Disk Bytes Spilled" -> t.diskSpilled = p.getValueAsLong(0);
            case "Shuffle Read Metrics" -> shuffleRead(p, t);
            case "Shuffle Write Metrics" -> shuffleWrite(p, t);
            case "Input Metrics" -> input(p, t);
            case "Output Metrics" -> output(p, t);
            default -> p.skipChildren();
          }
        });
  }

  private static void shuffleRead(JsonParser p, TaskEndEvent t) throws IOException {
    eachField(
        p,
        f -> {
          switch (f) {
            case "Remote Bytes Read" -> t.shuffleRemoteBytes = p.getValueAsLong(0);
            case "Local Bytes Read" -> t.shuffleLocalBytes = p.getValueAsLong(0);
            case "Total Records Read" -> t.shuffleRecordsRead = p.getValueAsLong(0);
            default -> p.skipChildren();
          }
        });
  }

  private static void shuffleWrite(JsonParser p, TaskEndEvent t) throws IOException {
    eachField(
        p,
        f -> {
          switch (f) {
            case "Shuffle Bytes Written" -> t.shuffleBytesWritten = p.getValueAsLong(0);
            case "Shuffle Records Written" -> t.shuffleRecordsWritten = p.getValueAsLong(0);
            default -> p.skipChildren();
          }
        });
  }

  private static void input(JsonParser p, TaskEndEvent t) throws IOException {
    eachField(
        p,
        f -> {
          switch (f) {
            case "Bytes Read" -> t.inputBytes = p.getValueAsLong(0);
            case "Records Read" -> t.inputRecords = p.getValueAsLong(0);
            default -> p.skipChildren();
          }
        });
  }

  private static void output(JsonParser p, TaskEndEvent t) throws IOException {
    eachField(
        p,
        f -> {
          if ("Bytes Written".equals(f)) {
            t.outputBytes = p.getValueAsLong(0);
          } else {
            p.skipChildren();
          }
        });
  }

  /** Reads the value of one field of an object; the parser is on that value. */
  @FunctionalInterface
  private interface FieldReader {
    void read(String field) throws IOException;
  }

  /**
   * Hands each field of the object the parser is on to {@code reader}; a value that is not an
   * object is skipped whole.
   */
  private static void eachField(JsonParser p, FieldReader reader) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      p.skipChildren();
      return;
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String f = p.currentName();
      p.nextToken();
      reader.read(f);
    }
  }

  // ---- stages and jobs

  /** The fields of a "Stage Info" object. */
  static final class StageInfo {
    int stageId = -1;
    int attemptId;
    String name;
    int numTasks;
    long submissionTime = -1;
    long completionTime = -1;
    String failureReason;
    List<Integer> parentIds = List.of();
    List<String> scopeNames = List.of();
  }

  private void stage(JsonParser p, boolean submitted) throws IOException {
    StageInfo info = null;
    long executionId = -1;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String f = p.currentName();
      p.nextToken();
      switch (f) {
        case "Stage Info" -> info = stageInfo(p, submitted);
        case "Properties" -> executionId = executionIdOf(p);
        default -> p.skipChildren();
      }
    }
    if (info == null || info.stageId < 0) {
      return;
    }
    if (submitted) {
      replay.stageSubmitted(info, executionId);
    } else {
      replay.stageCompleted(info);
    }
  }

  private static StageInfo stageInfo(JsonParser p, boolean withScopes) throws IOException {
    StageInfo s = new StageInfo();
    if (p.currentToken() != JsonToken.START_OBJECT) {
      p.skipChildren();
      return s;
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String f = p.currentName();
      p.nextToken();
      switch (f) {
        case "Stage ID" -> s.stageId = p.getValueAsInt(-1);
        case "Stage Attempt ID" -> s.attemptId = p.getValueAsInt(0);
        case "Stage Name" -> s.name = p.getValueAsString();
        case "Number of Tasks" -> s.numTasks = p.getValueAsInt(0);
        case "Submission Time" -> s.submissionTime = p.getValueAsLong(-1);
        case "Completion Time" -> s.completionTime = p.getValueAsLong(-1);
        case "Failure Reason" -> s.failureReason = p.getValueAsString();
        case "Parent IDs" -> s.parentIds = intArray(p);
        case "RDD Info" -> {
          if (withScopes) {
            s.scopeNames = scopeNames(p);
          } else {
            p.skipChildren();
          }
        }
        default -> p.skipChildren();
      }
    }
    return s;
  }

  /** The operator names of the RDD scopes ({@code WholeStageCodegen (5)}, {@code Exchange}). */
  private static List<String> scopeNames(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      p.skipChildren();
      return List.of();
    }
    List<String> names = new ArrayList<>();
    while (p.nextToken() == JsonToken.START_OBJECT) {
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String f = p.currentName();
        p.nextToken();
        if ("Scope".equals(f) && p.currentToken() == JsonToken.VALUE_STRING) {
          Matcher m = SCOPE_NAME.matcher(p.getText());
          if (m.find() && !names.contains(m.group(1))) {
            names.add(m.group(1));
          }
        } else {
          p.skipChildren();
        }
      }
    }
    return names;
  }

  private static List<Integer> intArray(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      p.skipChildren();
      return List.of();
    }
    List<Integer> out = new ArrayList<>();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      out.add(p.getValueAsInt());
    }
    return out;
  }

  private static long executionIdOf(JsonParser p) throws IOException {
    long id = -1;
    if (p.currentToken() != JsonToken.START_OBJECT) {
      p.skipChildren();
      return id;
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String f = p.currentName();
      p.nextToken();
      if ("spark.sql.execution.id".equals(f)) {
        String v = p.getValueAsString();
        try {
          id = v == null ? -1 : Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
          id = -1;
        }
      } else {
        p.skipChildren();
      }
    }
    return id;
  }

  private void jobStart(JsonParser p) throws IOException {
    int jobId = -1;
    long time = -1;
    List<StageInfo> stages = new ArrayList<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String f = p.currentName();
      p.nextToken();
      switch (f) {
        case "Job ID" -> jobId = p.getValueAsInt(-1);
        case "Submission Time" -> time = p.getValueAsLong(-1);
        case "Stage Infos" -> {
          if (p.currentToken() == JsonToken.START_ARRAY) {
            while (p.nextToken() == JsonToken.START_OBJECT) {
              stages.add(stageInfo(p, false));
            }
          } else {
            p.skipChildren();
          }
        }
        default -> p.skipChildren();
      }
    }
    replay.jobStart(jobId, time, stages);
  }

  private void jobEnd(JsonParser p) throws IOException {
    int jobId = -1;
    long time = -1;
    String result = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String f = p.currentName();
      p.nextToken();
      switch (f) {
        case "Job ID" -> jobId = p.getValueAsInt(-1);
        case "Completion Time" -> time = p.getValueAsLong(-1);
        case "Job Result" -> result = stringField(p, "Result");
        default -> p.skipChildren();
      }
    }
    replay.jobEnd(jobId, time, "JobSucceeded".equals(result));
  }

  // ---- executors and the application

  private void executorAdded(JsonParser p) throws IOException {
    long time = -1;
    String id = null;
    String host = null;
    int cores = 0;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String f = p.currentName();
      p.nextToken();
      switch (f) {
        case "Timestamp" -> time = p.getValueAsLong(-1);
        case "Executor ID" -> id = p.getValueAsString();
        case "Executor Info" -> {
          if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            continue;
          }
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String g = p.currentName();
            p.nextToken();
            switch (g) {
              case "Host" -> host = p.getValueAsString();
              case "Total Cores" -> cores = p.getValueAsInt(0);
              default -> p.skipChildren();
            }
          }
        }
        default -> p.skipChildren();
      }
    }
    if (id != null) {
      replay.executorAdded(id, host, cores, time);
    }
  }

  private void executorRemoved(JsonParser p) throws IOException {
    long time = -1;
    String id = null;
    String reason = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String f = p.currentName();
      p.nextToken();
      switch (f) {
        case "Timestamp" -> time = p.getValueAsLong(-1);
        case "Executor ID" -> id = p.getValueAsString();
        case "Removed Reason" -> reason = p.getValueAsString();
        default -> p.skipChildren();
      }
    }
    if (id != null) {
      replay.executorRemoved(id, time, reason);
    }
  }

  private void blockManagerAdded(JsonParser p) throws IOException {
    String executorId = null;
    long onHeap = -1;
    long max = -1;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String f = p.currentName();
      p.nextToken();
      switch (f) {
        case "Block Manager ID" -> executorId = stringField(p, "Executor ID");
        case "Maximum Onheap Memory" -> onHeap = p.getValueAsLong(-1);
        case "Maximum Memory" -> max = p.getValueAsLong(-1);
        default -> p.skipChildren();
      }
    }
    if (executorId != null) {
      replay.blockManagerAdded(executorId, onHeap >= 0 ? onHeap : max);
    }
  }

  private void environment(JsonParser p) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String f = p.currentName();
      p.nextToken();
      if ("Spark Properties".equals(f)) {
        replay.sparkProperties(properties(p));
      } else {
        p.skipChildren();
      }
    }
  }

  /** A properties map, written as an object (Spark 3) or as [key, value] pairs (older). */
  private static Map<String, String> properties(JsonParser p) throws IOException {
    Map<String, String> out = new HashMap<>();
    if (p.currentToken() == JsonToken.START_OBJECT) {
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        p.nextToken();
        if (p.currentToken().isScalarValue()) {
          out.put(key, p.getValueAsString());
        } else {
          p.skipChildren();
        }
      }
    } else if (p.currentToken() == JsonToken.START_ARRAY) {
      while (p.nextToken() == JsonToken.START_ARRAY) {
        p.nextToken();
        String key = p.getValueAsString();
        p.nextToken();
        String value = p.getValueAsString();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          p.skipChildren();
        }
        if (key != null) {
          out.put(key, value);
        }
      }
    } else {
      p.skipChildren();
    }
    return out;
  }

  private void applicationStart(JsonParser p) throws IOException {
    String name = null;
    String id = null;
    String attempt = null;
    String user = null;
    long time = -1;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String f = p.currentName();
      p.nextToken();
      switch (f) {
        case "App Name" -> name = p.getValueAsString();
        case "App ID" -> id = p.getValueAsString();
        case "App Attempt ID" -> attempt = p.getValueAsString();
        case "User" -> user = p.getValueAsString();
        case "Timestamp" -> time = p.getValueAsLong(-1);
        default -> p.skipChildren();
      }
    }
    replay.applicationStart(id, attempt, name, user, time);
  }

  private void applicationEnd(JsonParser p) throws IOException {
    long time = -1;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String f = p.currentName();
      p.nextToken();
      if ("Timestamp".equals(f)) {
        time = p.getValueAsLong(-1);
      } else {
        p.skipChildren();
      }
    }
    replay.applicationEnd(time);
  }

  private void logStart(JsonParser p) throws IOException {
    String version = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String f = p.currentName();
      p.nextToken();
      if ("Spark Version".equals(f)) {
        version = p.getValueAsString();
      } else {
        p.skipChildren();
      }
    }
    replay.sparkVersion(version);
  }

  // ---- SQL

  private void sqlExecution(JsonParser p, boolean start) throws IOException {
    long id = -1;
    long time = -1;
    String plan = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String f = p.currentName();
      p.nextToken();
      switch (f) {
        case "executionId" -> id = p.getValueAsLong(-1);
        case "time" -> time = p.getValueAsLong(-1);
        case "physicalPlanDescription" -> plan = p.getValueAsString();
        default -> p.skipChildren();
      }
    }
    replay.sqlPlan(id, start, time, plan);
  }

  private void sqlExecutionEnd(JsonParser p) throws IOException {
    long id = -1;
    long time = -1;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String f = p.currentName();
      p.nextToken();
      switch (f) {
        case "executionId" -> id = p.getValueAsLong(-1);
        case "time" -> time = p.getValueAsLong(-1);
        default -> p.skipChildren();
      }
    }
    replay.sqlExecutionEnd(id, time);
  }

  private static String stringField(JsonParser p, String field) throws IOException {
    String value = null;
    if (p.currentToken() != JsonToken.START_OBJECT) {
      p.skipChildren();
      return null;
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String f = p.currentName();
      p.nextToken();
      if (field.equals(f)) {
        value = p.getValueAsString();
      } else {
        p.skipChildren();
      }
    }
    return value;
  }
}
