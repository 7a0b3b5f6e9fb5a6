package io.sparkmedic.remediation.eventlog.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Task attempts of a stage that ended other than in success, grouped by why.
 *
 * @param reason Spark's task-end reason: {@code ExceptionFailure}, {@code ExecutorLostFailure},
 *     {@code FetchFailed}, {@code TaskKilled}, {@code TaskCommitDenied}, {@code TaskResultLost},
 *     {@code Resubmitted}, {@code UnknownReason}
 * @param detail what went wrong: the exception class and message ({@code
 *     java.lang.OutOfMemoryError: Java heap space}), the executor-loss or kill reason
 * @param failed whether Spark marked the attempts failed (false for killed and resubmitted ones)
 * @param count attempts
 * @param partitions the partitions affected, at most {@value #MAX_LISTED}
 * @param executors the executors they ran on, at most {@value #MAX_LISTED}
 */
public record TaskFailures(
    String reason,
    String detail,
    String example,
    boolean failed,
    int count,
    List<Integer> partitions,
    List<String> executors) {

  public static final int MAX_LISTED = 10;

  public TaskFailures {
    partitions = List.copyOf(partitions);
    executors = List.copyOf(executors);
  }

  /** "java.io.IOException" for exceptions, "ExecutorLostFailure (reason)" for the others. */
  public String describe() {
    if ("ExceptionFailure".equals(reason) && detail != null && !detail.isEmpty()) {
      return detail;
    }
    return detail == null || detail.isEmpty() ? reason : reason + " (" + detail + ")";
  }

  public boolean isOutOfMemory() {
    return (detail != null && detail.contains("OutOfMemoryError"))
        || (example != null && example.contains("OutOfMemoryError"));
  }

  /**
   * Groups a stage's unsuccessful attempts as they are seen, by reason, detail and whether they
   * count as failed; the first attempt of a group gives its example.
   */
  public static final class Grouping {

    private final Map<String, Group> groups = new LinkedHashMap<>();

    public void add(
        String reason,
        String detail,
        String example,
        boolean failed,
        int partition,
        String executor) {
      groups
          .computeIfAbsent(
              reason + '\u0000' + detail + '\u0000' + failed,
              k -> new Group(reason, detail, example, failed))
          .add(partition, executor);
    }

    /** The groups in the order first seen, partitions sorted. */
    public List<TaskFailures> failures() {
      List<TaskFailures> out = new ArrayList<>();
      for (Group g : groups.values()) {
        List<Integer> sorted = new ArrayList<>(g.partitions);
        sorted.sort(null);
        out.add(
            new TaskFailures(
                g.reason, g.detail, g.example, g.failed, g.count, sorted, g.executors));
      }
      return out;
    }

    private static final class Group {
      final String reason;
      final String detail;
      final String example;
      final boolean failed;
      int count;
      final List<Integer> partitions = new ArrayList<>();
      final List<String> executors = new ArrayList<>();

      Group(String reason, String detail, String example, boolean failed) {
        this.reason = reason;
        this.detail = detail;
        this.example = example;
        this.failed = failed;
      }

      void add(int partition, String executor) {
        count++;
        if (partitions.size() < MAX_LISTED && !partitions.contains(partition)) {
          partitions.add(partition);
        }
        if (executor != null && executors.size() < MAX_LISTED && !executors.contains(executor)) {
          executors.add(executor);
        }
      }
    }
  }
}
