package io.sparkmedic.remediation.eventlog;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A large event log made from a real one, for tests and benchmarks that need size: the real log's
 * jobs repeated {@code copies} times, one after the other, with job, stage, task, RDD and SQL
 * execution ids renumbered and timestamps shifted, so that each copy is a new, consistent run of
 * the same jobs. Optionally each stage is widened: every task event repeated {@code widen} times
 * with new task ids and partitions. The header (environment, executors) and the application's end
 * are written once.
 */
public final class ScaledEventLog {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<String> header = new ArrayList<>();
  private final List<ObjectNode> body = new ArrayList<>();
  private final List<String> footer = new ArrayList<>();
  private final long jobStep;
  private final long stageStep;
  private final long taskStep;
  private final long rddStep;
  private final long executionStep;
  private final long timeStep;

  private ScaledEventLog(List<String> lines) throws IOException {
    int first = -1;
    int last = -1;
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i);
      boolean jobish =
          l.contains("\"SparkListenerJobStart\"")
              || l.contains("SparkListenerSQLExecutionStart\"")
              || l.contains("\"SparkListenerJobEnd\"")
              || l.contains("SparkListenerSQLExecutionEnd\"");
      if (jobish && first < 0) {
        first = i;
      }
      if (jobish) {
        last = i;
      }
    }
    if (first < 0) {
      throw new IllegalArgumentException("the log has no jobs to repeat");
    }
    header.addAll(lines.subList(0, first));
    for (String l : lines.subList(first, last + 1)) {
      body.add((ObjectNode) JSON.readTree(l));
    }
    footer.addAll(lines.subList(last + 1, lines.size()));
    long[] max = new long[5];
    long minTime = Long.MAX_VALUE;
    long maxTime = 0;
    for (ObjectNode n : body) {
      long[] t = scan(n, max, null);
      minTime = Math.min(minTime, t[0]);
      maxTime = Math.max(maxTime, t[1]);
    }
    jobStep = max[0] + 1;
    stageStep = max[1] + 1;
    taskStep = max[2] + 1;
    rddStep = max[3] + 1;
    executionStep = max[4] + 1;
    timeStep = maxTime - minTime + 1;
  }

  /** The log at {@code path}, ready to be scaled. */
  public static ScaledEventLog of(Path path) throws IOException {
    return new ScaledEventLog(Files.readAllLines(path, StandardCharsets.UTF_8));
  }

  /** Bytes of one copy of the jobs, roughly: for sizing. */
  public long bodyBytes() throws IOException {
    long n = 0;
    for (ObjectNode o : body) {
      n += JSON.writeValueAsBytes(o).length + 1;
    }
    return n;
  }

  /**
   * Writes the header, {@code copies} renumbered copies of the jobs (each stage's tasks repeated
   * {@code widen} times), and the footer.
   */
  public void write(OutputStream out, int copies, int widen) throws IOException {
    byte[] nl = {'\n'};
    for (String l : header) {
      out.write(l.getBytes(StandardCharsets.UTF_8));
      out.write(nl);
    }
    List<ObjectNode> copy = new ArrayList<>(body.size());
    for (ObjectNode n : body) {
      copy.add(n.deepCopy());
    }
    JsonGenerator gen = JSON.getFactory().createGenerator(out);
    gen.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    for (int k = 0; k < copies; k++) {
      for (ObjectNode n : copy) {
        boolean task = isTask(n);
        int times = task ? widen : 1;
        for (int w = 0; w < times; w++) {
          if (task && widen > 1) {
            ObjectNode wide = n.deepCopy();
            widenTask(wide, w, widen);
            JSON.writeTree(gen, wide);
          } else {
            if (widen > 1) {
              widenStage(n, widen);
            }
            JSON.writeTree(gen, n);
          }
          gen.flush();
          out.write(nl);
        }
      }
      for (ObjectNode n : copy) {
        shift(n);
      }
      if (widen > 1) {
        // widenStage multiplied the task counts in place; undo for the next copy.
        for (ObjectNode n : copy) {
          unwidenStage(n, widen);
        }
      }
    }
    long shiftTotal = timeStep * Math.max(0, copies - 1);
    for (String l : footer) {
      JsonNode n = JSON.readTree(l);
      if (n.has("Timestamp")) {
        ((ObjectNode) n).put("Timestamp", n.get("Timestamp").asLong() + shiftTotal);
      }
      out.write(JSON.writeValueAsBytes(n));
      out.write(nl);
    }
    out.flush();
  }

  /** Writes to a file and returns its size. */
  public long writeTo(Path file, int copies, int widen) throws IOException {
    try (OutputStream out =
        new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      write(out, copies, widen);
    }
    return Files.size(file);
  }

  private static boolean isTask(ObjectNode n) {
    String e = n.path("Event").asText();
    return e.equals("SparkListenerTaskStart") || e.equals("SparkListenerTaskEnd");
  }

  private void widenTask(ObjectNode n, int w, int widen) {
    JsonNode info = n.get("Task Info");
    if (info instanceof ObjectNode o) {
      long id = o.path("Task ID").asLong();
      o.put("Task ID", id * widen + w);
      o.put("Index", o.path("Index").asInt() * widen + w);
      o.put("Partition ID", o.path("Partition ID").asInt() * widen + w);
    }
  }

  private static void widenStage(ObjectNode n, int widen) {
    forEachStageInfo(n, s -> s.put("Number of Tasks", s.path("Number of Tasks").asInt() * widen));
  }

  private static void unwidenStage(ObjectNode n, int widen) {
    forEachStageInfo(n, s -> s.put("Number of Tasks", s.path("Number of Tasks").asInt() / widen));
  }

  private static void forEachStageInfo(ObjectNode n, java.util.function.Consumer<ObjectNode> f) {
    if (n.get("Stage Info") instanceof ObjectNode s) {
      f.accept(s);
    }
    if (n.get("Stage Infos") instanceof ArrayNode a) {
      for (JsonNode s : a) {
        f.accept((ObjectNode) s);
      }
    }
  }

  /** Moves every id and time of a body event one copy on. */
  private void shift(ObjectNode n) {
    scan(n, null, this);
  }

  /**
   * Walks an event: with {@code max}, records the largest ids and the time span; with {@code
   * shifter}, adds one step to each id and time.
   */
  private static long[] scan(JsonNode node, long[] max, ScaledEventLog shifter) {
    long[] span = {Long.MAX_VALUE, 0};
    walk(node, null, max, shifter, span);
    return span;
  }

  private static void walk(
      JsonNode node, String parentField, long[] max, ScaledEventLog s, long[] span) {
    if (node instanceof ObjectNode o) {
      boolean rdd = "RDD Info".equals(parentField);
      List<Map.Entry<String, JsonNode>> entries = new ArrayList<>(o.properties());
      for (Map.Entry<String, JsonNode> e : entries) {
        String f = e.getKey();
        JsonNode v = e.getValue();
        int kind = kindOf(f, rdd);
        if (kind >= 0 && v.isNumber()) {
          long value = v.asLong();
          if (max != null) {
            if (kind == 5) {
              if (value > 0) {
                span[0] = Math.min(span[0], value);
                span[1] = Math.max(span[1], value);
              }
            } else {
              max[kind] = Math.max(max[kind], value);
            }
          }
          if (s != null && (kind != 5 || value > 0)) {
            o.set(
                f,
                v.isInt()
                    ? IntNode.valueOf((int) (value + s.step(kind)))
                    : LongNode.valueOf(value + s.step(kind)));
          }
        } else if (kind >= 0 && v.isArray()) {
          ArrayNode a = (ArrayNode) v;
          for (int i = 0; i < a.size(); i++) {
            long value = a.get(i).asLong();
            if (max != null) {
              max[kind] = Math.max(max[kind], value);
            }
            if (s != null) {
              a.set(i, LongNode.valueOf(value + s.step(kind)));
            }
          }
        } else if ("spark.sql.execution.id".equals(f) && v.isTextual()) {
          long value = Long.parseLong(v.asText());
          if (max != null) {
            max[4] = Math.max(max[4], value);
          }
          if (s != null) {
            o.set(f, TextNode.valueOf(Long.toString(value + s.executionStep)));
          }
        } else if (v.isContainerNode()) {
          walk(v, f, max, s, span);
        }
      }
    } else if (node instanceof ArrayNode a) {
      for (JsonNode c : a) {
        walk(c, parentField, max, s, span);
      }
    }
  }

  /** 0 job, 1 stage, 2 task, 3 rdd, 4 SQL execution, 5 time; -1 for other fields. */
  private static int kindOf(String field, boolean inRddInfo) {
    return switch (field) {
      case "Job ID" -> 0;
      case "Stage ID", "Stage IDs" -> 1;
      case "Parent IDs" -> inRddInfo ? 3 : 1;
      case "Task ID" -> 2;
      case "RDD ID" -> inRddInfo ? 3 : -1;
      case "executionId", "rootExecutionId" -> 4;
      case "Submission Time",
              "Completion Time",
              "Launch Time",
              "Finish Time",
              "Getting Result Time",
              "Timestamp",
              "time" ->
          5;
      default -> -1;
    };
  }

  private long step(int kind) {
    return switch (kind) {
      case 0 -> jobStep;
      case 1 -> stageStep;
      case 2 -> taskStep;
      case 3 -> rddStep;
      case 4 -> executionStep;
      default -> timeStep;
    };
  }
}
