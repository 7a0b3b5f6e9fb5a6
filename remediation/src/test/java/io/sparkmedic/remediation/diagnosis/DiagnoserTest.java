package io.sparkmedic.remediation.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkmedic.remediation.signal.ContainerTermination;
import io.sparkmedic.remediation.signal.FailureSignals;
import io.sparkmedic.remediation.signal.SparkRole;
import io.sparkmedic.remediation.spark.SparkSettings;
import io.sparkmedic.remediation.spark.SparkSettings.PodSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DiagnoserTest {

  private static final String SUBMISSION = "0c6a2b4e-3f5d-4e1a-9b7c-8d2e1f0a3b4c";
  private static final SparkSettings SETTINGS =
      new SparkSettings(
          "Scala",
          null,
          Map.of("spark.sql.shuffle.partitions", "400"),
          new PodSettings("4g", null, 1, null),
          new PodSettings("2g", null, 2, 4));

  private final Diagnoser diagnoser = new Diagnoser();

  private static ContainerTermination executor(String id, Integer exitCode, String reason) {
    return new ContainerTermination(
        SparkRole.EXECUTOR,
        "spark-etl-8d3b7a93f1c94e2a-exec-" + id,
        id,
        SUBMISSION,
        exitCode,
        reason,
        null,
        null,
        null,
        "ip-10-0-41-7.ec2.internal",
        Instant.parse("2026-11-20T22:31:12Z"));
  }

  private static ContainerTermination driver(int exitCode, String reason) {
    return new ContainerTermination(
        SparkRole.DRIVER,
        "spark-etl-driver",
        null,
        SUBMISSION,
        exitCode,
        reason,
        null,
        null,
        null,
        "ip-10-0-12-3.ec2.internal",
        Instant.parse("2026-11-20T22:31:40Z"));
  }

  private static FailureSignals failed(String errorMessage, List<ContainerTermination> t) {
    return new FailureSignals("spark-etl", "FAILED", errorMessage, t, null);
  }

  @Test
  void executorsKilledWithReasonOomKilledAreAContainerOom() {
    FailureSignals signals =
        failed(
            "driver container failed with ExitCode: 1, Reason: Error",
            List.of(
                executor("1", 137, "OOMKilled"),
                executor("2", 137, "OOMKilled"),
                driver(1, "Error")));

    DiagnosisReport report = diagnoser.diagnose(signals, SETTINGS);

    assertThat(report.primary().category()).isEqualTo(DiagnosisCategory.EXECUTOR_CONTAINER_OOM);
    assertThat(report.primary().confidence()).isEqualTo(Confidence.HIGH);
    assertThat(report.retryable()).isTrue();
    assertThat(report.primary().evidence())
        .anySatisfy(
            e ->
                assertThat(e)
                    .startsWith(
                        "2 of 2 executor terminations had reason OOMKilled (exit code 137)"))
        .anySatisfy(
            e ->
                assertThat(e)
                    .contains("heap 2g (spec.executor.memory) + overhead 384m")
                    .contains("= 2432m"))
        .anySatisfy(e -> assertThat(e).contains("symptom"));
    assertThat(report.diagnoses()).hasSize(1);
  }

  @Test
  void exitCode137WithoutOomKilledIsNotTakenForMemory() {
    FailureSignals signals =
        failed(
            "driver container failed with ExitCode: 1, Reason: Error",
            List.of(executor("3", 137, "Error"), driver(1, "Error")));

    DiagnosisReport report = diagnoser.diagnose(signals, SETTINGS);

    assertThat(report.primary().category()).isEqualTo(DiagnosisCategory.UNKNOWN);
    assertThat(report.primary().confidence()).isEqualTo(Confidence.LOW);
    assertThat(report.primary().evidence())
        .anySatisfy(
            e -> assertThat(e).contains("exited with code 137 (SIGKILL) without reason OOMKilled"));
  }

  @Test
  void executorExit52IsAHeapOom() {
    FailureSignals signals =
        failed(
            "driver container failed with ExitCode: 1, Reason: Error",
            List.of(executor("1", 52, "Error"), executor("4", 52, "Error"), driver(1, "Error")));

    DiagnosisReport report = diagnoser.diagnose(signals, SETTINGS);

    assertThat(report.primary().category()).isEqualTo(DiagnosisCategory.EXECUTOR_HEAP_OOM);
    assertThat(report.primary().confidence()).isEqualTo(Confidence.HIGH);
    assertThat(report.primary().evidence())
        .anySatisfy(
            e -> assertThat(e).startsWith("2 of 2 executor terminations exited with code 52"))
        .anySatisfy(
            e ->
                assertThat(e)
                    .contains("Executor heap is 2g")
                    .contains("2 concurrent tasks, about 1g each"));
  }

  @Test
  void heapOomTaskFailuresInTheDriverLogAreAHeapOomOfThatExecutor() {
    String log =
        "26/11/20 22:31:02 WARN TaskSetManager: Lost task 17.0 in stage 3.0 (TID 211)"
            + " (10.0.41.7 executor 2): java.lang.OutOfMemoryError: Java heap space\n"
            + "\tat java.base/java.util.Arrays.copyOf(Arrays.java:3537)\n";
    FailureSignals signals =
        new FailureSignals(
            "spark-etl",
            "FAILED",
            "driver container failed with ExitCode: 1, Reason: Error",
            List.of(driver(1, "Error")),
            log);

    DiagnosisReport report = diagnoser.diagnose(signals, SETTINGS);

    assertThat(report.primary().category()).isEqualTo(DiagnosisCategory.EXECUTOR_HEAP_OOM);
    assertThat(report.primary().confidence()).isEqualTo(Confidence.MEDIUM);
    assertThat(report.primary().evidence())
        .anySatisfy(
            e -> assertThat(e).contains("task 17.0 in stage 3.0 on executor 2: Java heap space"));
  }

  @Test
  void aDriverOomKilledIsADriverContainerOomEvenWhenItsPodIsGone() {
    FailureSignals signals =
        failed("driver container failed with ExitCode: 137, Reason: OOMKilled", List.of());

    DiagnosisReport report = diagnoser.diagnose(signals, SETTINGS);

    assertThat(report.primary().category()).isEqualTo(DiagnosisCategory.DRIVER_CONTAINER_OOM);
    assertThat(report.primary().evidence())
        .anySatisfy(e -> assertThat(e).contains("per the application's errorMessage"))
        .anySatisfy(e -> assertThat(e).contains("heap 4g (spec.driver.memory) + overhead 409m"));
  }

  @Test
  void aDriverExit52IsADriverHeapOom() {
    FailureSignals signals =
        failed(
            "driver container failed with ExitCode: 52, Reason: Error",
            List.of(driver(52, "Error")));

    DiagnosisReport report = diagnoser.diagnose(signals, SETTINGS);

    assertThat(report.primary().category()).isEqualTo(DiagnosisCategory.DRIVER_HEAP_OOM);
    assertThat(report.primary().confidence()).isEqualTo(Confidence.HIGH);
  }

  @Test
  void aTaskOomInsideTheDriverJvmOfALocalRunIsADriverHeapOom() throws IOException {
    String log;
    try (InputStream in =
        getClass().getResourceAsStream("/driver-logs/local-task-oom.stderr.txt")) {
      log = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    FailureSignals signals = new FailureSignals("oom-task-local", "FAILED", null, List.of(), log);

    DiagnosisReport report = diagnoser.diagnose(signals, SETTINGS);

    assertThat(report.primary().category()).isEqualTo(DiagnosisCategory.DRIVER_HEAP_OOM);
    assertThat(report.primary().evidence())
        .anySatisfy(e -> assertThat(e).contains("Task 1.0 in stage 0.0 ran inside the driver JVM"));
  }

  @Test
  void theDriversDeathIsPrimaryWhenBothDriverAndExecutorsRanOutOfMemory() {
    FailureSignals signals =
        failed(
            "driver container failed with ExitCode: 137, Reason: OOMKilled",
            List.of(executor("1", 137, "OOMKilled"), driver(137, "OOMKilled")));

    DiagnosisReport report = diagnoser.diagnose(signals, SETTINGS);

    assertThat(report.diagnoses())
        .extracting(Diagnosis::category)
        .containsExactly(
            DiagnosisCategory.DRIVER_CONTAINER_OOM, DiagnosisCategory.EXECUTOR_CONTAINER_OOM);
  }

  @Test
  void noTerminationAndNoMessageIsUnknownAndSaysSo() {
    DiagnosisReport report = diagnoser.diagnose(failed(null, List.of()), SETTINGS);

    assertThat(report.primary().category()).isEqualTo(DiagnosisCategory.UNKNOWN);
    assertThat(report.primary().evidence())
        .containsExactly("No Spark container termination was observed for this run.");
  }
}
