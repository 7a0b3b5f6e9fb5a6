package io.sparkmedic.remediation.signal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Facts read from the tail of a Spark driver's log: which tasks died of an {@code OutOfMemoryError}
 * on which executor, which executors Kubernetes reported gone with which exit code, and whether the
 * driver's own JVM ran out of heap. Lines are matched on Spark's exact wording (Spark 3.x/4.x
 * {@code TaskSetManager}, {@code ExecutorPodsLifecycleManager}); anything else is ignored.
 */
public final class DriverLog {

  /**
   * {@code Lost task 1.0 in stage 0.0 (TID 1) (10.0.3.7 executor 2): java.lang.OutOfMemoryError:
   * Java heap space}.
   */
  private static final Pattern LOST_TASK_OOM =
      Pattern.compile(
          "Lost task (\\S+) in stage (\\S+) \\(TID \\d+\\) \\(\\S+ executor (\\S+)\\):"
              + " java\\.lang\\.OutOfMemoryError: ?([^\\r\\n]*)");

  /** {@code The executor with id 3 exited with exit code 137(SIGKILL, possible container OOM).} */
  private static final Pattern EXECUTOR_EXIT =
      Pattern.compile("The executor with id (\\d+) exited with exit code (-?\\d+)(\\([^)]*\\))?");

  /**
   * The driver's own threads: {@code Exception in thread "main" java.lang.OutOfMemoryError: ...}.
   */
  private static final Pattern DRIVER_THREAD_OOM =
      Pattern.compile(
          "Exception in thread \"([^\"]+)\" java\\.lang\\.OutOfMemoryError: ?([^\\r\\n]*)");

  /**
   * Spark's handler halting a JVM: {@code Uncaught OutOfMemoryError in thread ..., process halted.}
   */
  private static final Pattern HALTED_OOM = Pattern.compile("Uncaught OutOfMemoryError in thread");

  /** One task attempt that failed with an {@code OutOfMemoryError}. */
  public record TaskOom(String task, String stage, String executorId, String detail) {}

  /** An executor Kubernetes reported gone, with the exit code Spark logged. */
  public record ExecutorExit(String executorId, int exitCode, String description) {}

  private final List<TaskOom> taskOoms;
  private final List<ExecutorExit> executorExits;
  private final String driverOom;

  private DriverLog(List<TaskOom> taskOoms, List<ExecutorExit> executorExits, String driverOom) {
    this.taskOoms = List.copyOf(taskOoms);
    this.executorExits = List.copyOf(executorExits);
    this.driverOom = driverOom;
  }

  /** Reads the facts from log text; null or empty text gives no facts. */
  public static DriverLog read(String text) {
    List<TaskOom> taskOoms = new ArrayList<>();
    Map<String, ExecutorExit> exits = new LinkedHashMap<>();
    String driverOom = null;
    if (text != null) {
      Matcher lost = LOST_TASK_OOM.matcher(text);
      while (lost.find()) {
        taskOoms.add(
            new TaskOom(lost.group(1), lost.group(2), lost.group(3), lost.group(4).trim()));
      }
      Matcher exit = EXECUTOR_EXIT.matcher(text);
      while (exit.find()) {
        String description = exit.group(3) == null ? "" : exit.group(3);
        // The same loss is logged several times (scheduler, block manager); keep one per executor.
        exits.put(
            exit.group(1),
            new ExecutorExit(exit.group(1), Integer.parseInt(exit.group(2)), description));
      }
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
    }
    return new DriverLog(taskOoms, new ArrayList<>(exits.values()), driverOom);
  }

  public List<TaskOom> taskOoms() {
    return taskOoms;
  }

  public List<ExecutorExit> executorExits() {
    return executorExits;
  }

  /** What the log says of an OutOfMemoryError in the driver's own threads, or null. */
  public String driverOom() {
    return driverOom;
  }
}
