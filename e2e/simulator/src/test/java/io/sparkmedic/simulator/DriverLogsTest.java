package io.sparkmedic.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DriverLogsTest {

  private static final DriverLogs.Run RUN =
      new DriverLogs.Run(
          "etl",
          "data",
          "3.5.1",
          "org.example.SalesJob",
          "etl-driver",
          "10.0.12.7",
          1024,
          Instant.parse("2026-11-21T09:12:01Z"),
          List.of(
              new DriverLogs.Executor(
                  1, "10.0.37.51", "spark:3.5.1", "2026-11-21T09:12:01Z", "2026-11-21T09:14:02Z"),
              new DriverLogs.Executor(
                  2, "10.0.37.52", "spark:3.5.1", "2026-11-21T09:12:01Z", "2026-11-21T09:14:02Z")));

  private static final Instant NOW = Instant.parse("2026-11-21T09:14:03Z");

  @Test
  void terminationMessageKeepsTheLastEightyLines() {
    String log =
        IntStream.rangeClosed(1, 100)
            .mapToObj(i -> "line " + i + "\n")
            .collect(Collectors.joining());

    String message = DriverLogs.terminationMessage(log);

    assertThat(message).startsWith("line 21\n").endsWith("line 100\n");
    assertThat(message.lines()).hasSize(80);
  }

  @Test
  void terminationMessageKeepsTheLast2048BytesAndNeverSplitsACharacter() {
    String log = "é".repeat(3000) + "\nException in thread \"main\" boom\n";

    String message = DriverLogs.terminationMessage(log);

    assertThat(message.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(2048);
    assertThat(message).endsWith("Exception in thread \"main\" boom\n").doesNotContain("\uFFFD");
  }

  @Test
  void aSuccessHasNoMessage() {
    assertThat(DriverLogs.terminationMessage("")).isNull();
  }

  @Test
  void executorOomKillLooksLikeSpark35() {
    String log = DriverLogs.executorsDied(RUN, 137, "OOMKilled", NOW);

    assertThat(log)
        .contains(
            "26/11/21 09:14:03 ERROR TaskSchedulerImpl: Lost executor 1 on 10.0.37.51: \n"
                + "The executor with id 1 exited with exit code 137(SIGKILL, possible container OOM).\n")
        .contains(
            "The API gave the following container statuses:\n\n\n\t container name: spark-kubernetes-executor\n")
        .contains("\t exit code: 137\n\t termination reason: OOMKilled\n")
        .contains("ExecutorLostFailure (executor 2 exited caused by one of the running tasks)")
        .contains(
            "Exception in thread \"main\" org.apache.spark.SparkException: Job aborted due to stage"
                + " failure: Task 3 in stage 1.0 failed 4 times, most recent failure: Lost task 3.3");
    String message = DriverLogs.terminationMessage(log);
    assertThat(message.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(2048);
    assertThat(message)
        .contains("termination reason: OOMKilled")
        .contains("Exception in thread \"main\" org.apache.spark.SparkException")
        .endsWith("\tat org.example.SalesJob$.main(SalesJob.scala:57)\n");
  }

  @Test
  void executorHeapOomNamesTheTaskAndExit52() {
    String message = DriverLogs.terminationMessage(DriverLogs.executorsDied(RUN, 52, "Error", NOW));

    assertThat(message)
        .contains(
            "WARN TaskSetManager: Lost task 3.1 in stage 1.0 (TID 10) (10.0.37.52 executor 2):"
                + " java.lang.OutOfMemoryError: Java heap space")
        .contains("The executor with id 2 exited with exit code 52(JVM OOM).")
        .contains(
            "most recent failure: Lost task 3.3 in stage 1.0 (TID 13) (10.0.37.52 executor 2): java.lang.OutOfMemoryError: Java heap space")
        .doesNotContain("OOMKilled");
  }

  @Test
  void aSkewedPartitionsHeapOomNamesItsTaskAndOneAttempt() {
    DriverLogs.Run oneLost =
        new DriverLogs.Run(
            RUN.appName(),
            RUN.namespace(),
            RUN.sparkVersion(),
            RUN.mainClass(),
            RUN.driverPod(),
            RUN.driverIp(),
            RUN.driverHeapMiB(),
            RUN.started(),
            List.of(RUN.executors().get(1)));

    String message =
        DriverLogs.terminationMessage(
            DriverLogs.executorsDied(
                oneLost, 52, "Error", NOW, DriverLogs.FailedTask.once(2, 29, 37)));

    assertThat(message)
        .contains(
            "WARN TaskSetManager: Lost task 29.0 in stage 2.0 (TID 37) (10.0.37.52 executor 2):"
                + " java.lang.OutOfMemoryError: Java heap space")
        .contains("ERROR TaskSchedulerImpl: Lost executor 2 on 10.0.37.52: ")
        .contains("The executor with id 2 exited with exit code 52(JVM OOM).")
        .contains("ERROR TaskSetManager: Task 29 in stage 2.0 failed 1 times; aborting job")
        .contains(
            "Task 29 in stage 2.0 failed 1 times, most recent failure: Lost task 29.0 in stage 2.0"
                + " (TID 37) (10.0.37.52 executor 2): java.lang.OutOfMemoryError: Java heap space")
        .doesNotContain("executor 1");
  }

  @Test
  void storageThrottlingEndsWithTheS3Cause() {
    String message = DriverLogs.terminationMessage(DriverLogs.storageThrottled(RUN, NOW));

    assertThat(message.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(2048);
    assertThat(message)
        .contains("Exception in thread \"main\" org.apache.spark.SparkException: Job aborted.\n")
        .containsPattern(
            "\nCaused by: com\\.amazonaws\\.services\\.s3\\.model\\.AmazonS3Exception: Please reduce"
                + " your request rate\\. \\(Service: Amazon S3; Status Code: 503; Error Code:"
                + " SlowDown; Request ID: [A-Z0-9]{16}; S3 Extended Request ID: \\S+; Proxy:"
                + " null\\)\n")
        .endsWith("\t... 24 more\n");
  }
}
