package io.sparkmedic.simulator;

import io.sparkmedic.crds.spark.SparkApplication;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The Spark 3.5 driver log of a simulated run, and its tail as the kubelet keeps it in the driver
 * container's {@code state.terminated.message} under {@code terminationMessagePolicy:
 * FallbackToLogsOnError}: the last {@value #MAX_LINES} lines, then the last {@value #MAX_BYTES}
 * bytes of those (kubelet {@code readLastStringFromContainerLogs}). The mock API server cannot
 * serve {@code pods/log}; this is where a diagnosis finds the log instead.
 *
 * <p>Lines use Spark's default log4j2 layout {@code %d{yy/MM/dd HH:mm:ss} %p %c{1}: %m%n%ex} in
 * UTC, and Spark's own wording (research: spark-operators.md §6): {@code
 * ExecutorPodsLifecycleManager}'s exit reason with the container-status dump, {@code
 * TaskSchedulerImpl}'s {@code Lost executor}, {@code TaskSetManager}'s {@code Lost task}, the JVM's
 * {@code Exception in thread "main"}.
 */
final class DriverLogs {

  static final int MAX_LINES = 80;
  static final int MAX_BYTES = 2048;

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yy/MM/dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String BLOCK_PORT = "7079";

  /** One executor as the driver knew it. */
  record Executor(int id, String podIp, String image, String startedAt, String finishedAt) {}

  /**
   * What the log is about.
   *
   * @param mainClass the application's main class, or null
   * @param started when the driver started (real time)
   */
  record Run(
      String appName,
      String namespace,
      String sparkVersion,
      String mainClass,
      String driverPod,
      String driverIp,
      long driverHeapMiB,
      Instant started,
      List<Executor> executors) {

    String simpleMain() {
      String main = mainClassName();
      return main.substring(main.lastIndexOf('.') + 1);
    }

    String mainClassName() {
      return mainClass == null || mainClass.isBlank()
          ? "org.apache.spark.examples.Main"
          : mainClass;
    }

    String callSite(int line) {
      return "parquet at " + simpleMain() + ".scala:" + line;
    }
  }

  /** The log, as it is written. */
  private static final class Log {
    private final StringBuilder text = new StringBuilder();

    Log at(Instant time, String level, String logger, String message) {
      text.append(TIME.format(time))
          .append(' ')
          .append(level)
          .append(' ')
          .append(logger)
          .append(": ")
          .append(message)
          .append('\n');
      return this;
    }

    /** Raw lines (a stack trace the JVM prints, a multi-line message's continuation). */
    Log raw(String... lines) {
      for (String line : lines) {
        text.append(line).append('\n');
      }
      return this;
    }

    @Override
    public String toString() {
      return text.toString();
    }
  }

  private DriverLogs() {}

  // ---- the causes ----

  /**
   * Executors killed by the kernel (137 {@code OOMKilled}) or dead of a heap {@code
   * OutOfMemoryError} (52): Spark loses every one, the tasks run out of attempts and the job
   * aborts.
   */
  static String executorsDied(Run run, int exitCode, String reason, Instant now) {
    return executorsDied(
        run, exitCode, reason, now, FailedTask.retried(1, 3, 7, 4, run.executors().size()));
  }

  /**
   * The task whose attempts failed on the lost executors: attempt {@code i} ran on executor {@code
   * i} as TID {@code firstTid + 3i}; the last of {@code failures} attempts was {@code lastTid}.
   */
  record FailedTask(int stageId, int partition, long firstTid, int failures, long lastTid) {

    /** Spark's default 4 attempts, the last one after the lost executors' (the default log). */
    static FailedTask retried(int stageId, int partition, long firstTid, int failures, int lost) {
      return new FailedTask(stageId, partition, firstTid, failures, firstTid + 3L * lost);
    }

    /** One attempt that aborted the job (a straggler whose executor ran out of heap). */
    static FailedTask once(int stageId, int partition, long tid) {
      return new FailedTask(stageId, partition, tid, 1, tid);
    }
  }

  /** The same, naming the task that failed. */
  static String executorsDied(
      Run run, int exitCode, String reason, Instant now, FailedTask failed) {
    Log log = startup(run);
    running(log, run, 6);
    List<Executor> executors = run.executors();
    long tid = failed.firstTid();
    String stage = " in stage " + failed.stageId() + ".0";
    for (int i = 0; i < executors.size(); i++) {
      Executor e = executors.get(i);
      String task =
          failed.partition()
              + "."
              + Math.min(i, failed.failures() - 1)
              + stage
              + " (TID "
              + tid
              + ")";
      if (exitCode == 52) {
        log.at(
            now,
            "WARN",
            "TaskSetManager",
            "Lost task " + task + " (" + e.podIp() + " executor " + e.id() + "): " + heapOom());
        log.raw(
            "\tat java.base/java.util.Arrays.copyOf(Arrays.java:3541)",
            "\tat org.apache.spark.sql.catalyst.expressions.UnsafeRow.copy(UnsafeRow.java:480)",
            "\tat org.apache.spark.sql.execution.aggregate.ObjectAggregationIterator.processInputs("
                + "ObjectAggregationIterator.scala:168)");
        log.at(
            now,
            "ERROR",
            "TaskSchedulerImpl",
            "Lost executor "
                + e.id()
                + " on "
                + e.podIp()
                + ": "
                + exitReason(e, exitCode, reason));
      } else {
        String why = exitReason(e, exitCode, reason);
        log.at(
            now,
            "ERROR",
            "TaskSchedulerImpl",
            "Lost executor " + e.id() + " on " + e.podIp() + ": " + why);
        log.at(
            now,
            "WARN",
            "TaskSetManager",
            "Lost task "
                + task
                + " ("
                + e.podIp()
                + " executor "
                + e.id()
                + "): ExecutorLostFailure (executor "
                + e.id()
                + " exited caused by one of the running tasks) Reason: "
                + why);
      }
      tid += 3;
    }
    Executor last = executors.get(executors.size() - 1);
    log.at(
        now,
        "ERROR",
        "TaskSetManager",
        "Task "
            + failed.partition()
            + stage
            + " failed "
            + failed.failures()
            + " times; aborting job");
    String failure =
        exitCode == 52
            ? heapOom()
            : "ExecutorLostFailure (executor "
                + last.id()
                + " exited caused by one of the running tasks) Reason: "
                + exitReason(last, exitCode, reason);
    log.raw(
        "Exception in thread \"main\" org.apache.spark.SparkException: Job aborted due to stage"
            + " failure: Task "
            + failed.partition()
            + stage
            + " failed "
            + failed.failures()
            + " times, most recent failure: Lost task "
            + failed.partition()
            + "."
            + (failed.failures() - 1)
            + stage
            + " (TID "
            + failed.lastTid()
            + ") ("
            + last.podIp()
            + " executor "
            + last.id()
            + "): "
            + failure);
    if (exitCode == 52) {
      log.raw("\tat java.base/java.util.Arrays.copyOf(Arrays.java:3541)");
    }
    log.raw("Driver stacktrace:");
    stageAbortFrames(log, run);
    return log.toString();
  }

  /**
   * Executors lost with their spot node: Karpenter drained it, so Spark saw the pods deleted, the
   * shuffle output on them is gone, and the stage runs out of attempts.
   */
  static String executorsDeleted(Run run, List<Executor> lost, Instant now) {
    Log log = startup(run);
    running(log, run, 8);
    int tid = 41;
    int epoch = 3;
    for (int i = 0; i < lost.size(); i++) {
      Executor e = lost.get(i);
      String why = "The executor with id " + e.id() + " was deleted by a user or the framework.";
      if (i == lost.size() - 1 && i > 0) {
        Executor first = lost.get(0);
        log.at(
            now,
            "WARN",
            "TaskSetManager",
            "Lost task 5.0 in stage 2.0 (TID "
                + (tid + 1)
                + ") ("
                + e.podIp()
                + " executor "
                + e.id()
                + "): FetchFailed(BlockManagerId("
                + first.id()
                + ", "
                + first.podIp()
                + ", "
                + BLOCK_PORT
                + ", None), shuffleId=1, mapIndex=4, mapId=12, reduceId=5, message=");
        log.raw(
            "org.apache.spark.shuffle.FetchFailedException: Failed to connect to /"
                + first.podIp()
                + ":"
                + BLOCK_PORT);
      }
      log.at(
          now,
          "ERROR",
          "TaskSchedulerImpl",
          "Lost executor " + e.id() + " on " + e.podIp() + ": " + why);
      // Spark 3.5 TaskSetManager.handleFailedTask: a loss not caused by the app is only INFO.
      log.at(
          now,
          "INFO",
          "TaskSetManager",
          "task "
              + (2 + i)
              + ".0 in stage 2.0 (TID "
              + tid
              + ") failed because while it was being computed, its executor exited for a reason"
              + " unrelated to the task. Not counting this failure towards the maximum number of"
              + " failures for the task.");
      log.at(now, "INFO", "DAGScheduler", "Executor lost: " + e.id() + " (epoch " + epoch + ")");
      log.at(
          now,
          "INFO",
          "DAGScheduler",
          "Shuffle files lost for executor: " + e.id() + " (epoch " + epoch + ")");
      tid += 2;
      epoch++;
    }
    log.raw(
        "Exception in thread \"main\" org.apache.spark.SparkException: Job aborted due to stage"
            + " failure: ShuffleMapStage 2 ("
            + run.callSite(57)
            + ") has failed the maximum allowable number of times: 4. Most recent failure reason:",
        "org.apache.spark.shuffle.MetadataFetchFailedException: Missing an output location for"
            + " shuffle 1 partition 5",
        "Driver stacktrace:");
    stageAbortFrames(log, run);
    return log.toString();
  }

  /**
   * The driver's own node was drained: SIGTERM, Spark's shutdown hook stops the context, the JVM
   * exits 143. No exception: the log just stops.
   */
  static String driverTerminatedBySignal(Run run, Instant now) {
    Log log = startup(run);
    running(log, run, 8);
    log.at(now, "INFO", "SparkContext", "Invoked stop() from shutdown hook");
    log.at(now, "INFO", "SparkContext", "SparkContext is stopping with exitCode 0.");
    log.at(
        now,
        "INFO",
        "SparkUI",
        "Stopped Spark web UI at http://"
            + run.driverPod()
            + "-svc."
            + run.namespace()
            + ".svc:4040");
    log.at(now, "INFO", "DAGScheduler", "Job 1 failed: " + run.callSite(57) + ", took 92.418703 s");
    log.at(now, "INFO", "KubernetesClusterSchedulerBackend", "Shutting down all executors");
    log.at(
        now,
        "INFO",
        "KubernetesClusterSchedulerBackend$KubernetesDriverEndpoint",
        "Asking each executor to shut down");
    log.at(now, "WARN", "ExecutorPodsWatchSnapshotSource", "Kubernetes client has been closed.");
    log.at(
        now, "INFO", "MapOutputTrackerMasterEndpoint", "MapOutputTrackerMasterEndpoint stopped!");
    log.at(now, "INFO", "MemoryStore", "MemoryStore cleared");
    log.at(now, "INFO", "BlockManager", "BlockManager stopped");
    log.at(now, "INFO", "BlockManagerMaster", "BlockManagerMaster stopped");
    log.at(
        now,
        "INFO",
        "OutputCommitCoordinator$OutputCommitCoordinatorEndpoint",
        "OutputCommitCoordinator stopped!");
    log.at(now, "INFO", "SparkContext", "Successfully stopped SparkContext");
    log.at(now, "INFO", "ShutdownHookManager", "Shutdown hook called");
    log.at(
        now,
        "INFO",
        "ShutdownHookManager",
        "Deleting directory /var/data/spark-" + UUID.randomUUID() + "/spark-" + UUID.randomUUID());
    log.at(
        now, "INFO", "ShutdownHookManager", "Deleting directory /tmp/spark-" + UUID.randomUUID());
    return log.toString();
  }

  /** S3 throttled the job's writes: the tasks ran out of attempts and the write aborted. */
  static String storageThrottled(Run run, Instant now) {
    Log log = startup(run);
    running(log, run, 8);
    List<Executor> executors = run.executors();
    String object = "s3a://" + run.appName() + "-lake/warehouse/" + run.appName() + "/part-000";
    for (int attempt = 0; attempt < 2; attempt++) {
      Executor e = executors.get(attempt % executors.size());
      log.at(
          now,
          "WARN",
          "TaskSetManager",
          "Lost task 12."
              + attempt
              + " in stage 2.0 (TID "
              + (52 + attempt * 9)
              + ") ("
              + e.podIp()
              + " executor "
              + e.id()
              + "): "
              + throttled(object + (12 + attempt) + ".snappy.parquet"));
    }
    Executor last = executors.get(executors.size() - 1);
    log.at(now, "ERROR", "TaskSetManager", "Task 12 in stage 2.0 failed 4 times; aborting job");
    log.at(now, "ERROR", "FileFormatWriter", "Aborting job " + UUID.randomUUID() + ".");
    log.raw(
        "Exception in thread \"main\" org.apache.spark.SparkException: Job aborted.",
        "\tat org.apache.spark.sql.errors.QueryExecutionErrors$.jobAbortedError("
            + "QueryExecutionErrors.scala:901)",
        "\tat org.apache.spark.sql.execution.datasources.FileFormatWriter$.write("
            + "FileFormatWriter.scala:407)",
        "\tat " + run.mainClassName() + "$.main(" + run.simpleMain() + ".scala:57)",
        "Caused by: org.apache.spark.SparkException: Job aborted due to stage failure: Task 12 in"
            + " stage 2.0 failed 4 times, most recent failure: Lost task 12.3 in stage 2.0 (TID 79)"
            + " ("
            + last.podIp()
            + " executor "
            + last.id()
            + "): "
            + throttled(object + "15.snappy.parquet"),
        "Driver stacktrace:",
        "\tat org.apache.spark.scheduler.DAGScheduler.failJobAndIndependentStages("
            + "DAGScheduler.scala:2898)",
        "\t... 32 more",
        "Caused by: " + s3SlowDown(),
        "\tat com.amazonaws.http.AmazonHttpClient$RequestExecutor.handleErrorResponse("
            + "AmazonHttpClient.java:1879)",
        "\tat com.amazonaws.services.s3.AmazonS3Client.invoke(AmazonS3Client.java:5470)",
        "\t... 24 more");
    return log.toString();
  }

  /** The application's own code threw: the run-ending exception and a few frames. */
  static String codeBug(Run run, String exceptionLine, Instant now) {
    Log log = startup(run);
    log.at(
        now,
        "INFO",
        "SharedState",
        "Warehouse path is 'file:/opt/spark/work-dir/spark-warehouse'.");
    log.at(now, "INFO", "StateStoreCoordinatorRef", "Registered StateStoreCoordinator endpoint");
    log.raw("Exception in thread \"main\" " + exceptionLine);
    if (exceptionLine.startsWith("org.apache.spark.sql.AnalysisException")) {
      log.raw(
          "\tat org.apache.spark.sql.catalyst.analysis.package$AnalysisErrorAt.tableNotFound("
              + "package.scala:87)",
          "\tat org.apache.spark.sql.catalyst.analysis.CheckAnalysis.$anonfun$checkAnalysis0$2("
              + "CheckAnalysis.scala:202)");
    } else {
      log.raw(
          "\tat " + run.mainClassName() + "$.transform(" + run.simpleMain() + ".scala:88)",
          "\tat " + run.mainClassName() + "$.run(" + run.simpleMain() + ".scala:54)");
    }
    log.raw("\tat " + run.mainClassName() + "$.main(" + run.simpleMain() + ".scala:31)");
    return log.toString();
  }

  /** The driver JVM ran out of heap (exit 52). */
  static String driverHeapOom(Run run, Instant now) {
    Log log = startup(run);
    running(log, run, 8);
    log.at(
        now,
        "INFO",
        "DAGScheduler",
        "Job 2 finished: collect at " + run.simpleMain() + ".scala:48, took 41.207316 s");
    log.at(
        now,
        "WARN",
        "TaskSetManager",
        "Stage 3 contains a task of very large size (2148 KiB). The maximum recommended task"
            + " size is 1000 KiB.");
    log.raw(
        "Exception in thread \"main\" " + heapOom(),
        "\tat java.base/java.util.Arrays.copyOf(Arrays.java:3541)",
        "\tat java.base/java.io.ByteArrayOutputStream.ensureCapacity(ByteArrayOutputStream.java:100)",
        "\tat org.apache.spark.sql.execution.SparkPlan.executeCollect(SparkPlan.scala:456)",
        "\tat " + run.mainClassName() + "$.main(" + run.simpleMain() + ".scala:48)");
    return log.toString();
  }

  /** The kernel killed the driver (137): the log stops mid-run, no exception. */
  static String driverKilled(Run run, Instant now) {
    Log log = startup(run);
    running(log, run, 14);
    log.at(
        now,
        "INFO",
        "MemoryStore",
        "Block broadcast_7 stored as values in memory (estimated size 1893.2 MiB, free 212.6 MiB)");
    return log.toString();
  }

  // ---- pieces ----

  private static Log startup(Run run) {
    Instant t = run.started();
    Log log = new Log();
    log.at(t, "INFO", "SparkContext", "Running Spark version " + run.sparkVersion());
    log.at(t, "INFO", "SparkContext", "OS info Linux, 6.1.124-134.200.amzn2023.x86_64, amd64");
    log.at(t, "INFO", "SparkContext", "Java version 17.0.13");
    log.at(t, "INFO", "SparkContext", "Submitted application: " + run.appName());
    log.at(t, "INFO", "Utils", "Successfully started service 'sparkDriver' on port 7078.");
    log.at(
        t,
        "INFO",
        "MemoryStore",
        String.format(
            Locale.ROOT,
            "MemoryStore started with capacity %.1f MiB",
            Math.max(0, run.driverHeapMiB() * 0.97 - 300) * 0.6));
    log.at(t, "INFO", "Utils", "Successfully started service 'SparkUI' on port 4040.");
    int n = run.executors().size();
    log.at(
        t,
        "INFO",
        "ExecutorPodsAllocator",
        "Going to request "
            + n
            + " executors from Kubernetes for ResourceProfile Id: 0, target: "
            + n
            + ", known: 0, sharedSlotFromPendingPods: 2147483647.");
    log.at(
        t,
        "INFO",
        "NettyBlockTransferService",
        "Server created on " + run.driverPod() + "-svc." + run.namespace() + ".svc:7079");
    for (Executor e : run.executors()) {
      log.at(
          t,
          "INFO",
          "KubernetesClusterSchedulerBackend$KubernetesDriverEndpoint",
          "Registered executor NettyRpcEndpointRef(spark-client://Executor) ("
              + e.podIp()
              + ":"
              + (35000 + RANDOM.nextInt(30000))
              + ") with ID "
              + e.id()
              + ",  ResourceProfileId 0");
    }
    log.at(
        t,
        "INFO",
        "KubernetesClusterSchedulerBackend",
        "SchedulerBackend is ready for scheduling beginning after reached"
            + " minRegisteredResourcesRatio: 0.8");
    return log;
  }

  /** Tasks finishing normally, spread over the executors. */
  private static void running(Log log, Run run, int tasks) {
    Instant t = run.started();
    log.at(
        t,
        "INFO",
        "DAGScheduler",
        "Got job 1 (" + run.callSite(57) + ") with 200 output partitions");
    List<Executor> executors = run.executors();
    for (int i = 0; i < tasks && !executors.isEmpty(); i++) {
      Executor e = executors.get(i % executors.size());
      log.at(
          t,
          "INFO",
          "TaskSetManager",
          "Finished task "
              + i
              + ".0 in stage 1.0 (TID "
              + i
              + ") in "
              + (1800 + RANDOM.nextInt(900))
              + " ms on "
              + e.podIp()
              + " (executor "
              + e.id()
              + ") ("
              + (i + 1)
              + "/200)");
    }
  }

  /**
   * Spark 3.5 {@code ExecutorPodsLifecycleManager.exitReasonMessage}: it starts with a newline, the
   * brief reason and message lines are empty when the pod has none, then the container statuses.
   */
  static String exitReason(Executor e, int exitCode, String reason) {
    return "\nThe executor with id "
        + e.id()
        + " exited with exit code "
        + exitCode
        + describeExitCode(exitCode)
        + ".\n"
        + "\n"
        + "\n"
        + "\n"
        + "The API gave the following container statuses:\n"
        + "\n"
        + "\n\t container name: "
        + SparkApplication.EXECUTOR_CONTAINER
        + "\n\t container image: "
        + e.image()
        + "\n\t container state: terminated"
        + "\n\t container started at: "
        + e.startedAt()
        + "\n\t container finished at: "
        + e.finishedAt()
        + "\n\t exit code: "
        + exitCode
        + "\n\t termination reason: "
        + reason
        + "\n      ";
  }

  /** Spark's {@code ExecutorPodsLifecycleManager.describeExitCode}, no space before it. */
  static String describeExitCode(int code) {
    return switch (code) {
      case 0 -> "(success)";
      case 1 -> "(generic, look at logs to clarify)";
      case 10, 50 -> "(Uncaught exception)";
      case 52 -> "(JVM OOM)";
      case 53 -> "(DiskStore failed to create temp dir)";
      case 126 -> "(not executable - possibly perm or arch)";
      case 137 -> "(SIGKILL, possible container OOM)";
      case 139 -> "(SIGSEGV: that's unexpected)";
      case 255 -> "(exit-1, your guess is as good as mine)";
      default -> "(unexpected)";
    };
  }

  private static void stageAbortFrames(Log log, Run run) {
    log.raw(
        "\tat org.apache.spark.scheduler.DAGScheduler.failJobAndIndependentStages("
            + "DAGScheduler.scala:2898)",
        "\tat org.apache.spark.scheduler.DAGScheduler.abortStage(DAGScheduler.scala:2834)",
        "\tat " + run.mainClassName() + "$.main(" + run.simpleMain() + ".scala:57)");
  }

  private static String heapOom() {
    return "java.lang.OutOfMemoryError: Java heap space";
  }

  /** S3A's translation of a 503 SlowDown. */
  static String throttled(String object) {
    return "org.apache.hadoop.fs.s3a.AWSServiceThrottledException: getFileStatus on "
        + object
        + ": "
        + s3SlowDown()
        + ":SlowDown";
  }

  /** The AWS SDK v1 message of S3's throttling answer. */
  static String s3SlowDown() {
    return "com.amazonaws.services.s3.model.AmazonS3Exception: Please reduce your request rate."
        + " (Service: Amazon S3; Status Code: 503; Error Code: SlowDown; Request ID: "
        + requestId()
        + "; S3 Extended Request ID: "
        + extendedRequestId()
        + "; Proxy: null)";
  }

  private static String requestId() {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    StringBuilder id = new StringBuilder();
    for (int i = 0; i < 16; i++) {
      id.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return id.toString();
  }

  private static String extendedRequestId() {
    byte[] bytes = new byte[42];
    RANDOM.nextBytes(bytes);
    return java.util.Base64.getEncoder().encodeToString(bytes);
  }

  // ---- the kubelet's tail ----

  /**
   * What the kubelet puts in {@code state.terminated.message} for a container that failed under
   * {@code FallbackToLogsOnError}: the last {@value #MAX_LINES} lines of its log, then the last
   * {@value #MAX_BYTES} bytes of those (the first line may be cut). Null for an empty log.
   */
  static String terminationMessage(String log) {
    if (log == null || log.isEmpty()) {
      return null;
    }
    int start = log.length();
    int newlines = 0;
    // The log ends with a newline; the 80th line from the end starts after the 81st newline back.
    for (int i = log.length() - 2; i >= 0; i--) {
      if (log.charAt(i) == '\n' && ++newlines == MAX_LINES) {
        start = i + 1;
        break;
      }
      start = i;
    }
    byte[] bytes = log.substring(start).getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= MAX_BYTES) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
    int from = bytes.length - MAX_BYTES;
    while (from < bytes.length && (bytes[from] & 0xC0) == 0x80) {
      from++; // do not start inside a UTF-8 sequence
    }
    return new String(Arrays.copyOfRange(bytes, from, bytes.length), StandardCharsets.UTF_8);
  }
}
