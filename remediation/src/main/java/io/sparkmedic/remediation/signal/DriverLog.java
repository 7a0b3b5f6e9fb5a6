package io.sparkmedic.remediation.signal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Facts read from the tail of a Spark driver's log, matched on Spark's own wording (Spark 3.x/4.x
 * {@code TaskSetManager}, {@code TaskSchedulerImpl}, {@code ExecutorPodsLifecycleManager}, the
 * JVM's {@code Exception in thread}): which tasks died of an {@code OutOfMemoryError} on which
 * executor, how executors were lost, shuffle fetch failures, the exception that ended the run with
 * its root cause, and transient errors from storage and services. Anything else is ignored.
 */
public final class DriverLog {

  private static final Pattern LOST_TASK_OOM =
      Pattern.compile(
          "Lost task (\\S+) in stage (\\S+) \\(TID \\d+\\) \\(\\S+ executor (\\S+)\\):"
              + " java\\.lang\\.OutOfMemoryError: ?([^\\r\\n]*)");

  /** {@code The executor with id 3 exited with exit code 137(SIGKILL, possible container OOM).} */
  private static final Pattern EXECUTOR_EXIT =
      Pattern.compile("The executor with id (\\d+) exited with exit code (-?\\d+)(\\([^)]*\\))?");

  /** Spark's dump of the container statuses that follows an exit line. */
  private static final Pattern TERMINATION_REASON = Pattern.compile("termination reason: (\\w+)");

  private static final Pattern EXECUTOR_DELETED =
      Pattern.compile("The executor with id (\\d+) was deleted by a user or the framework");

  private static final Pattern LOST_EXECUTOR =
      Pattern.compile("Lost executor (\\S+) on ([^:\\s]+): ([^\\r\\n]*)");

  private static final Pattern HEARTBEAT =
      Pattern.compile("Executor heartbeat timed out after (\\d+) ms");

  private static final Pattern DECOMMISSION =
      Pattern.compile(
          "Executor (\\S+) on (\\S+) is decommissioned|Executor decommission: |Decommissioning all executors on");

  private static final Pattern FETCH_FAILED =
      Pattern.compile(
          "(FetchFailedException|MetadataFetchFailedException|Missing an output location for shuffle \\d+)[^\\r\\n]*");

  private static final Pattern DRIVER_THREAD_OOM =
      Pattern.compile(
          "Exception in thread \"([^\"]+)\" java\\.lang\\.OutOfMemoryError: ?([^\\r\\n]*)");

  private static final Pattern HALTED_OOM = Pattern.compile("Uncaught OutOfMemoryError in thread");

  /** The run-ending exception of a JVM application. */
  private static final Pattern MAIN_EXCEPTION =
      Pattern.compile("Exception in thread \"main\" ([\\w.$]+)(?::\\s?([^\\r\\n]*))?");

  /** {@code User class threw exception: ...} (cluster-mode wrappers, YARN and some launchers). */
  private static final Pattern USER_CLASS_THREW =
      Pattern.compile("User class threw exception: ([\\w.$]+)(?::\\s?([^\\r\\n]*))?");

  /**
   * The last line of a Python traceback: {@code
   * pyspark.errors.exceptions.captured.AnalysisException: ...}.
   */
  private static final Pattern PYTHON_ERROR =
      Pattern.compile("^([A-Za-z_][\\w.]*(?:Error|Exception)): ([^\\r\\n]*)$", Pattern.MULTILINE);

  private static final Pattern CAUSED_BY =
      Pattern.compile("Caused by: ([\\w.$]+)(?::\\s?([^\\r\\n]*))?");

  /** Inside {@code Job aborted due to stage failure}: the task's own failure. */
  private static final Pattern MOST_RECENT_FAILURE =
      Pattern.compile(
          "most recent failure: Lost task \\S+ in stage \\S+ \\(TID \\d+\\) \\(\\S+ executor (\\S+)\\): ([\\w.$]+)(?::\\s?([^\\r\\n]*))?");

  private static final Pattern TRANSIENT =
      Pattern.compile(
          "(Status Code: 5\\d\\d|StatusCode: 5\\d\\d|status code 5\\d\\d|\\b50[234] (Service Unavailable|Bad Gateway|Gateway Time-?out)"
              + "|SlowDown|Please reduce your request rate|ThrottlingException|Rate exceeded|TooManyRequests"
              + "|Connection reset|SocketTimeoutException|Read timed out|Connect timed out|ConnectTimeoutException"
              + "|NoHttpResponseException|Unable to execute HTTP request|UnknownHostException"
              + "|InternalError: We encountered an internal error)[^\\r\\n]*",
          Pattern.CASE_INSENSITIVE);

  private static final Pattern NO_SPACE = Pattern.compile("No space left on device");

  /** One task attempt that failed with an {@code OutOfMemoryError}. */
  public record TaskOom(String task, String stage, String executorId, String detail) {}

  /**
   * An executor Kubernetes reported gone, with the exit code Spark logged and, when Spark dumped
   * the container statuses, the termination reason.
   */
  public record ExecutorExit(String executorId, int exitCode, String description, String reason) {}

  /** How an executor was lost, as the scheduler logged it. */
  public enum LossKind {
    EXIT_CODE,
    DELETED,
    HEARTBEAT_TIMEOUT,
    DECOMMISSIONED,
    OTHER
  }

  /** One executor loss line. */
  public record ExecutorLoss(String executorId, LossKind kind, String text) {}

  /**
   * The exception that ended the run, and its root cause ({@code Caused by:} chain, or the task's
   * own failure inside a {@code Job aborted due to stage failure}).
   */
  public record RunException(
      String className, String message, String rootClassName, String rootMessage) {

    /** The simple name of the root cause's class: {@code AnalysisException}. */
    public String rootSimpleName() {
      int dot = rootClassName.lastIndexOf('.');
      return dot < 0 ? rootClassName : rootClassName.substring(dot + 1);
    }

    /** "org.apache.spark.sql.AnalysisException: [TABLE_OR_VIEW_NOT_FOUND] ..." */
    public String describeRoot() {
      return rootClassName
          + (rootMessage == null || rootMessage.isBlank() ? "" : ": " + rootMessage);
    }
  }

  /** Lines that look like a transient failure of storage or a service, with how many there were. */
  public record TransientErrors(int count, String first) {}

  private final List<TaskOom> taskOoms;
  private final List<ExecutorExit> executorExits;
  private final List<ExecutorLoss> losses;
  private final int fetchFailures;
  private final String firstFetchFailure;
  private final String driverOom;
  private final RunException runException;
  private final TransientErrors transientErrors;
  private final int noSpaceLeft;

  private DriverLog(
      List<TaskOom> taskOoms,
      List<ExecutorExit> executorExits,
      List<ExecutorLoss> losses,
      int fetchFailures,
      String firstFetchFailure,
      String driverOom,
      RunException runException,
      TransientErrors transientErrors,
      int noSpaceLeft) {
    this.taskOoms = List.copyOf(taskOoms);
    this.executorExits = List.copyOf(executorExits);
    this.losses = List.copyOf(losses);
    this.fetchFailures = fetchFailures;
    this.firstFetchFailure = firstFetchFailure;
    this.driverOom = driverOom;
    this.runException = runException;
    this.transientErrors = transientErrors;
    this.noSpaceLeft = noSpaceLeft;
  }

  /** Reads the facts from log text; null or empty text gives no facts. */
  public static DriverLog read(String text) {
    if (text == null || text.isEmpty()) {
      return new DriverLog(
          List.of(), List.of(), List.of(), 0, null, null, null, new TransientErrors(0, null), 0);
    }
    List<TaskOom> taskOoms = new ArrayList<>();
    Matcher lost = LOST_TASK_OOM.matcher(text);
    while (lost.find()) {
      taskOoms.add(new TaskOom(lost.group(1), lost.group(2), lost.group(3), lost.group(4).trim()));
    }

    Map<String, ExecutorExit> exits = new LinkedHashMap<>();
    Matcher exit = EXECUTOR_EXIT.matcher(text);
    while (exit.find()) {
      String id = exit.group(1);
      // The container statuses Spark dumps after the exit line, up to the next executor's line.
      int end = text.indexOf("The executor with id", exit.end());
      String tail =
          text.substring(exit.end(), end < 0 ? Math.min(text.length(), exit.end() + 2000) : end);
      Matcher reason = TERMINATION_REASON.matcher(tail);
      String found = reason.find() ? reason.group(1) : null;
      ExecutorExit previous = exits.get(id);
      exits.put(
          id,
          new ExecutorExit(
              id,
              Integer.parseInt(exit.group(2)),
              exit.group(3) == null ? "" : exit.group(3),
              found != null ? found : previous == null ? null : previous.reason()));
    }

    Map<String, ExecutorLoss> losses = new LinkedHashMap<>();
    Matcher deleted = EXECUTOR_DELETED.matcher(text);
    while (deleted.find()) {
      losses.putIfAbsent(
          deleted.group(1), new ExecutorLoss(deleted.group(1), LossKind.DELETED, deleted.group()));
    }
    Matcher lostExecutor = LOST_EXECUTOR.matcher(text);
    while (lostExecutor.find()) {
      String id = lostExecutor.group(1);
      String reason = lostExecutor.group(3);
      LossKind kind =
          HEARTBEAT.matcher(reason).find()
              ? LossKind.HEARTBEAT_TIMEOUT
              : DECOMMISSION.matcher(reason).find()
                  ? LossKind.DECOMMISSIONED
                  : EXECUTOR_DELETED.matcher(reason).find()
                      ? LossKind.DELETED
                      : EXECUTOR_EXIT.matcher(reason).find() ? LossKind.EXIT_CODE : LossKind.OTHER;
      ExecutorLoss known = losses.get(id);
      if (known == null || known.kind() == LossKind.OTHER) {
        losses.put(id, new ExecutorLoss(id, kind, lostExecutor.group().strip()));
      }
    }
    Matcher decommission = DECOMMISSION.matcher(text);
    while (decommission.find()) {
      if (decommission.group(1) != null) {
        losses.putIfAbsent(
            decommission.group(1),
            new ExecutorLoss(decommission.group(1), LossKind.DECOMMISSIONED, decommission.group()));
      }
    }

    int fetchFailures = 0;
    String firstFetch = null;
    Matcher fetch = FETCH_FAILED.matcher(text);
    while (fetch.find()) {
      fetchFailures++;
      if (firstFetch == null) {
        firstFetch = abbreviate(fetch.group());
      }
    }

    String driverOom = null;
    Matcher thread = DRIVER_THREAD_OOM.matcher(text);
    if (thread.find()) {
      driverOom =
          "thread \""
              + thread.group(1)
              + "\" threw java.lang.OutOfMemoryError: "
              + thread.group(2).trim();
    } else if (HALTED_OOM.matcher(text).find()) {
      driverOom = "Spark halted the JVM on an uncaught OutOfMemoryError";
    }

    int transientCount = 0;
    String firstTransient = null;
    Matcher t = TRANSIENT.matcher(text);
    while (t.find()) {
      transientCount++;
      if (firstTransient == null) {
        firstTransient = abbreviate(lineAround(text, t.start()));
      }
    }
    int noSpace = 0;
    Matcher ns = NO_SPACE.matcher(text);
    while (ns.find()) {
      noSpace++;
    }

    return new DriverLog(
        taskOoms,
        new ArrayList<>(exits.values()),
        new ArrayList<>(losses.values()),
        fetchFailures,
        firstFetch,
        driverOom,
        runException(text),
        new TransientErrors(transientCount, firstTransient),
        noSpace);
  }

  /** The last run-ending exception in the log, with its root cause. */
  private static RunException runException(String text) {
    Matcher m = lastMatch(MAIN_EXCEPTION, text);
    if (m == null) {
      m = lastMatch(USER_CLASS_THREW, text);
    }
    if (m != null) {
      String cls = m.group(1);
      String msg = m.group(2) == null ? "" : m.group(2).strip();
      String rootCls = cls;
      String rootMsg = msg;
      Matcher inner = MOST_RECENT_FAILURE.matcher(msg);
      if (inner.find()) {
        rootCls = inner.group(2);
        rootMsg = inner.group(3) == null ? "" : inner.group(3).strip();
      }
      // The Caused-by chain of this exception: up to the next log line with a timestamp.
      int from = m.end();
      Matcher nextLogLine =
          Pattern.compile("(?m)^\\d{2,4}[/-]\\d{2}[/-]\\d{2}[ T]\\d{2}:\\d{2}").matcher(text);
      int to = nextLogLine.find(from) ? nextLogLine.start() : text.length();
      Matcher caused = CAUSED_BY.matcher(text.substring(from, to));
      while (caused.find()) {
        rootCls = caused.group(1);
        rootMsg = caused.group(2) == null ? "" : caused.group(2).strip();
      }
      return new RunException(cls, abbreviate(msg), rootCls, abbreviate(rootMsg));
    }
    if (text.contains("Traceback (most recent call last)")) {
      Matcher py =
          lastMatch(
              PYTHON_ERROR, text.substring(text.lastIndexOf("Traceback (most recent call last)")));
      if (py != null) {
        return new RunException(
            py.group(1), abbreviate(py.group(2)), py.group(1), abbreviate(py.group(2)));
      }
    }
    return null;
  }

  private static Matcher lastMatch(Pattern p, String text) {
    Matcher m = p.matcher(text);
    int start = -1;
    while (m.find()) {
      start = m.start();
    }
    if (start < 0) {
      return null;
    }
    m.find(start);
    return m;
  }

  private static String lineAround(String text, int at) {
    int start = text.lastIndexOf('\n', at) + 1;
    int end = text.indexOf('\n', at);
    return text.substring(start, end < 0 ? text.length() : end).strip();
  }

  private static String abbreviate(String s) {
    String one = s.replace('\r', ' ').strip();
    return one.length() <= 300 ? one : one.substring(0, 299) + "…";
  }

  public List<TaskOom> taskOoms() {
    return taskOoms;
  }

  public List<ExecutorExit> executorExits() {
    return executorExits;
  }

  public List<ExecutorLoss> losses() {
    return losses;
  }

  public List<ExecutorLoss> losses(LossKind kind) {
    return losses.stream().filter(l -> l.kind() == kind).toList();
  }

  public int fetchFailures() {
    return fetchFailures;
  }

  public String firstFetchFailure() {
    return firstFetchFailure;
  }

  /** What the log says of an OutOfMemoryError in the driver's own threads, or null. */
  public String driverOom() {
    return driverOom;
  }

  /** The exception that ended the run, or null when the log does not show one. */
  public RunException runException() {
    return runException;
  }

  public TransientErrors transientErrors() {
    return transientErrors;
  }

  /** How many times the log says {@code No space left on device}. */
  public int noSpaceLeft() {
    return noSpaceLeft;
  }
}
