package io.sparkmedic.remediation.eventlog.model;

/**
 * The fields of a {@code SparkListenerTaskStart} or {@code SparkListenerTaskEnd} the replay uses.
 * One instance is reused for every task event of a log: this is the hot path of the reader.
 */
final class TaskEndEvent {
  int stageId;
  int stageAttemptId;

  String reason;
  String className;
  String description;
  String killReason;
  String lossReason;
  String lostExecutorId;
  String fetchMessage;

  long taskId;
  int index;
  int attempt;
  int partitionId;
  long launchTime;
  long finishTime;
  String executorId;
  boolean speculative;
  boolean failed;
  boolean killed;

  long executorRunTime;
  long gcTime;
  long peakExecutionMemory;
  long memorySpilled;
  long diskSpilled;
  long shuffleRemoteBytes;
  long shuffleLocalBytes;
  long shuffleRecordsRead;
  long shuffleBytesWritten;
  long shuffleRecordsWritten;
  long inputBytes;
  long inputRecords;
  long outputBytes;

  void reset() {
    stageId = -1;
    stageAttemptId = 0;
    reason = null;
    className = null;
    description = null;
    killReason = null;
    lossReason = null;
    lostExecutorId = null;
    fetchMessage = null;
    taskId = -1;
    index = -1;
    attempt = 0;
    partitionId = -1;
    launchTime = 0;
    finishTime = 0;
    executorId = null;
    speculative = false;
    failed = false;
    killed = false;
    executorRunTime = 0;
    gcTime = 0;
    peakExecutionMemory = 0;
    memorySpilled = 0;
    diskSpilled = 0;
    shuffleRemoteBytes = 0;
    shuffleLocalBytes = 0;
    shuffleRecordsRead = 0;
    shuffleBytesWritten = 0;
    shuffleRecordsWritten = 0;
    inputBytes = 0;
    inputRecords = 0;
    outputBytes = 0;
  }

  boolean succeeded() {
    return "Success".equals(reason);
  }

  long durationMs() {
    return finishTime > 0 && finishTime >= launchTime ? finishTime - launchTime : 0;
  }

  long shuffleBytesRead() {
    return shuffleRemoteBytes + shuffleLocalBytes;
  }
}
