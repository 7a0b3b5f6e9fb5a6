package io.sparkmedic.remediation.eventlog.finding;

import io.sparkmedic.remediation.eventlog.model.PlanOperator;
import java.util.List;

/**
 * The numbers of one skewed stage attempt: what the diagnosis of a failed run consumes to call it
 * {@code DATA_SKEW}, and to name the stage, the straggler and the join keys in its evidence.
 *
 * <p>Skew is judged by bytes (and records) first, by time second: on few cores the first task of
 * each executor is often several times slower than the rest even in a balanced stage, so a task
 * that is only slow is never skew.
 *
 * @param stageId Spark's stage id
 * @param attemptId the stage attempt
 * @param stageName Spark's stage name
 * @param taskCount successful task attempts measured (the distributions' size)
 * @param measure what the bytes are: shuffle read (a reduce stage) or input (a scan)
 * @param medianBytes the median task's bytes read
 * @param p75Bytes the 75th-percentile task's bytes read
 * @param maxBytes the straggler's bytes read (successful or, if larger, failed attempt)
 * @param medianRecords the median task's records read
 * @param maxRecords the most records any successful task read
 * @param stragglerRecords the records the straggler read
 * @param stragglerPartition the straggler's partition
 * @param stragglerTaskId the straggler's task id (TID)
 * @param stragglerExecutorId where the straggler ran, or null
 * @param stragglerFailed whether the straggler is a failed attempt (the partition never finished)
 * @param stragglerFailure why it failed ({@code java.lang.OutOfMemoryError: Java heap space}), or
 *     null
 * @param stragglerDurationMs the straggler's duration
 * @param medianDurationMs the median task's duration
 * @param stageWallTimeMs the stage's submission-to-completion time
 * @param stragglerShareOfWallTime the straggler's duration ÷ the stage's wall time
 * @param tailMs time at the end of the stage in which only the straggler ran
 * @param stageFailed whether the stage attempt failed
 * @param operators the stage's joins and aggregations with their keys, when the SQL plan shows them
 */
public record StageSkew(
    int stageId,
    int attemptId,
    String stageName,
    int taskCount,
    Measure measure,
    long medianBytes,
    long p75Bytes,
    long maxBytes,
    long medianRecords,
    long maxRecords,
    long stragglerRecords,
    int stragglerPartition,
    long stragglerTaskId,
    String stragglerExecutorId,
    boolean stragglerFailed,
    String stragglerFailure,
    long stragglerDurationMs,
    long medianDurationMs,
    long stageWallTimeMs,
    double stragglerShareOfWallTime,
    long tailMs,
    boolean stageFailed,
    List<PlanOperator> operators) {

  /** What a stage's tasks read. */
  public enum Measure {
    SHUFFLE_READ,
    INPUT
  }

  public StageSkew {
    operators = List.copyOf(operators);
  }

  /** max ÷ median bytes. */
  public double bytesRatio() {
    return medianBytes == 0 ? Double.POSITIVE_INFINITY : (double) maxBytes / medianBytes;
  }

  /** max ÷ p75 bytes. */
  public double bytesRatioToP75() {
    return p75Bytes == 0 ? Double.POSITIVE_INFINITY : (double) maxBytes / p75Bytes;
  }

  /** max ÷ median records. */
  public double recordsRatio() {
    return medianRecords == 0 ? 0 : (double) maxRecords / medianRecords;
  }

  /** straggler ÷ median duration. */
  public double durationRatio() {
    return medianDurationMs == 0 ? 0 : (double) stragglerDurationMs / medianDurationMs;
  }

  /** The join keys, "key = key", when the stage runs a join; empty otherwise. */
  public List<String> joinKeys() {
    return operators.stream()
        .filter(PlanOperator::isJoin)
        .map(o -> String.join(", ", o.keys()) + " = " + String.join(", ", o.otherKeys()))
        .distinct()
        .toList();
  }

  /** Grouping keys of the stage's aggregations; empty when it has none. */
  public List<String> groupingKeys() {
    return operators.stream()
        .filter(o -> !o.isJoin())
        .map(o -> String.join(", ", o.keys()))
        .distinct()
        .toList();
  }

  public boolean hasJoin() {
    return operators.stream().anyMatch(PlanOperator::isJoin);
  }
}
