package io.sparkmedic.remediation.eventlog.model;

/**
 * The per-task metrics a stage summarises as distributions. Names follow Spark's task metrics;
 * {@link #jsonName()} is the stable key in the CLI's JSON.
 */
public enum TaskMetric {
  /** Finish Time − Launch Time of the attempt, in ms: what the task cost the schedule. */
  DURATION("durationMs"),
  EXECUTOR_RUN_TIME("executorRunTimeMs"),
  GC_TIME("gcTimeMs"),
  /** Remote + Local Bytes Read. */
  SHUFFLE_READ_BYTES("shuffleReadBytes"),
  SHUFFLE_READ_RECORDS("shuffleReadRecords"),
  SHUFFLE_WRITE_BYTES("shuffleWriteBytes"),
  SHUFFLE_WRITE_RECORDS("shuffleWriteRecords"),
  INPUT_BYTES("inputBytes"),
  INPUT_RECORDS("inputRecords"),
  OUTPUT_BYTES("outputBytes"),
  MEMORY_SPILLED_BYTES("memorySpilledBytes"),
  DISK_SPILLED_BYTES("diskSpilledBytes"),
  PEAK_EXECUTION_MEMORY_BYTES("peakExecutionMemoryBytes"),
  /** Shuffle plus input bytes read: the data a task processed, what skew is judged by. */
  BYTES_READ("bytesRead"),
  /** Shuffle plus input records read. */
  RECORDS_READ("recordsRead");

  private final String jsonName;

  TaskMetric(String jsonName) {
    this.jsonName = jsonName;
  }

  public String jsonName() {
    return jsonName;
  }
}
