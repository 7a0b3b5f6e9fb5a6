package io.sparkmedic.remediation.diagnosis;

import static io.sparkmedic.remediation.diagnosis.DiagnosisCategory.DRIVER_CONTAINER_OOM;
import static io.sparkmedic.remediation.diagnosis.DiagnosisCategory.DRIVER_HEAP_OOM;
import static io.sparkmedic.remediation.diagnosis.DiagnosisCategory.EXECUTOR_CONTAINER_OOM;
import static io.sparkmedic.remediation.diagnosis.DiagnosisCategory.EXECUTOR_HEAP_OOM;
import static io.sparkmedic.remediation.diagnosis.DiagnosisCategory.INSUFFICIENT_PARALLELISM;
import static io.sparkmedic.remediation.diagnosis.DiagnosisCategory.NODE_LOSS;
import static io.sparkmedic.remediation.diagnosis.DiagnosisCategory.SHUFFLE_FETCH_FAILURE;
import static io.sparkmedic.remediation.diagnosis.DiagnosisCategory.SPOT_INTERRUPTION;
import static io.sparkmedic.remediation.diagnosis.DiagnosisCategory.STUCK;
import static io.sparkmedic.remediation.diagnosis.DiagnosisCategory.SUBMISSION_FAILURE;
import static io.sparkmedic.remediation.diagnosis.DiagnosisCategory.TRANSIENT_EXTERNAL;
import static io.sparkmedic.remediation.diagnosis.DiagnosisCategory.UNKNOWN;
import static io.sparkmedic.remediation.diagnosis.DiagnosisCategory.USER_CODE_ERROR;
import static org.assertj.core.api.Assertions.assertThat;

import io.sparkmedic.remediation.signal.ClusterEvent;
import io.sparkmedic.remediation.signal.ContainerTermination;
import io.sparkmedic.remediation.signal.ContainerWaiting;
import io.sparkmedic.remediation.signal.FailureSignals;
import io.sparkmedic.remediation.signal.NodeFacts;
import io.sparkmedic.remediation.signal.NodeFacts.CapacityType;
import io.sparkmedic.remediation.signal.SparkRole;
import io.sparkmedic.remediation.spark.SparkSettings;
import io.sparkmedic.remediation.spark.SparkSettings.PodSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The diagnosis vocabulary as a table: each row is a failed run as the cluster and the driver log
 * show it, and the primary cause, retryability and a piece of evidence the diagnosis must give.
 */
class DiagnosisCasesTest {

  private static final String RUN = "0c6a2b4e-3f5d-4e1a-9b7c-8d2e1f0a3b4c";
  private static final SparkSettings SETTINGS =
      new SparkSettings(
          "Scala",
          null,
          Map.of(),
          new PodSettings("4g", null, 1, null),
          new PodSettings("8g", null, 4, 10));
  private static final String DRIVER_EXIT_1 =
      "driver container failed with ExitCode: 1, Reason: Error";

  /** One row: a run, and what must be concluded. */
  record Case(String name, Run run, DiagnosisCategory primary, boolean retryable, String evidence) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** A failed run, built up fact by fact. */
  static final class Run {
    String state = "FAILED";
    String errorMessage = DRIVER_EXIT_1;
    final List<ContainerTermination> terminations = new ArrayList<>();
    final List<ContainerWaiting> waiting = new ArrayList<>();
    final Map<String, NodeFacts> nodes = new LinkedHashMap<>();
    final List<ClusterEvent> events = new ArrayList<>();
    final Map<String, String> executorStates = new LinkedHashMap<>();
    String log;

    Run state(String state, String message) {
      this.state = state;
      this.errorMessage = message;
      return this;
    }

    Run executor(String id, Integer exit, String reason, String node) {
      return executor(id, exit, reason, node, null, null, null, false);
    }

    Run executor(
        String id,
        Integer exit,
        String reason,
        String node,
        String podReason,
        String podMessage,
        String disruption,
        boolean deleted) {
      String pod = "etl-8d3b7a93f1c94e2a-exec-" + id;
      terminations.add(
          new ContainerTermination(
              SparkRole.EXECUTOR,
              pod,
              id,
              RUN,
              exit,
              reason,
              null,
              podReason,
              podMessage,
              node,
              Instant.parse("2026-11-20T22:29:12Z"),
              disruption,
              deleted));
      executorStates.put(pod, "FAILED");
      return this;
    }

    Run driver(
        Integer exit,
        String reason,
        String node,
        String podReason,
        String podMessage,
        String disruption) {
      terminations.add(
          new ContainerTermination(
              SparkRole.DRIVER,
              "etl-driver",
              null,
              RUN,
              exit,
              reason,
              null,
              podReason,
              podMessage,
              node,
              Instant.parse("2026-11-20T22:31:40Z"),
              disruption,
              false));
      return this;
    }

    Run driver(int exit, String reason) {
      errorMessage = "driver container failed with ExitCode: " + exit + ", Reason: " + reason;
      return driver(exit, reason, "ip-10-0-12-3.ec2.internal", null, null, null);
    }

    Run node(
        String name,
        CapacityType type,
        String label,
        String ready,
        boolean gone,
        String... taints) {
      nodes.put(name, new NodeFacts(name, type, label, Arrays.asList(taints), ready, gone));
      return this;
    }

    Run spotNode(String name, boolean gone, String... taints) {
      return node(name, CapacityType.SPOT, "karpenter.sh/capacity-type=spot", "True", gone, taints);
    }

    Run onDemandNode(String name, String ready, String... taints) {
      return node(
          name,
          CapacityType.ON_DEMAND,
          "karpenter.sh/capacity-type=on-demand",
          ready,
          false,
          taints);
    }

    Run event(String kind, String name, String reason, String message) {
      events.add(new ClusterEvent(kind, name, reason, message, "Warning", 1));
      return this;
    }

    Run waiting(SparkRole role, String pod, String reason, String message) {
      waiting.add(new ContainerWaiting(role, pod, reason, message));
      return this;
    }

    Run log(String text) {
      this.log = text;
      return this;
    }

    FailureSignals signals() {
      return new FailureSignals(
          "etl", state, errorMessage, terminations, log, executorStates, waiting, nodes, events);
    }
  }

  static Run run() {
    return new Run();
  }

  static String resource(String path) {
    try (InputStream in = DiagnosisCasesTest.class.getResourceAsStream(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static final String SPOT_A = "ip-10-0-41-7.ec2.internal";
  static final String SPOT_B = "ip-10-0-41-9.ec2.internal";
  static final String OD = "ip-10-0-12-3.ec2.internal";

  static Stream<Case> cases() {
    return Stream.of(
        // --- EXECUTOR_CONTAINER_OOM
        new Case(
            "executors OOMKilled, then the driver gives up",
            run()
                .executor("1", 137, "OOMKilled", OD)
                .executor("2", 137, "OOMKilled", OD)
                .driver(1, "Error"),
            EXECUTOR_CONTAINER_OOM,
            true,
            "2 of 2 executor terminations had reason OOMKilled"),
        new Case(
            "trap: an executor OOMKilled on a spot node that was being reclaimed is still memory",
            run()
                .spotNode(SPOT_A, false, "karpenter.sh/disrupted:NoSchedule")
                .event("Node", SPOT_A, "SpotInterrupted", "Spot interruption warning was triggered")
                .executor("3", 137, "OOMKilled", SPOT_A)
                .driver(1, "Error"),
            EXECUTOR_CONTAINER_OOM,
            true,
            "had reason OOMKilled (exit code 137)"),
        new Case(
            "pods already deleted: Spark's container-status dump in the driver log says OOMKilled",
            run()
                .log(
                    "26/11/20 22:29:12 ERROR TaskSchedulerImpl: Lost executor 4 on 10.0.41.7: The executor with id 4 exited with exit code 137(SIGKILL, possible container OOM).\n"
                        + "The API gave the following container statuses:\n\n"
                        + "\t container name: spark-kubernetes-executor\n\t container image: spark:3.5.5\n"
                        + "\t container state: terminated\n\t container started at: 2026-11-20T22:14:30Z\n"
                        + "\t container finished at: 2026-11-20T22:29:11Z\n\t exit code: 137\n"
                        + "\t termination reason: OOMKilled\n"),
            EXECUTOR_CONTAINER_OOM,
            true,
            "executor 4 exited with code 137 and termination reason OOMKilled"),
        // --- EXECUTOR_HEAP_OOM
        new Case(
            "executors exit 52",
            run()
                .executor("1", 52, "Error", OD)
                .executor("2", 52, "Error", OD)
                .executor("3", 0, "Completed", OD),
            EXECUTOR_HEAP_OOM,
            true,
            "2 of 3 executor terminations exited with code 52"),
        new Case(
            "a task's OutOfMemoryError in the driver log",
            run()
                .log(
                    "26/11/20 22:29:10 WARN TaskSetManager: Lost task 117.0 in stage 3.0 (TID 911) (10.0.41.7 executor 1): java.lang.OutOfMemoryError: Java heap space\n"
                        + "\tat java.base/java.util.Arrays.copyOf(Arrays.java:3537)\n"),
            EXECUTOR_HEAP_OOM,
            true,
            "task 117.0 in stage 3.0 on executor 1: Java heap space"),
        new Case(
            "GC overhead limit reported as executor exits 52 in the log",
            run()
                .log(
                    "26/11/20 22:30:02 ERROR TaskSchedulerImpl: Lost executor 2 on 10.0.41.9: The executor with id 2 exited with exit code 52(JVM OOM).\n"
                        + "26/11/20 22:30:05 WARN TaskSetManager: Lost task 12.1 in stage 5.0 (TID 77) (10.0.41.9 executor 2): java.lang.OutOfMemoryError: GC overhead limit exceeded\n"),
            EXECUTOR_HEAP_OOM,
            true,
            "executor 2 exited with code 52"),
        // --- DRIVER_CONTAINER_OOM
        new Case(
            "the Spark operator's errorMessage says the driver was OOMKilled",
            run().state("FAILED", "driver container failed with ExitCode: 137, Reason: OOMKilled"),
            DRIVER_CONTAINER_OOM,
            true,
            "per the application's errorMessage"),
        new Case(
            "the driver pod OOMKilled",
            run().driver(137, "OOMKilled"),
            DRIVER_CONTAINER_OOM,
            true,
            "Driver containers were sized heap 4g"),
        new Case(
            "driver and executors OOMKilled: the driver's death ends the run",
            run().executor("1", 137, "OOMKilled", OD).driver(137, "OOMKilled"),
            DRIVER_CONTAINER_OOM,
            true,
            "The driver container had reason OOMKilled"),
        // --- DRIVER_HEAP_OOM
        new Case("driver exit 52", run().driver(52, "Error"), DRIVER_HEAP_OOM, true, "code 52"),
        new Case(
            "collect() blows the driver heap",
            run()
                .driver(1, "Error")
                .log(
                    "26/11/20 22:31:38 INFO DAGScheduler: Job 7 finished: collect at Report.scala:41, took 12.114 s\n"
                        + "Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space\n"
                        + "\tat java.base/java.util.Arrays.copyOf(Arrays.java:3537)\n"),
            DRIVER_HEAP_OOM,
            true,
            "thread \"main\" threw java.lang.OutOfMemoryError: Java heap space"),
        new Case(
            "a local-mode task runs out of the driver's heap (real Spark 3.5 stderr)",
            run().state("FAILED", null).log(resource("/driver-logs/local-task-oom.stderr.txt")),
            DRIVER_HEAP_OOM,
            true,
            "ran inside the driver JVM"),
        // --- SPOT_INTERRUPTION
        new Case(
            "trap: 137 without OOMKilled on a reclaimed spot node is the reclaim, not memory",
            run()
                .spotNode(SPOT_A, false, "karpenter.sh/disrupted:NoSchedule")
                .event("Node", SPOT_A, "SpotInterrupted", "Spot interruption warning was triggered")
                .executor("1", 137, "Error", SPOT_A)
                .executor("2", 137, "Error", SPOT_A)
                .driver(1, "Error"),
            SPOT_INTERRUPTION,
            true,
            "Event SpotInterrupted on Node " + SPOT_A),
        new Case(
            "executors deleted with their spot node, as aws-node-termination-handler drains it",
            run()
                .spotNode(SPOT_B, true, "aws-node-termination-handler/spot-itn=1a2b:NoSchedule")
                .executor("5", null, null, SPOT_B, null, null, "EvictionByEvictionAPI", true)
                .executor("6", null, null, SPOT_B, null, null, "EvictionByEvictionAPI", true)
                .log(
                    "26/11/20 22:20:01 ERROR TaskSchedulerImpl: Lost executor 5 on 10.0.41.9: The executor with id 5 was deleted by a user or the framework.\n"),
            SPOT_INTERRUPTION,
            true,
            "interruption taint aws-node-termination-handler/spot-itn"),
        new Case(
            "the driver on an EKS managed spot node group shut down with its node",
            run()
                .node(
                    SPOT_A,
                    CapacityType.SPOT,
                    "eks.amazonaws.com/capacityType=SPOT",
                    "False",
                    false)
                .driver(
                    143,
                    "Error",
                    SPOT_A,
                    "Terminated",
                    "Pod was terminated in response to imminent node shutdown.",
                    "TerminationByKubelet")
                .state("FAILED", "driver container failed with ExitCode: 143, Reason: Error"),
            SPOT_INTERRUPTION,
            true,
            "The driver itself ran on a reclaimed spot node"),
        // --- NODE_LOSS
        new Case(
            "an on-demand node stopped answering",
            run()
                .onDemandNode(OD, "Unknown", "node.kubernetes.io/unreachable:NoExecute")
                .event(
                    "Node",
                    OD,
                    "NodeNotReady",
                    "Node ip-10-0-12-3.ec2.internal status is now: NodeNotReady")
                .executor("1", 137, "Error", OD, null, null, "DeletionByTaintManager", true)
                .executor("2", 137, "Error", OD, null, null, "DeletionByTaintManager", true),
            NODE_LOSS,
            true,
            "carried the taint node.kubernetes.io/unreachable"),
        new Case(
            "executors deleted from outside with no node facts: a drain",
            run()
                .log(
                    "26/11/20 22:20:01 ERROR TaskSchedulerImpl: Lost executor 3 on 10.0.40.2: The executor with id 3 was deleted by a user or the framework.\n"
                        + "26/11/20 22:20:02 ERROR TaskSchedulerImpl: Lost executor 4 on 10.0.40.5: The executor with id 4 was deleted by a user or the framework.\n"),
            NODE_LOSS,
            true,
            "\"was deleted by a user or the framework\""),
        new Case(
            "the driver pod vanished",
            run().state("FAILED", "driver pod not found"),
            NODE_LOSS,
            true,
            "\"driver pod not found\""),
        // --- SHUFFLE_FETCH_FAILURE
        new Case(
            "a stage aborted on fetch failures",
            run()
                .log(
                    "26/11/20 22:25:03 WARN TaskSetManager: Lost task 31.0 in stage 7.0 (TID 1203) (10.0.41.7 executor 6): FetchFailed(BlockManagerId(2, 10.0.41.9, 7337, None), shuffleId=3, mapIndex=12, mapId=812, reduceId=31, message=\n"
                        + "org.apache.spark.shuffle.FetchFailedException: Failed to connect to /10.0.41.9:7337\n"
                        + "Exception in thread \"main\" org.apache.spark.SparkException: Job aborted due to stage failure: ShuffleMapStage 7 (save at Job.scala:88) has failed the maximum allowable number of times: 4. Most recent failure reason: org.apache.spark.shuffle.FetchFailedException: Failed to connect to /10.0.41.9:7337\n"),
            SHUFFLE_FETCH_FAILURE,
            true,
            "shuffle fetch failure lines"),
        new Case(
            "missing map output after an executor loss",
            run()
                .log(
                    "26/11/20 22:25:03 WARN TaskSetManager: Lost task 4.0 in stage 9.0 (TID 88) (10.0.41.7 executor 2): org.apache.spark.shuffle.MetadataFetchFailedException: Missing an output location for shuffle 5 partition 4\n"
                        + "26/11/20 22:25:01 ERROR TaskSchedulerImpl: Lost executor 1 on 10.0.41.9: Container from a bad node: container_1 on host: 10.0.41.9. Exit status: 134.\n"),
            SHUFFLE_FETCH_FAILURE,
            true,
            "1 executor were lost during the run"),
        new Case(
            "fetch failures after decommissioning",
            run()
                .log(
                    "26/11/20 22:24:00 INFO TaskSchedulerImpl: Executor 3 on 10.0.41.8 is decommissioned after 118.0 s.\n"
                        + "26/11/20 22:25:03 WARN TaskSetManager: Lost task 2.0 in stage 4.0 (TID 41) (10.0.41.7 executor 2): FetchFailed(BlockManagerId(3, 10.0.41.8, 7337, None), shuffleId=1, mapIndex=2, mapId=22, reduceId=2, message=\n"
                        + "org.apache.spark.shuffle.FetchFailedException: Connection from /10.0.41.8:7337 closed\n"),
            SHUFFLE_FETCH_FAILURE,
            true,
            "FetchFailedException"),
        // --- INSUFFICIENT_PARALLELISM
        new Case(
            "executors evicted for ephemeral storage",
            run()
                .executor(
                    "1",
                    137,
                    "Error",
                    OD,
                    "Evicted",
                    "Pod ephemeral local storage usage exceeds the total limit of containers 60Gi.",
                    null,
                    false)
                .executor(
                    "2",
                    137,
                    "Error",
                    OD,
                    "Evicted",
                    "Pod ephemeral local storage usage exceeds the total limit of containers 60Gi.",
                    null,
                    false),
            INSUFFICIENT_PARALLELISM,
            true,
            "were evicted for local disk"),
        new Case(
            "spill fills the local disk",
            run()
                .log(
                    "26/11/20 22:27:44 WARN TaskSetManager: Lost task 3.0 in stage 2.0 (TID 19) (10.0.41.7 executor 1): java.io.IOException: No space left on device\n"
                        + "\tat org.apache.spark.util.collection.unsafe.sort.UnsafeSorterSpillWriter.write(UnsafeSorterSpillWriter.java:142)\n"),
            INSUFFICIENT_PARALLELISM,
            true,
            "\"No space left on device\""),
        new Case(
            "node disk pressure from shuffle files",
            run()
                .executor(
                    "4",
                    137,
                    "Error",
                    OD,
                    "Evicted",
                    "The node was low on resource: ephemeral-storage. Threshold quantity: 10Gi, available: 4Gi.",
                    null,
                    false),
            INSUFFICIENT_PARALLELISM,
            true,
            "low on resource: ephemeral-storage"),
        // --- TRANSIENT_EXTERNAL
        new Case(
            "S3 throttling ends the run",
            run()
                .log(
                    "Exception in thread \"main\" org.apache.spark.SparkException: Job aborted.\n"
                        + "Caused by: com.amazonaws.services.s3.model.AmazonS3Exception: Please reduce your request rate. (Service: Amazon S3; Status Code: 503; Error Code: SlowDown; Request ID: 7Q2B)\n"),
            TRANSIENT_EXTERNAL,
            true,
            "Status Code: 503; Error Code: SlowDown"),
        new Case(
            "a read timeout to a service ends the run",
            run()
                .log(
                    "Exception in thread \"main\" java.net.SocketTimeoutException: Read timed out\n\tat java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:288)\n"),
            TRANSIENT_EXTERNAL,
            true,
            "java.net.SocketTimeoutException: Read timed out"),
        new Case(
            "connection resets to a JDBC source",
            run()
                .log(
                    "Exception in thread \"main\" org.apache.spark.SparkException: Job aborted due to stage failure: Task 0 in stage 1.0 failed 4 times, most recent failure: Lost task 0.3 in stage 1.0 (TID 9) (10.0.41.7 executor 1): java.net.SocketException: Connection reset\n"),
            TRANSIENT_EXTERNAL,
            true,
            "Connection reset"),
        // --- SUBMISSION_FAILURE
        new Case(
            "namespace quota exceeded at submission: retry later",
            run()
                .state(
                    "SUBMISSION_FAILED",
                    "failed to submit spark application: Exception in thread \"main\" io.fabric8.kubernetes.client.KubernetesClientException: Failure executing: POST at: https://172.20.0.1/api/v1/namespaces/team-a/pods. Message: pods \"etl-driver\" is forbidden: exceeded quota: team-a-quota, requested: limits.memory=4505Mi, used: limits.memory=60Gi, limited: limits.memory=64Gi."),
            SUBMISSION_FAILURE,
            true,
            "exceeded quota"),
        new Case(
            "an admission webhook denies the driver pod: no retry",
            run()
                .state(
                    "SUBMISSION_FAILED",
                    "failed to submit spark application: Failure executing: POST at: https://172.20.0.1/api/v1/namespaces/team-a/pods. Message: admission webhook \"validation.gatekeeper.sh\" denied the request: [require-cost-center] missing label cost-center."),
            SUBMISSION_FAILURE,
            false,
            "denied the request"),
        new Case(
            "the image does not exist: no retry",
            run()
                .state("SUBMITTED", null)
                .waiting(
                    SparkRole.DRIVER,
                    "etl-driver",
                    "ImagePullBackOff",
                    "Back-off pulling image \"123456789012.dkr.ecr.us-east-1.amazonaws.com/spark:3.5.5-etl-typo\": manifest unknown"),
            SUBMISSION_FAILURE,
            false,
            "ImagePullBackOff"),
        // --- USER_CODE_ERROR
        new Case(
            "a missing table",
            run()
                .driver(1, "Error")
                .log(
                    "Exception in thread \"main\" org.apache.spark.sql.AnalysisException: [TABLE_OR_VIEW_NOT_FOUND] The table or view `sales`.`orders_v2` cannot be found. SQLSTATE: 42P01; line 1 pos 14;\n"),
            USER_CODE_ERROR,
            false,
            "org.apache.spark.sql.AnalysisException: [TABLE_OR_VIEW_NOT_FOUND]"),
        new Case(
            "trap: a user exception whose message mentions memory is not a memory failure",
            run()
                .driver(1, "Error")
                .log(
                    "Exception in thread \"main\" com.acme.etl.QuotaExceededException: tenant memory budget of 512 MB exceeded while loading dimension tables\n\tat com.acme.etl.Loader.load(Loader.scala:77)\n"),
            USER_CODE_ERROR,
            false,
            "QuotaExceededException: tenant memory budget"),
        new Case(
            "trap: a transient S3 error, retried, then a real code error",
            run()
                .driver(1, "Error")
                .log(
                    "26/11/20 22:20:11 WARN S3AInstrumentation: Retrying: com.amazonaws.services.s3.model.AmazonS3Exception: Please reduce your request rate. (Service: Amazon S3; Status Code: 503; Error Code: SlowDown)\n"
                        + "26/11/20 22:20:13 INFO DAGScheduler: Job 3 finished: count at Daily.scala:51, took 41.2 s\n"
                        + "Exception in thread \"main\" org.apache.spark.SparkException: Job aborted due to stage failure: Task 2 in stage 4.0 failed 4 times, most recent failure: Lost task 2.3 in stage 4.0 (TID 97) (10.0.41.7 executor 1): java.lang.NumberFormatException: For input string: \"N/A\"\n"),
            USER_CODE_ERROR,
            false,
            "were retried and did not end the run"),
        new Case(
            "the main class is not in the jar",
            run()
                .driver(101, "Error")
                .log("Error: Failed to load class com.example.etl.DailyRollupp.\n"),
            USER_CODE_ERROR,
            false,
            "exit code for a class not found"),
        new Case(
            "a PySpark ValueError",
            run()
                .driver(1, "Error")
                .log(
                    "Traceback (most recent call last):\n  File \"/opt/app/main.py\", line 42, in <module>\n    threshold = float(args.threshold)\nValueError: could not convert string to float: 'high'\n"),
            USER_CODE_ERROR,
            false,
            "ValueError: could not convert string to float"),
        // --- STUCK
        new Case(
            "executors on healthy nodes stop answering heartbeats",
            run()
                .onDemandNode(OD, "True")
                .log(
                    "26/11/20 22:40:12 WARN HeartbeatReceiver: Removing executor 2 with no recent heartbeats: 160231 ms exceeds timeout 120000 ms\n"
                        + "26/11/20 22:40:12 ERROR TaskSchedulerImpl: Lost executor 2 on 10.0.12.3: Executor heartbeat timed out after 160231 ms\n"
                        + "26/11/20 22:40:14 ERROR TaskSchedulerImpl: Lost executor 3 on 10.0.12.4: Executor heartbeat timed out after 161877 ms\n"),
            STUCK,
            true,
            "stopped answering heartbeats"),
        new Case(
            "a broadcast that never arrives",
            run()
                .driver(1, "Error")
                .log(
                    "Exception in thread \"main\" java.util.concurrent.TimeoutException: Futures timed out after [300 seconds]\n\tat scala.concurrent.impl.Promise$DefaultPromise.tryAwait0(Promise.scala:248)\n"),
            STUCK,
            true,
            "Futures timed out after 300 seconds"),
        new Case("the driver times out", run().driver(124, "Error"), STUCK, true, "code 124"),
        // --- UNKNOWN
        new Case(
            "trap: 137 without OOMKilled on a healthy on-demand node is not memory",
            run().onDemandNode(OD, "True").executor("3", 137, "Error", OD).driver(1, "Error"),
            UNKNOWN,
            true,
            "not taken for memory"),
        new Case(
            "nothing observed",
            run().state("FAILED", null),
            UNKNOWN,
            true,
            "No Spark container termination"),
        new Case(
            "a generic Spark exception names no cause",
            run()
                .driver(1, "Error")
                .log(
                    "Exception in thread \"main\" org.apache.spark.SparkException: Writing job aborted\n"),
            UNKNOWN,
            true,
            "org.apache.spark.SparkException: Writing job aborted"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void diagnosesThePrimaryCauseWithItsEvidence(Case c) {
    DiagnosisReport report = new Diagnoser().diagnose(c.run().signals(), SETTINGS);

    assertThat(report.primary().category()).as(report.toString()).isEqualTo(c.primary());
    assertThat(report.retryable()).as("retryable").isEqualTo(c.retryable());
    assertThat(String.join("\n", report.primary().evidence())).contains(c.evidence());
    if (c.primary() == UNKNOWN) {
      assertThat(report.primary().confidence()).isEqualTo(Confidence.LOW);
    } else {
      assertThat(report.primary().confidence()).isNotEqualTo(Confidence.LOW);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theSameSignalsAlwaysGiveTheSameReport(Case c) {
    assertThat(new Diagnoser().diagnose(c.run().signals(), SETTINGS))
        .isEqualTo(new Diagnoser().diagnose(c.run().signals(), SETTINGS));
  }
}
