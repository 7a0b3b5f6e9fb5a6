package io.sparkmedic.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The event log Spark 3.5 writes for one run of a simulated application, when its sparkConf has
 * {@code spark.eventLog.enabled=true} and {@code spark.eventLog.dir} is a local directory ({@code
 * file:///path}, {@code file:/path} or an absolute path; the simulator's stand-in for a PVC or EFS
 * mount; absent, Spark's {@code /tmp/spark-events}). Other locations ({@code s3a://}, {@code
 * hdfs://}, relative paths) and directories that do not exist get no log; the run's history says
 * why.
 *
 * <p>As Spark's {@code EventLogFileWriter}: the file is named after the Spark application id (the
 * {@code spark-app-selector} label, {@code status.sparkApplicationId}), written as {@code
 * <appId>.inprogress} while the application runs and renamed to {@code <appId>} when it ends,
 * whether it succeeded or failed. A driver killed by {@code SIGKILL} (137) never renames it, as
 * Spark's shutdown hook never runs. With {@code spark.eventLog.rolling.enabled=true} the log is a
 * directory {@code eventlog_v2_<appId>/} holding {@code events_1_<appId>} and the marker {@code
 * appstatus_<appId>[.inprogress]}. Compression ({@code spark.eventLog.compress}) is not simulated:
 * the log is always plain JSON lines.
 *
 * <p>The content is what Spark's {@code JsonProtocol} writes, one JSON object per line with the
 * field names of the real Spark 3.5 logs: the application, its environment (the submitted
 * sparkConf, credentials redacted as Spark does, and what spark-submit sets on Kubernetes), the
 * executors, the SQL execution with its formatted physical plan, and the jobs, stages and tasks of
 * the run's {@link SparkJobPlan}, written as simulated time passes. How the run ends decides the
 * tail:
 *
 * <ul>
 *   <li>{@link #complete}: every planned event, then {@code SparkListenerApplicationEnd};
 *   <li>{@link #executorOutOfMemory}: the hot partition's task ends with Spark's {@code
 *       ExceptionFailure} for {@code java.lang.OutOfMemoryError: Java heap space} (what the
 *       executor reports before its uncaught-exception handler exits the JVM with 52), carrying the
 *       shuffle bytes it read; its stage fails ({@code Failure Reason}), the job ends {@code
 *       JobFailed}, the executor is removed with the Kubernetes exit reason, and tasks that were
 *       running there are lost ({@code ExecutorLostFailure}), the others killed;
 *   <li>{@link #executorsLost}, {@link #executorsReclaimed}, {@link #taskFailed}: the same shape
 *       for the other faults; {@link #shutDown}: running stages and jobs cancelled because the
 *       SparkContext was shut down.
 * </ul>
 *
 * Writing is best effort: an I/O error stops the log and is noted in the run's history; it never
 * fails the run. Only the scheduler thread calls it.
 */
final class SparkEventLog {

  static final String ENABLED = "spark.eventLog.enabled";
  static final String DIR = "spark.eventLog.dir";
  static final String ROLLING = "spark.eventLog.rolling.enabled";
  static final String COMPRESS = "spark.eventLog.compress";
  static final String DEFAULT_DIR = "/tmp/spark-events";
  static final String IN_PROGRESS = ".inprogress";
  static final String ROLLING_DIR_PREFIX = "eventlog_v2_";

  /** Spark's default {@code spark.redaction.regex}. */
  private static final Pattern REDACT = Pattern.compile("(?i)secret|password|token|access[.]?key");

  private static final String REDACTED = "*********(redacted)";
  private static final String SQL = "org.apache.spark.sql.execution.ui.";
  private static final String USER = "spark";
  private static final int BLOCK_MANAGER_PORT = 7079;
  private static final long MIB = 1024L * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The simulated platform's {@code spark-defaults.conf}: applications get these unless their
   * sparkConf says otherwise. Skew join off is the simulator's simplification ({@link JobTruth}).
   */
  static final Map<String, String> PLATFORM_DEFAULTS =
      Map.of(
          SparkJobPlan.AQE_SKEW_JOIN,
          "false",
          SparkJobPlan.SHUFFLE_PARTITIONS,
          Integer.toString(SparkJobPlan.DEFAULT_SHUFFLE_PARTITIONS));

  /**
   * Where a run's log goes: a directory and its layout, or why none is written.
   *
   * @param problem why no log is written (the directory is not local, or does not exist), or null
   */
  record Target(Path directory, boolean rolling, boolean compressed, String problem) {

    boolean writable() {
      return problem == null;
    }
  }

  /** What the log says about the application and its run. */
  record Run(
      String appId,
      String appName,
      String namespace,
      String sparkVersion,
      String mainClass,
      String driverPod,
      String driverHost,
      String image,
      String resourcePrefix,
      long driverHeapMiB,
      long executorHeapMiB,
      int driverCores,
      int executorCores,
      int instances,
      long startEpochMs,
      Map<String, String> sparkConf) {

    String simpleMain() {
      String main = mainClass == null || mainClass.isBlank() ? "org.example.Main" : mainClass;
      return main.substring(main.lastIndexOf('.') + 1);
    }

    String mainClassName() {
      return mainClass == null || mainClass.isBlank() ? "org.example.Main" : mainClass;
    }

    String callSite() {
      return "parquet at " + simpleMain() + ".scala:57";
    }

    String bucket() {
      return "s3a://" + namespace + "-lake/warehouse";
    }
  }

  /** An event with its time (ms since the application started) and its place among equals. */
  private record Line(long time, int rank, int seq, String json) {}

  private static final int RANK_TASK_END = 1;
  private static final int RANK_STAGE_COMPLETED = 2;
  private static final int RANK_JOB_END = 3;
  private static final int RANK_QUERY_END = 4;
  private static final int RANK_OTHER = 5;
  private static final int RANK_STAGE_SUBMITTED = 6;
  private static final int RANK_TASK_START = 7;

  private final Path file;
  private final Path completedFile;
  private final Path marker;
  private final Run run;
  private final SparkJobPlan plan;
  private final Consumer<String> history;
  private final List<Line> planned = new ArrayList<>();
  private final StringBuilder buffer = new StringBuilder();
  private int next;
  private long lastTime;
  private boolean jobOver;
  private boolean closed;

  private SparkEventLog(
      Path file,
      Path completedFile,
      Path marker,
      Run run,
      SparkJobPlan plan,
      Consumer<String> history) {
    this.file = file;
    this.completedFile = completedFile;
    this.marker = marker;
    this.run = run;
    this.plan = plan;
    this.history = history;
  }

  /** A log that writes nothing. */
  static SparkEventLog none() {
    SparkEventLog log = new SparkEventLog(null, null, null, null, null, line -> {});
    log.closed = true;
    return log;
  }

  // ---- where ----

  /** Where the application's logs go; null when event logging is off. */
  static Target target(Map<String, String> conf) {
    if (!"true".equalsIgnoreCase(trimmed(conf.get(ENABLED)))) {
      return null;
    }
    String dir = trimmed(conf.get(DIR));
    String where = dir == null || dir.isEmpty() ? DEFAULT_DIR : dir;
    boolean rolling = "true".equalsIgnoreCase(trimmed(conf.get(ROLLING)));
    boolean compressed = "true".equalsIgnoreCase(trimmed(conf.get(COMPRESS)));
    Path path = localDirectory(where);
    if (path == null) {
      return new Target(
          null, rolling, compressed, where + " is not a local directory: no event log written");
    }
    if (!Files.isDirectory(path)) {
      return new Target(path, rolling, compressed, where + " does not exist: no event log written");
    }
    return new Target(path, rolling, compressed, null);
  }

  /**
   * {@code file:///path}, {@code file:/path} (or {@code file://localhost/path}) and absolute paths
   * name a local directory; anything else (another scheme, a relative path) is null.
   */
  static Path localDirectory(String location) {
    String value = location.trim();
    if (value.regionMatches(true, 0, "file:", 0, 5)) {
      try {
        URI uri = new URI(value);
        String host = uri.getAuthority();
        String path = uri.getPath();
        if ((host != null && !host.isEmpty() && !"localhost".equalsIgnoreCase(host))
            || path == null
            || !path.startsWith("/")) {
          return null;
        }
        return Path.of(path);
      } catch (URISyntaxException | IllegalArgumentException e) {
        return null;
      }
    }
    return value.startsWith("/") ? Path.of(value) : null;
  }

  private static String trimmed(String value) {
    return value == null ? null : value.trim();
  }

  /**
   * Starts the log of a run: the file {@code <appId>.inprogress} (or the rolling layout) with the
   * events of the application's start. A file that cannot be created means no log.
   */
  static SparkEventLog open(Target target, Run run, SparkJobPlan plan, Consumer<String> history) {
    Path file;
    Path completed;
    Path marker = null;
    try {
      if (target.rolling()) {
        Path dir = target.directory().resolve(ROLLING_DIR_PREFIX + run.appId());
        Files.createDirectories(dir);
        file = dir.resolve("events_1_" + run.appId());
        completed = file;
        marker = dir.resolve("appstatus_" + run.appId() + IN_PROGRESS);
        Files.write(marker, new byte[0]);
      } else {
        completed = target.directory().resolve(run.appId());
        file = target.directory().resolve(run.appId() + IN_PROGRESS);
      }
      Files.write(file, new byte[0]);
    } catch (IOException | RuntimeException e) {
      history.accept("event log: cannot create it in " + target.directory() + ": " + e);
      return none();
    }
    SparkEventLog log = new SparkEventLog(file, completed, marker, run, plan, history);
    log.plan();
    history.accept(
        "event log: writing "
            + (target.rolling() ? marker.getParent() : file)
            + (target.compressed() ? " (spark.eventLog.compress not simulated: plain JSON)" : ""));
    return log;
  }

  // ---- as time passes ----

  /** Writes the events of the run's first {@code elapsedMs} milliseconds. */
  void advanceTo(long elapsedMs) {
    if (closed) {
      return;
    }
    if (!jobOver) {
      while (next < planned.size() && planned.get(next).time() <= elapsedMs) {
        Line line = planned.get(next++);
        append(line.time(), line.json());
      }
    }
    flush();
  }

  /** The run succeeded: every planned event, then the application's end; the file is renamed. */
  void complete(long elapsedMs) {
    advanceTo(Long.MAX_VALUE);
    finish(elapsedMs);
  }

  /**
   * The application ends (its driver exits, cleanly or not, with its shutdown hook): {@code
   * SparkListenerApplicationEnd}, then the rename. Planned events not written yet never happen.
   */
  void finish(long elapsedMs) {
    if (closed) {
      return;
    }
    jobOver = true;
    ObjectNode end = event("SparkListenerApplicationEnd");
    long at = Math.max(elapsedMs, lastTime);
    end.put("Timestamp", epoch(at));
    append(at, render(end));
    flush();
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (marker != null) {
        String name = marker.getFileName().toString();
        move(
            marker, marker.resolveSibling(name.substring(0, name.length() - IN_PROGRESS.length())));
      } else {
        move(file, completedFile);
      }
      history.accept("event log: " + (marker != null ? file.getParent() : completedFile));
    } catch (IOException e) {
      history.accept("event log: cannot rename " + file + ": " + e);
    }
  }

  /** The driver was killed (SIGKILL): nothing more is written and the log stays in progress. */
  void abandon(long elapsedMs) {
    advanceTo(elapsedMs);
    if (!closed) {
      closed = true;
      history.accept("event log: left in progress (the driver was killed)");
    }
  }

  // ---- how a run fails ----

  /**
   * The unsplit hot partition runs its executor out of heap at {@code at}: its task fails with
   * {@code java.lang.OutOfMemoryError}, the executor is lost ({@code lossReason}: Kubernetes' exit
   * reason), the job aborts.
   */
  void executorOutOfMemory(long at, SparkJobPlan.Task task, String lossReason) {
    if (closed || jobOver) {
      return;
    }
    advanceTo(at);
    fail(
        at,
        task,
        Cause.heapOom(),
        Map.of(task.executor.id(), lossReason),
        true,
        "executor " + task.executor.id() + " ran out of heap",
        null);
  }

  /**
   * Executors died of memory at {@code at} (every one of {@code lossReasons}, by executor id): with
   * {@code heapOom} (exit 52) a task there fails with {@code OutOfMemoryError}, else (137) it is
   * lost with its executor.
   */
  void executorsLost(long at, Map<String, String> lossReasons, boolean heapOom) {
    if (closed || jobOver) {
      return;
    }
    advanceTo(at);
    SparkJobPlan.Task failing = firstRunning(at, lossReasons);
    fail(at, failing, heapOom ? Cause.heapOom() : null, lossReasons, true, "executors lost", null);
  }

  /**
   * Spot executors were drained at {@code at} (not the application's fault): their tasks are lost
   * and their shuffle output with them; the stage runs out of attempts and the job aborts.
   */
  void executorsReclaimed(long at, Map<String, String> lossReasons) {
    if (closed || jobOver) {
      return;
    }
    advanceTo(at);
    SparkJobPlan.Task failing = firstRunning(at, lossReasons);
    String message =
        failing == null
            ? null
            : "Job aborted due to stage failure: "
                + (failing.stage.shuffleMap ? "ShuffleMapStage " : "ResultStage ")
                + failing.stage.id
                + " ("
                + run.callSite()
                + ") has failed the maximum allowable number of times: 4. Most recent failure"
                + " reason:\norg.apache.spark.shuffle.MetadataFetchFailedException: Missing an"
                + " output location for shuffle 0 partition "
                + failing.index
                + "\nDriver stacktrace:";
    fail(at, failing, null, lossReasons, false, "executors reclaimed", message);
  }

  /** A task failed at {@code at} with {@code exceptionLine} ({@code <class>: <message>}). */
  void taskFailed(long at, String exceptionLine) {
    if (closed || jobOver) {
      return;
    }
    advanceTo(at);
    int colon = exceptionLine.indexOf(": ");
    String className = colon < 0 ? exceptionLine : exceptionLine.substring(0, colon);
    String message = colon < 0 ? "" : exceptionLine.substring(colon + 2);
    fail(
        at,
        firstRunning(at, Map.of()),
        new Cause(
            className,
            message,
            List.of(
                frame("org.apache.hadoop.fs.s3a.S3AUtils", "translateException", "S3AUtils", 214),
                frame("org.apache.hadoop.fs.s3a.Invoker", "once", "Invoker", 119),
                frame(
                    "org.apache.spark.sql.execution.datasources.FileFormatWriter$",
                    "executeTask",
                    "FileFormatWriter",
                    403))),
        Map.of(),
        true,
        className,
        null);
  }

  /**
   * The SparkContext stopped at {@code at} (the driver died or was terminated): the running stages
   * and jobs are cancelled.
   */
  void shutDown(long at) {
    if (closed || jobOver) {
      return;
    }
    advanceTo(at);
    for (SparkJobPlan.Stage s : plan.stages) {
      if (s.runningAt(at)) {
        append(
            at + 1,
            render(
                stageCompleted(s, at + 1, "Stage cancelled because SparkContext was shut down")));
      }
    }
    String firstJob = null;
    for (SparkJobPlan.Job j : plan.jobs) {
      if (j.submitted() <= at && at < j.ended()) {
        String message = "Job " + j.id() + " cancelled because SparkContext was shut down";
        firstJob = firstJob == null ? message : firstJob;
        append(at + 2, render(jobEnd(j, at + 2, message)));
      }
    }
    if (queryRunning(at)) {
      append(
          at + 3,
          render(
              queryEnd(
                  at + 3,
                  "org.apache.spark.SparkException: "
                      + (firstJob == null ? "SparkContext was shut down" : firstJob))));
    }
    jobOver = true;
    flush();
  }

  private boolean queryRunning(long at) {
    return plan.at(SparkJobPlan.QUERY_AT) <= at && at < plan.at(SparkJobPlan.QUERY_END);
  }

  /** The first task running at {@code at}: on a lost executor if any, else any. */
  private SparkJobPlan.Task firstRunning(long at, Map<String, String> lost) {
    List<SparkJobPlan.Task> onLost = plan.runningAt(at, t -> lost.containsKey(t.executor.id()));
    if (!onLost.isEmpty()) {
      return onLost.get(0);
    }
    List<SparkJobPlan.Task> any = plan.runningAt(at, t -> true);
    return any.isEmpty() ? null : any.get(0);
  }

  /** An exception a task died of, with the frames Spark records. */
  private record Cause(String className, String description, List<String[]> frames) {

    static Cause heapOom() {
      return new Cause(
          "java.lang.OutOfMemoryError",
          "Java heap space",
          List.of(
              frame("java.util.Arrays", "copyOf", "Arrays", 3541),
              frame(
                  "org.apache.spark.sql.catalyst.expressions.UnsafeRow",
                  "copy",
                  "UnsafeRow.java",
                  480),
              frame(
                  "org.apache.spark.sql.execution.ExternalAppendOnlyUnsafeRowArray",
                  "add",
                  "ExternalAppendOnlyUnsafeRowArray.scala",
                  116),
              frame(
                  "org.apache.spark.sql.execution.joins.SortMergeJoinScanner",
                  "bufferMatchingRows",
                  "SortMergeJoinExec.scala",
                  1063),
              frame(
                  "org.apache.spark.sql.execution.joins.SortMergeJoinScanner",
                  "findNextInnerJoinRows",
                  "SortMergeJoinExec.scala",
                  968),
              new String[] {
                "org.apache.spark.sql.catalyst.expressions.GeneratedClass$GeneratedIteratorForCodegenStage5",
                "processNext",
                null,
                "-1"
              },
              frame(
                  "org.apache.spark.sql.execution.BufferedRowIterator",
                  "hasNext",
                  "BufferedRowIterator.java",
                  43),
              frame(
                  "org.apache.spark.sql.execution.datasources.FileFormatWriter$",
                  "executeTask",
                  "FileFormatWriter.scala",
                  403)));
    }

    String firstLine() {
      return description.isEmpty() ? className : className + ": " + description;
    }

    /** As {@code Throwable.printStackTrace} writes it, with the task runner's frames. */
    String fullStackTrace() {
      StringBuilder out = new StringBuilder(firstLine()).append('\n');
      for (String[] f : allFrames()) {
        String cls = f[0].startsWith("java.") ? "java.base/" + f[0] : f[0];
        out.append("\tat ")
            .append(cls)
            .append('.')
            .append(f[1])
            .append('(')
            .append(f[2] == null ? "Unknown Source" : f[2] + ":" + f[3])
            .append(")\n");
      }
      return out.toString();
    }

    List<String[]> allFrames() {
      List<String[]> all = new ArrayList<>(frames);
      all.add(frame("org.apache.spark.scheduler.ResultTask", "runTask", "ResultTask", 93));
      all.add(frame("org.apache.spark.scheduler.Task", "run", "Task", 141));
      all.add(frame("org.apache.spark.executor.Executor$TaskRunner", "run", "Executor.scala", 623));
      all.add(
          frame(
              "java.util.concurrent.ThreadPoolExecutor",
              "runWorker",
              "ThreadPoolExecutor.java",
              1136));
      all.add(frame("java.lang.Thread", "run", "Thread.java", 840));
      return all;
    }
  }

  /** A stack frame; a file name without extension gets Scala's (Java's for {@code java.*}). */
  private static String[] frame(String cls, String method, String file, int line) {
    String name = file.contains(".") ? file : file + (cls.startsWith("java.") ? ".java" : ".scala");
    return new String[] {cls, method, name, Integer.toString(line)};
  }

  /**
   * The job aborts at {@code at} because {@code failing} failed: of {@code cause}, or (null) lost
   * with its executor. Spark's order: the failed task, its stage, the job; then the tasks killed
   * with the stage, the lost executors and their tasks, the SQL execution's end. {@code
   * stageFailure} is Spark's reason, or null for the usual one naming {@code failing}.
   */
  private void fail(
      long at,
      SparkJobPlan.Task failing,
      Cause cause,
      Map<String, String> lost,
      boolean causedByApp,
      String why,
      String stageFailure) {
    String failure;
    if (failing == null) {
      failure =
          cause != null
              ? cause.firstLine()
              : "ExecutorLostFailure ("
                  + String.join(", ", lost.keySet())
                  + " lost) Reason: "
                  + firstLine(lost.values().stream().findFirst().orElse(""));
    } else if (cause != null) {
      failure = cause.fullStackTrace();
    } else {
      failure = lostFailure(failing.executor.id(), causedByApp, lost.get(failing.executor.id()));
    }
    String message = stageFailure;
    if (message == null) {
      String lostTask =
          failing == null
              ? ""
              : "Task "
                  + failing.index
                  + " in stage "
                  + failing.stage.id
                  + ".0 failed 1 times, most recent failure: Lost task "
                  + failing.index
                  + ".0 in stage "
                  + failing.stage.id
                  + ".0 (TID "
                  + failing.tid
                  + ") ("
                  + failing.executor.host()
                  + " executor "
                  + failing.executor.id()
                  + "): ";
      message =
          "Job aborted due to stage failure: "
              + lostTask
              + failure
              + (failure.endsWith("\n") ? "\n" : "\n\n")
              + "Driver stacktrace:";
    }
    if (failing != null) {
      ObjectNode reason;
      if (cause != null) {
        reason = exceptionFailure(cause, failing, at);
      } else {
        reason = executorLost(failing.executor.id(), causedByApp, lost.get(failing.executor.id()));
      }
      append(at, render(taskEnd(failing, at, reason, cause != null, false)));
    }
    for (SparkJobPlan.Stage s : plan.stages) {
      if (s.runningAt(at)) {
        append(at + 2, render(stageCompleted(s, at + 2, message)));
      }
    }
    for (SparkJobPlan.Job j : plan.jobs) {
      if (j.submitted() <= at && at < j.ended()) {
        append(at + 4, render(jobEnd(j, at + 4, message)));
      }
    }
    String kill = "Stage cancelled: " + firstLine(message);
    for (SparkJobPlan.Task t : plan.runningAt(at, t -> t != failing)) {
      if (!lost.containsKey(t.executor.id())) {
        ObjectNode reason = JSON.createObjectNode();
        reason.put("Reason", "TaskKilled");
        reason.put("Kill Reason", kill);
        reason.set("Accumulator Updates", JSON.createArrayNode());
        append(at + 6, render(taskEnd(t, at + 6, reason, true, true)));
      }
    }
    new TreeMap<>(lost)
        .forEach(
            (id, reason) -> {
              ObjectNode removed = event("SparkListenerExecutorRemoved");
              removed.put("Timestamp", epoch(at + 8));
              removed.put("Executor ID", id);
              removed.put("Removed Reason", reason);
              append(at + 8, render(removed));
            });
    for (SparkJobPlan.Task t : plan.runningAt(at, t -> t != failing)) {
      if (lost.containsKey(t.executor.id())) {
        ObjectNode reason = executorLost(t.executor.id(), causedByApp, lost.get(t.executor.id()));
        append(at + 9, render(taskEnd(t, at + 9, reason, false, false)));
      }
    }
    if (queryRunning(at)) {
      append(at + 12, render(queryEnd(at + 12, "org.apache.spark.SparkException: " + message)));
    }
    jobOver = true;
    flush();
    history.accept("event log: job failed (" + why + ")");
  }

  private static String lostFailure(String executorId, boolean causedByApp, String reason) {
    return "ExecutorLostFailure (executor "
        + executorId
        + (causedByApp
            ? " exited caused by one of the running tasks"
            : " exited unrelated to the running tasks")
        + ") Reason: "
        + (reason == null ? "" : reason);
  }

  private static String firstLine(String text) {
    String t = text.strip();
    int nl = t.indexOf('\n');
    return nl < 0 ? t : t.substring(0, nl);
  }

  // ---- the planned events ----

  private void plan() {
    ObjectNode logStart = event("SparkListenerLogStart");
    logStart.put("Spark Version", run.sparkVersion());
    planLine(0L, RANK_OTHER, logStart);
    planLine(0L, RANK_OTHER, resourceProfile());
    planLine(0L, RANK_OTHER, blockManagerAdded("driver", run.driverHost(), run.driverHeapMiB(), 0));
    planLine(0L, RANK_OTHER, environment());
    ObjectNode appStart = event("SparkListenerApplicationStart");
    appStart.put("App Name", run.appName());
    appStart.put("App ID", run.appId());
    appStart.put("Timestamp", run.startEpochMs());
    appStart.put("User", USER);
    planLine(0L, RANK_OTHER, appStart);

    long registered = plan.at(SparkJobPlan.EXECUTORS_AT);
    for (SparkJobPlan.Executor e : plan.executors) {
      ObjectNode added = event("SparkListenerExecutorAdded");
      added.put("Timestamp", epoch(registered));
      added.put("Executor ID", e.id());
      ObjectNode info = added.putObject("Executor Info");
      info.put("Host", e.host());
      info.put("Total Cores", e.cores());
      info.putObject("Log Urls");
      info.putObject("Attributes");
      info.putObject("Resources");
      info.put("Resource Profile Id", 0);
      info.put("Registration Time", epoch(registered));
      planLine(registered, RANK_OTHER, added);
      planLine(
          registered + 1,
          RANK_OTHER,
          blockManagerAdded(e.id(), e.host(), run.executorHeapMiB(), registered + 1));
    }

    long queryAt = plan.at(SparkJobPlan.QUERY_AT);
    ObjectNode query = event(SQL + "SparkListenerSQLExecutionStart");
    query.put("executionId", 0);
    query.put("rootExecutionId", 0);
    query.put("description", run.callSite());
    query.put("details", details());
    query.put("physicalPlanDescription", plan.adaptive ? initialAdaptivePlan() : staticPlan());
    query.set("sparkPlanInfo", planInfo(plan.adaptive ? "AdaptiveSparkPlan" : null, false));
    query.put("time", epoch(queryAt));
    query.putObject("modifiedConfigs");
    query.putArray("jobTags");
    planLine(queryAt, RANK_OTHER, query);

    if (plan.adaptive) {
      long finalAt = plan.at(SparkJobPlan.FINAL_PLAN_AT);
      ObjectNode update = event(SQL + "SparkListenerSQLAdaptiveExecutionUpdate");
      update.put("executionId", 0);
      update.put("physicalPlanDescription", finalAdaptivePlan());
      update.set("sparkPlanInfo", planInfo("AdaptiveSparkPlan", true));
      planLine(finalAt, RANK_OTHER, update);
    }

    for (SparkJobPlan.Job job : plan.jobs) {
      ObjectNode start = event("SparkListenerJobStart");
      start.put("Job ID", job.id());
      start.put("Submission Time", epoch(job.submitted()));
      ArrayNode infos = start.putArray("Stage Infos");
      ArrayNode ids = start.putArray("Stage IDs");
      for (SparkJobPlan.Stage s : job.stages()) {
        infos.add(stageInfo(s, -1, -1, null));
        ids.add(s.id);
      }
      start.set("Properties", properties());
      planLine(job.submitted(), RANK_OTHER, start);
      ObjectNode end = jobEnd(job, job.ended(), null);
      planLine(job.ended(), RANK_JOB_END, end);
    }

    for (SparkJobPlan.Stage s : plan.stages) {
      if (s.skipped) {
        continue;
      }
      ObjectNode submitted = event("SparkListenerStageSubmitted");
      submitted.set("Stage Info", stageInfo(s, s.submitted, -1, null));
      submitted.set("Properties", properties());
      planLine(s.submitted, RANK_STAGE_SUBMITTED, submitted);
      for (SparkJobPlan.Task t : s.tasks) {
        ObjectNode start = event("SparkListenerTaskStart");
        start.put("Stage ID", s.id);
        start.put("Stage Attempt ID", 0);
        start.set("Task Info", taskInfo(t, 0, false, false));
        planLine(t.launch, RANK_TASK_START, start);
        ObjectNode success = JSON.createObjectNode();
        success.put("Reason", "Success");
        planLine(t.finish, RANK_TASK_END, taskEnd(t, t.finish, success, true, false));
      }
      planLine(s.completed, RANK_STAGE_COMPLETED, stageCompleted(s, s.completed, null));
    }

    long queryEnd = plan.at(SparkJobPlan.QUERY_END);
    planLine(queryEnd, RANK_QUERY_END, queryEnd(queryEnd, ""));

    planned.sort(
        Comparator.comparingLong(Line::time)
            .thenComparingInt(Line::rank)
            .thenComparingInt(Line::seq));
    advanceTo(0);
  }

  private void planLine(long time, int rank, ObjectNode event) {
    planned.add(new Line(time, rank, planned.size(), render(event)));
  }

  private ObjectNode resourceProfile() {
    ObjectNode rp = event("SparkListenerResourceProfileAdded");
    rp.put("Resource Profile Id", 0);
    ObjectNode requests = rp.putObject("Executor Resource Requests");
    resourceRequest(requests, "cores", run.executorCores());
    resourceRequest(requests, "memory", run.executorHeapMiB());
    resourceRequest(requests, "offHeap", 0);
    ObjectNode cpus = rp.putObject("Task Resource Requests").putObject("cpus");
    cpus.put("Resource Name", "cpus");
    cpus.put("Amount", 1.0);
    return rp;
  }

  private static void resourceRequest(ObjectNode into, String name, long amount) {
    ObjectNode r = into.putObject(name);
    r.put("Resource Name", name);
    r.put("Amount", amount);
    r.put("Discovery Script", "");
    r.put("Vendor", "");
  }

  /** Spark's unified memory: (heap − 300 MiB reserved) × {@code spark.memory.fraction} 0.6. */
  private ObjectNode blockManagerAdded(String executorId, String host, long heapMiB, long at) {
    ObjectNode bm = event("SparkListenerBlockManagerAdded");
    ObjectNode id = bm.putObject("Block Manager ID");
    id.put("Executor ID", executorId);
    id.put("Host", host);
    id.put("Port", BLOCK_MANAGER_PORT);
    long max = (long) (Math.max(0, heapMiB * MIB * 0.97 - 300 * MIB) * 0.6);
    bm.put("Maximum Memory", max);
    bm.put("Timestamp", epoch(at));
    bm.put("Maximum Onheap Memory", max);
    bm.put("Maximum Offheap Memory", 0);
    return bm;
  }

  private ObjectNode environment() {
    ObjectNode env = event("SparkListenerEnvironmentUpdate");
    ObjectNode jvm = env.putObject("JVM Information");
    jvm.put("Java Home", "/opt/java/openjdk");
    jvm.put("Java Version", "17.0.13 (Eclipse Adoptium)");
    jvm.put("Scala Version", "version 2.12.18");
    ObjectNode props = env.putObject("Spark Properties");
    sparkProperties().forEach(props::put);
    env.putObject("Hadoop Properties");
    ObjectNode system = env.putObject("System Properties");
    system.put("java.vm.name", "OpenJDK 64-Bit Server VM");
    system.put("user.name", USER);
    system.put("sun.java.command", "org.apache.spark.deploy.SparkSubmit " + run.mainClassName());
    env.putObject("Metrics Properties");
    env.putObject("Classpath Entries");
    return env;
  }

  /**
   * The properties Spark records: the platform's defaults, the application's sparkConf (secrets
   * redacted by {@code spark.redaction.regex}), then what the Spark operator and spark-submit set
   * on Kubernetes; the typed memory and cores of the spec win over the sparkConf, as there.
   */
  Map<String, String> sparkProperties() {
    Map<String, String> p = new TreeMap<>(PLATFORM_DEFAULTS);
    run.sparkConf().forEach((k, v) -> p.put(k, REDACT.matcher(k).find() ? REDACTED : v));
    p.put("spark.app.name", run.appName());
    p.put("spark.app.id", run.appId());
    p.put("spark.app.startTime", Long.toString(run.startEpochMs()));
    p.put("spark.master", "k8s://https://10.100.0.1:443");
    p.put("spark.submit.deployMode", "cluster");
    p.put("spark.kubernetes.namespace", run.namespace());
    p.put("spark.kubernetes.driver.pod.name", run.driverPod());
    p.put("spark.kubernetes.container.image", run.image());
    p.put("spark.kubernetes.executor.podNamePrefix", run.resourcePrefix());
    p.put("spark.kubernetes.submitInDriver", "true");
    p.put("spark.kubernetes.resource.type", "java");
    p.put("spark.driver.host", run.driverHost());
    p.put("spark.driver.port", "7078");
    p.put("spark.driver.blockManager.port", Integer.toString(BLOCK_MANAGER_PORT));
    p.put("spark.driver.memory", run.driverHeapMiB() + "m");
    p.put("spark.driver.cores", Integer.toString(run.driverCores()));
    p.put("spark.executor.memory", run.executorHeapMiB() + "m");
    p.put("spark.executor.cores", Integer.toString(run.executorCores()));
    p.put("spark.executor.instances", Integer.toString(run.instances()));
    p.put("spark.executor.id", "driver");
    return p;
  }

  private ObjectNode properties() {
    ObjectNode p = JSON.createObjectNode();
    p.put("spark.app.id", run.appId());
    p.put("spark.app.name", run.appName());
    p.put("spark.sql.execution.id", "0");
    p.put("spark.sql.execution.root.id", "0");
    p.put("spark.rdd.scope.noOverride", "true");
    return p;
  }

  private String details() {
    return "org.apache.spark.sql.DataFrameWriter.parquet(DataFrameWriter.scala:802)\n"
        + run.mainClassName()
        + "$.main("
        + run.simpleMain()
        + ".scala:57)\n"
        + run.mainClassName()
        + ".main("
        + run.simpleMain()
        + ".scala)";
  }

  private ObjectNode stageInfo(
      SparkJobPlan.Stage s, long submitted, long completed, String failure) {
    ObjectNode info = JSON.createObjectNode();
    info.put("Stage ID", s.id);
    info.put("Stage Attempt ID", 0);
    info.put("Stage Name", run.callSite());
    info.put("Number of Tasks", s.numTasks);
    ArrayNode rdds = info.putArray("RDD Info");
    for (SparkJobPlan.Rdd r : s.rdds) {
      ObjectNode rdd = rdds.addObject();
      rdd.put("RDD ID", r.id());
      rdd.put("Name", r.name());
      rdd.put("Scope", "{\"id\":\"" + (20 + r.id()) + "\",\"name\":\"" + r.scope() + "\"}");
      rdd.put("Callsite", run.callSite());
      ArrayNode parents = rdd.putArray("Parent IDs");
      r.parentIds().forEach(parents::add);
      ObjectNode storage = rdd.putObject("Storage Level");
      storage.put("Use Disk", false);
      storage.put("Use Memory", false);
      storage.put("Use Off Heap", false);
      storage.put("Deserialized", false);
      storage.put("Replication", 1);
      rdd.put("Barrier", false);
      rdd.put("DeterministicLevel", s.shuffleMap ? "DETERMINATE" : "UNORDERED");
      rdd.put("Number of Partitions", s.numTasks);
      rdd.put("Number of Cached Partitions", 0);
      rdd.put("Memory Size", 0);
      rdd.put("Disk Size", 0);
    }
    ArrayNode parents = info.putArray("Parent IDs");
    s.parentIds.forEach(parents::add);
    info.put("Details", details());
    if (submitted >= 0) {
      info.put("Submission Time", epoch(submitted));
    }
    if (completed >= 0) {
      info.put("Completion Time", epoch(completed));
    }
    if (failure != null) {
      info.put("Failure Reason", failure);
    }
    info.putArray("Accumulables");
    info.put("Resource Profile Id", 0);
    info.put("Shuffle Push Enabled", false);
    info.put("Shuffle Push Mergers Count", 0);
    return info;
  }

  private ObjectNode stageCompleted(SparkJobPlan.Stage s, long at, String failure) {
    ObjectNode completed = event("SparkListenerStageCompleted");
    completed.set("Stage Info", stageInfo(s, s.submitted, at, failure));
    return completed;
  }

  private ObjectNode jobEnd(SparkJobPlan.Job job, long at, String failure) {
    ObjectNode end = event("SparkListenerJobEnd");
    end.put("Job ID", job.id());
    end.put("Completion Time", epoch(at));
    ObjectNode result = end.putObject("Job Result");
    if (failure == null) {
      result.put("Result", "JobSucceeded");
    } else {
      result.put("Result", "JobFailed");
      ObjectNode exception = result.putObject("Exception");
      exception.put("Message", failure);
      ArrayNode trace = exception.putArray("Stack Trace");
      stackTrace(
          trace,
          List.of(
              frame(
                  "org.apache.spark.scheduler.DAGScheduler",
                  "failJobAndIndependentStages",
                  "DAGScheduler",
                  2856),
              frame("org.apache.spark.scheduler.DAGScheduler", "abortStage", "DAGScheduler", 2791),
              frame(
                  "org.apache.spark.scheduler.DAGScheduler",
                  "handleTaskSetFailed",
                  "DAGScheduler",
                  2998)));
    }
    return end;
  }

  private ObjectNode queryEnd(long at, String error) {
    ObjectNode end = event(SQL + "SparkListenerSQLExecutionEnd");
    end.put("executionId", 0);
    end.put("time", epoch(at));
    end.put("errorMessage", error);
    return end;
  }

  private ObjectNode taskInfo(SparkJobPlan.Task t, long finish, boolean failed, boolean killed) {
    ObjectNode info = JSON.createObjectNode();
    info.put("Task ID", t.tid);
    info.put("Index", t.index);
    info.put("Attempt", 0);
    info.put("Partition ID", t.index);
    info.put("Launch Time", epoch(t.launch));
    info.put("Executor ID", t.executor.id());
    info.put("Host", t.executor.host());
    info.put("Locality", t.stage.shuffleMap ? "PROCESS_LOCAL" : "NODE_LOCAL");
    info.put("Speculative", false);
    info.put("Getting Result Time", 0);
    info.put("Finish Time", finish == 0 ? 0 : epoch(finish));
    info.put("Failed", failed);
    info.put("Killed", killed);
    info.putArray("Accumulables");
    return info;
  }

  /**
   * A task's end. Successful, failed-by-exception and killed attempts carry their metrics (what
   * they read until then); an attempt lost with its executor has none, as in Spark. The {@code Task
   * Executor Metrics} block, all zeros in the real logs, is left out to keep the log small.
   */
  private ObjectNode taskEnd(
      SparkJobPlan.Task t, long at, ObjectNode reason, boolean withMetrics, boolean killed) {
    boolean success = "Success".equals(reason.path("Reason").asText());
    ObjectNode end = event("SparkListenerTaskEnd");
    end.put("Stage ID", t.stage.id);
    end.put("Stage Attempt ID", 0);
    end.put("Task Type", t.stage.shuffleMap ? "ShuffleMapTask" : "ResultTask");
    end.set("Task End Reason", reason);
    end.set("Task Info", taskInfo(t, at, !success && !killed, killed));
    if (withMetrics) {
      end.set("Task Metrics", taskMetrics(t, at, success, killed));
    }
    return end;
  }

  private ObjectNode taskMetrics(SparkJobPlan.Task t, long at, boolean success, boolean killed) {
    long duration = Math.max(0, at - t.launch);
    long deserialize = Math.min(duration, Math.max(0, duration / 40));
    long runTime = duration - deserialize;
    // A task that is killed has read part of its input; the hot partition's shuffle fetch
    // (48 MiB in flight) is done long before its join runs out of heap.
    boolean partial = killed;
    int executors = plan.executors.size();
    ObjectNode m = JSON.createObjectNode();
    m.put("Executor Deserialize Time", deserialize);
    m.put("Executor Deserialize CPU Time", deserialize * 700_000);
    m.put("Executor Run Time", runTime);
    m.put("Executor CPU Time", runTime * 800_000);
    m.put(
        "Peak Execution Memory",
        t.stage.shuffleMap ? 0 : (partial ? 0 : 32 * MIB + 4 * t.readBytes));
    m.put("Result Size", success ? 4_027 : 0);
    m.put("JVM GC Time", success ? runTime / 50 : killed ? 0 : runTime * 3 / 5);
    m.put("Result Serialization Time", success ? 1 : 0);
    m.put("Memory Bytes Spilled", 0);
    m.put("Disk Bytes Spilled", 0);
    long read = partial ? t.readBytes / 4 : t.readBytes;
    long readRecords = partial ? t.readRecords / 4 : t.readRecords;
    long local = executors <= 1 ? read : read / executors;
    int blocks = t.stage.shuffleMap ? 0 : 2 * SparkJobPlan.MAP_TASKS_PER_SIDE;
    int localBlocks = executors <= 1 ? blocks : blocks / executors;
    ObjectNode sr = m.putObject("Shuffle Read Metrics");
    sr.put("Remote Blocks Fetched", blocks - localBlocks);
    sr.put("Local Blocks Fetched", localBlocks);
    sr.put("Fetch Wait Time", t.stage.shuffleMap ? 0 : 2);
    sr.put("Remote Bytes Read", read - local);
    sr.put("Remote Bytes Read To Disk", 0);
    sr.put("Local Bytes Read", local);
    sr.put("Total Records Read", readRecords);
    sr.put("Remote Requests Duration", t.stage.shuffleMap ? 0 : 15);
    ObjectNode push = sr.putObject("Push Based Shuffle");
    for (String f :
        List.of(
            "Corrupt Merged Block Chunks",
            "Merged Fetch Fallback Count",
            "Merged Remote Blocks Fetched",
            "Merged Local Blocks Fetched",
            "Merged Remote Chunks Fetched",
            "Merged Local Chunks Fetched",
            "Merged Remote Bytes Read",
            "Merged Local Bytes Read",
            "Merged Remote Requests Duration")) {
      push.put(f, 0);
    }
    boolean done = success;
    ObjectNode sw = m.putObject("Shuffle Write Metrics");
    sw.put("Shuffle Bytes Written", done ? t.writeBytes : 0);
    sw.put("Shuffle Write Time", done ? t.writeBytes * 20 : 0);
    sw.put("Shuffle Records Written", done ? t.writeRecords : 0);
    ObjectNode in = m.putObject("Input Metrics");
    in.put("Bytes Read", partial ? t.inputBytes / 4 : t.inputBytes);
    in.put("Records Read", partial ? t.inputRecords / 4 : t.inputRecords);
    ObjectNode out = m.putObject("Output Metrics");
    out.put("Bytes Written", done ? t.outputBytes : 0);
    out.put("Records Written", done ? t.outputRecords : 0);
    m.putArray("Updated Blocks");
    return m;
  }

  private ObjectNode exceptionFailure(Cause cause, SparkJobPlan.Task t, long at) {
    ObjectNode reason = JSON.createObjectNode();
    reason.put("Reason", "ExceptionFailure");
    reason.put("Class Name", cause.className());
    reason.put("Description", cause.description());
    stackTrace(reason.putArray("Stack Trace"), cause.allFrames());
    reason.put("Full Stack Trace", cause.fullStackTrace());
    ArrayNode updates = reason.putArray("Accumulator Updates");
    long runTime = Math.max(0, at - t.launch);
    long[][] values = {
      {131, runTime},
      {136, runTime * 3 / 5},
      {142, t.readBytes - t.readBytes / Math.max(1, plan.executors.size())},
      {144, t.readBytes / Math.max(1, plan.executors.size())},
      {146, t.readRecords}
    };
    for (long[] v : values) {
      ObjectNode u = updates.addObject();
      u.put("ID", v[0]);
      u.put("Update", Long.toString(v[1]));
      u.put("Internal", false);
      u.put("Count Failed Values", true);
    }
    return reason;
  }

  private static ObjectNode executorLost(String executorId, boolean causedByApp, String reason) {
    ObjectNode lost = JSON.createObjectNode();
    lost.put("Reason", "ExecutorLostFailure");
    lost.put("Executor ID", executorId);
    lost.put("Exit Caused By App", causedByApp);
    lost.put("Loss Reason", reason == null ? "" : reason);
    return lost;
  }

  private static void stackTrace(ArrayNode into, List<String[]> frames) {
    for (String[] f : frames) {
      ObjectNode frame = into.addObject();
      frame.put("Declaring Class", f[0]);
      frame.put("Method Name", f[1]);
      if (f[2] == null) {
        frame.putNull("File Name");
      } else {
        frame.put("File Name", f[2]);
      }
      frame.put("Line Number", Integer.parseInt(f[3]));
    }
  }

  // ---- the SQL plan ----

  private String hashPartitioning(String key) {
    return "hashpartitioning(" + key + ", " + plan.shufflePartitions + ")";
  }

  /** The formatted plan of the real {@code skewed-join-noaqe} log, reading Parquet from S3. */
  private String staticPlan() {
    return "== Physical Plan ==\n"
        + "Execute InsertIntoHadoopFsRelationCommand (12)\n"
        + "+- WriteFiles (11)\n"
        + "   +- * Project (10)\n"
        + "      +- * SortMergeJoin Inner (9)\n"
        + "         :- * Sort (4)\n"
        + "         :  +- Exchange (3)\n"
        + "         :     +- * Filter (2)\n"
        + "         :        +- * Scan parquet  (1)\n"
        + "         +- * Sort (8)\n"
        + "            +- Exchange (7)\n"
        + "               +- * Filter (6)\n"
        + "                  +- * Scan parquet  (5)\n"
        + "\n\n"
        + scan(1, " [codegen id : 1]", "key#2L, fact_payload#3", "facts", "fact_payload")
        + filter(2, " [codegen id : 1]", "key#2L, fact_payload#3", "key#2L")
        + exchange(3, "key#2L, fact_payload#3", "key#2L", 36)
        + sort(4, " [codegen id : 2]", "key#2L, fact_payload#3", "key#2L")
        + scan(5, " [codegen id : 3]", "key#8L, dim_payload#9", "dims", "dim_payload")
        + filter(6, " [codegen id : 3]", "key#8L, dim_payload#9", "key#8L")
        + exchange(7, "key#8L, dim_payload#9", "key#8L", 42)
        + sort(8, " [codegen id : 4]", "key#8L, dim_payload#9", "key#8L")
        + join(9, "SortMergeJoin", " [codegen id : 5]")
        + project(10, " [codegen id : 5]")
        + write(11, 12);
  }

  /** What AQE shows before any stage ran: no codegen yet, {@code isFinalPlan=false}. */
  private String initialAdaptivePlan() {
    return "== Physical Plan ==\n"
        + "Execute InsertIntoHadoopFsRelationCommand (13)\n"
        + "+- WriteFiles (12)\n"
        + "   +- AdaptiveSparkPlan (11)\n"
        + "      +- Project (10)\n"
        + "         +- SortMergeJoin Inner (9)\n"
        + "            :- Sort (4)\n"
        + "            :  +- Exchange (3)\n"
        + "            :     +- Filter (2)\n"
        + "            :        +- Scan parquet  (1)\n"
        + "            +- Sort (8)\n"
        + "               +- Exchange (7)\n"
        + "                  +- Filter (6)\n"
        + "                     +- Scan parquet  (5)\n"
        + "\n\n"
        + scan(1, "", "key#2L, fact_payload#3", "facts", "fact_payload")
        + filter(2, "", "key#2L, fact_payload#3", "key#2L")
        + exchange(3, "key#2L, fact_payload#3", "key#2L", 29)
        + sort(4, "", "key#2L, fact_payload#3", "key#2L")
        + scan(5, "", "key#8L, dim_payload#9", "dims", "dim_payload")
        + filter(6, "", "key#8L, dim_payload#9", "key#8L")
        + exchange(7, "key#8L, dim_payload#9", "key#8L", 30)
        + sort(8, "", "key#8L, dim_payload#9", "key#8L")
        + join(9, "SortMergeJoin", "")
        + project(10, "")
        + adaptive(11, false)
        + write(12, 13);
  }

  /** AQE's final plan, as in the real {@code skewed-join-aqe-remedy} log. */
  private String finalAdaptivePlan() {
    return "== Physical Plan ==\n"
        + "Execute InsertIntoHadoopFsRelationCommand (17)\n"
        + "+- WriteFiles (16)\n"
        + "   +- AdaptiveSparkPlan (15)\n"
        + "      +- == Final Plan ==\n"
        + "         * Project (14)\n"
        + "         +- * SortMergeJoin(skew=true) Inner (13)\n"
        + "            :- * Sort (6)\n"
        + "            :  +- AQEShuffleRead (5)\n"
        + "            :     +- ShuffleQueryStage (4)\n"
        + "            :        +- Exchange (3)\n"
        + "            :           +- * Filter (2)\n"
        + "            :              +- * Scan parquet  (1)\n"
        + "            +- * Sort (12)\n"
        + "               +- AQEShuffleRead (11)\n"
        + "                  +- ShuffleQueryStage (10)\n"
        + "                     +- Exchange (9)\n"
        + "                        +- * Filter (8)\n"
        + "                           +- * Scan parquet  (7)\n"
        + "\n\n"
        + scan(1, " [codegen id : 1]", "key#2L, fact_payload#3", "facts", "fact_payload")
        + filter(2, " [codegen id : 1]", "key#2L, fact_payload#3", "key#2L")
        + exchange(3, "key#2L, fact_payload#3", "key#2L", 42)
        + queryStage(4, "key#2L, fact_payload#3", 0)
        + shuffleRead(5, "key#2L, fact_payload#3", "coalesced and skewed")
        + sort(6, " [codegen id : 3]", "key#2L, fact_payload#3", "key#2L")
        + scan(7, " [codegen id : 2]", "key#8L, dim_payload#9", "dims", "dim_payload")
        + filter(8, " [codegen id : 2]", "key#8L, dim_payload#9", "key#8L")
        + exchange(9, "key#8L, dim_payload#9", "key#8L", 54)
        + queryStage(10, "key#8L, dim_payload#9", 1)
        + shuffleRead(11, "key#8L, dim_payload#9", "coalesced")
        + sort(12, " [codegen id : 4]", "key#8L, dim_payload#9", "key#8L")
        + join(13, "SortMergeJoin(skew=true)", " [codegen id : 5]")
        + project(14, " [codegen id : 5]")
        + adaptive(15, true)
        + write(16, 17);
  }

  private String scan(int id, String codegen, String output, String table, String payload) {
    return "("
        + id
        + ") Scan parquet "
        + codegen
        + "\nOutput [2]: ["
        + output
        + "]\nBatched: true\nLocation: InMemoryFileIndex ["
        + run.bucket()
        + "/"
        + table
        + "]\nPushedFilters: [IsNotNull(key)]\nReadSchema: struct<key:bigint,"
        + payload
        + ":string>\n\n";
  }

  private static String filter(int id, String codegen, String input, String key) {
    return "("
        + id
        + ") Filter"
        + codegen
        + "\nInput [2]: ["
        + input
        + "]\nCondition : isnotnull("
        + key
        + ")\n\n";
  }

  private String exchange(int id, String input, String key, int planId) {
    return "("
        + id
        + ") Exchange\nInput [2]: ["
        + input
        + "]\nArguments: "
        + hashPartitioning(key)
        + ", ENSURE_REQUIREMENTS, [plan_id="
        + planId
        + "]\n\n";
  }

  private static String sort(int id, String codegen, String input, String key) {
    return "("
        + id
        + ") Sort"
        + codegen
        + "\nInput [2]: ["
        + input
        + "]\nArguments: ["
        + key
        + " ASC NULLS FIRST], false, 0\n\n";
  }

  private static String queryStage(int id, String output, int stage) {
    return "("
        + id
        + ") ShuffleQueryStage\nOutput [2]: ["
        + output
        + "]\nArguments: "
        + stage
        + "\n\n";
  }

  private static String shuffleRead(int id, String input, String how) {
    return "(" + id + ") AQEShuffleRead\nInput [2]: [" + input + "]\nArguments: " + how + "\n\n";
  }

  private static String join(int id, String name, String codegen) {
    return "("
        + id
        + ") "
        + name
        + codegen
        + "\nLeft keys [1]: [key#2L]\nRight keys [1]: [key#8L]\nJoin type: Inner\n"
        + "Join condition: None\n\n";
  }

  private static String project(int id, String codegen) {
    return "("
        + id
        + ") Project"
        + codegen
        + "\nOutput [3]: [key#2L, fact_payload#3, dim_payload#9]\n"
        + "Input [4]: [key#2L, fact_payload#3, key#8L, dim_payload#9]\n\n";
  }

  private static String adaptive(int id, boolean isFinal) {
    return "("
        + id
        + ") AdaptiveSparkPlan\nOutput [3]: [key#2L, fact_payload#3, dim_payload#9]\n"
        + "Arguments: isFinalPlan="
        + isFinal
        + "\n\n";
  }

  private String write(int files, int command) {
    return "("
        + files
        + ") WriteFiles\nInput [3]: [key#2L, fact_payload#3, dim_payload#9]\n\n("
        + command
        + ") Execute InsertIntoHadoopFsRelationCommand\nInput: []\nArguments: "
        + run.bucket()
        + "/"
        + run.appName()
        + "_joined, false, Parquet, [path="
        + run.bucket()
        + "/"
        + run.appName()
        + "_joined], Overwrite, [key, fact_payload, dim_payload]\n\n";
  }

  /** The plan tree Spark's UI draws ({@code sparkPlanInfo}), with the join's simple string. */
  private ObjectNode planInfo(String root, boolean skewJoin) {
    ObjectNode fact = side("key#2L", "fact_payload#3", "facts");
    ObjectNode dim = side("key#8L", "dim_payload#9", "dims");
    ObjectNode join =
        planNode(
            "SortMergeJoin" + (skewJoin ? "(skew=true)" : ""),
            "SortMergeJoin" + (skewJoin ? "(skew=true)" : "") + " [key#2L], [key#8L], Inner",
            fact,
            dim);
    ObjectNode project =
        planNode("Project", "Project [key#2L, fact_payload#3, dim_payload#9]", join);
    ObjectNode top =
        root == null ? project : planNode(root, root + " isFinalPlan=" + skewJoin, project);
    return planNode(
        "Execute InsertIntoHadoopFsRelationCommand",
        "Execute InsertIntoHadoopFsRelationCommand "
            + run.bucket()
            + "/"
            + run.appName()
            + "_joined",
        planNode("WriteFiles", "WriteFiles", top));
  }

  private ObjectNode side(String key, String payload, String table) {
    ObjectNode scan =
        planNode(
            "Scan parquet ",
            "FileScan parquet ["
                + key
                + ","
                + payload
                + "] Batched: true, Location: InMemoryFileIndex(1 paths)["
                + run.bucket()
                + "/"
                + table
                + "]");
    ObjectNode filter = planNode("Filter", "Filter isnotnull(" + key + ")", scan);
    ObjectNode exchange =
        planNode("Exchange", "Exchange " + hashPartitioning(key) + ", ENSURE_REQUIREMENTS", filter);
    return planNode("Sort", "Sort [" + key + " ASC NULLS FIRST], false, 0", exchange);
  }

  private static ObjectNode planNode(String name, String simple, ObjectNode... children) {
    ObjectNode node = JSON.createObjectNode();
    node.put("nodeName", name);
    node.put("simpleString", simple);
    ArrayNode kids = node.putArray("children");
    for (ObjectNode child : children) {
      kids.add(child);
    }
    node.putObject("metadata");
    node.putArray("metrics");
    return node;
  }

  // ---- writing ----

  private static ObjectNode event(String name) {
    ObjectNode node = JSON.createObjectNode();
    node.put("Event", name);
    return node;
  }

  private long epoch(long elapsedMs) {
    return run.startEpochMs() + elapsedMs;
  }

  private static String render(ObjectNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private void append(long time, String json) {
    buffer.append(json).append('\n');
    lastTime = Math.max(lastTime, time);
  }

  private void flush() {
    if (closed || buffer.isEmpty()) {
      buffer.setLength(0);
      return;
    }
    try {
      Files.write(
          file, buffer.toString().getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
    } catch (IOException e) {
      closed = true;
      history.accept("event log: cannot write " + file + ", stopped: " + e);
    } finally {
      buffer.setLength(0);
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @Override
  public String toString() {
    return file == null ? "no event log" : file.toString();
  }
}
