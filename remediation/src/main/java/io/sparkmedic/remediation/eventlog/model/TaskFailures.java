package io.sparkmedic.remediation.eventlog.model;

import java.util.List;

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
}
