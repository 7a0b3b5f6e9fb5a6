package io.sparkmedic.remediation.eventlog.model;

import java.util.Map;

/**
 * The application an event log describes.
 *
 * @param id Spark's application id
 * @param attemptId the attempt (cluster managers that retry drivers), or null
 * @param name {@code spark.app.name}
 * @param user who ran it
 * @param sparkVersion the Spark that wrote the log
 * @param startTime epoch ms
 * @param endTime epoch ms: the application's end, or the last event of a log that has none
 * @param ended whether the log records the application's end
 * @param jobsSucceeded jobs that succeeded
 * @param jobsFailed jobs that failed
 * @param jobsRunning jobs started and not ended in the log
 * @param sqlExecutions SQL queries run
 * @param stagesSkipped stages of jobs that Spark skipped (their shuffle output existed already)
 * @param sparkProperties the tuning-relevant Spark properties the application ran with (shuffle
 *     partitions, AQE, memory, cores); never credentials
 */
public record ApplicationInfo(
    String id,
    String attemptId,
    String name,
    String user,
    String sparkVersion,
    long startTime,
    long endTime,
    boolean ended,
    int jobsSucceeded,
    int jobsFailed,
    int jobsRunning,
    int sqlExecutions,
    int stagesSkipped,
    Map<String, String> sparkProperties) {

  public ApplicationInfo {
    sparkProperties = Map.copyOf(sparkProperties);
  }

  public long durationMs() {
    return Math.max(0, endTime - startTime);
  }

  /** A Spark property, or the default when the application did not set it. */
  public String property(String key, String defaultValue) {
    return sparkProperties.getOrDefault(key, defaultValue);
  }
}
