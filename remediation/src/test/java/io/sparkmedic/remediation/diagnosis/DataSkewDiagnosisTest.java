package io.sparkmedic.remediation.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkmedic.remediation.eventlog.EventLogAnalysis;
import io.sparkmedic.remediation.eventlog.EventLogAnalyzer;
import io.sparkmedic.remediation.eventlog.finding.StageSkew;
import io.sparkmedic.remediation.plan.Planner;
import io.sparkmedic.remediation.plan.RemediationPlan;
import io.sparkmedic.remediation.plan.RemediationPolicy;
import io.sparkmedic.remediation.signal.ContainerTermination;
import io.sparkmedic.remediation.signal.FailureSignals;
import io.sparkmedic.remediation.signal.SparkRole;
import io.sparkmedic.remediation.spark.SparkSettings;
import io.sparkmedic.remediation.spark.SparkSettings.PodSettings;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** DATA_SKEW from real Spark 3.5 event logs, and the plan it leads to. */
class DataSkewDiagnosisTest {

  private static final SparkSettings SETTINGS =
      new SparkSettings(
          "Scala",
          null,
          Map.of("spark.sql.shuffle.partitions", "32", "spark.sql.adaptive.enabled", "false"),
          new PodSettings("1g", null, 1, null),
          new PodSettings("1g", null, 1, 2));

  private static EventLogAnalysis analysis(String log) throws Exception {
    try (InputStream in = DataSkewDiagnosisTest.class.getResourceAsStream("/eventlogs/" + log)) {
      return new EventLogAnalyzer().analyze(in, log);
    }
  }

  /** The run failed because one executor's JVM ran out of heap: exit 52. */
  private static FailureSignals heapOomOf(String executorId, EventLogAnalysis log) {
    ContainerTermination exited52 =
        new ContainerTermination(
            SparkRole.EXECUTOR,
            "join-3c1a-exec-" + executorId,
            executorId,
            "run-1",
            52,
            "Error",
            null,
            null,
            null,
            "ip-10-0-41-7.ec2.internal",
            Instant.parse("2026-11-21T07:25:30Z"));
    return new FailureSignals(
            "skewed-join",
            "FAILED",
            "driver container failed with ExitCode: 1, Reason: Error",
            List.of(exited52),
            null)
        .withEventLog(log);
  }

  @Test
  void aSkewedPartitionThatKilledItsExecutorIsTheCauseAndTheOomItsSymptom() throws Exception {
    EventLogAnalysis log = analysis("skewed-join-noaqe__app-20261121072501-0000");
    StageSkew skew = log.skews().get(0);

    DiagnosisReport report =
        new Diagnoser().diagnose(heapOomOf(skew.stragglerExecutorId(), log), SETTINGS);

    assertThat(report.diagnoses())
        .extracting(Diagnosis::category)
        .containsExactly(DiagnosisCategory.DATA_SKEW, DiagnosisCategory.EXECUTOR_HEAP_OOM);
    assertThat(String.join("\n", report.primary().evidence()))
        .contains("Stage 2 (attempt 0, 32 tasks) read")
        .contains("in partition 29")
        .contains("78")
        .contains("the OOM is a symptom of the skew");
    assertThat(report.primary().suggestedConf())
        .containsEntry("spark.sql.adaptive.enabled", "true")
        .containsEntry("spark.sql.adaptive.skewJoin.enabled", "true")
        .containsKey("spark.sql.adaptive.skewJoin.skewedPartitionThresholdInBytes");
  }

  @Test
  void theSkewPlanSplitsThePartitionInsteadOfGrowingEveryExecutor() throws Exception {
    EventLogAnalysis log = analysis("skewed-join-noaqe__app-20261121072501-0000");
    DiagnosisReport report =
        new Diagnoser()
            .diagnose(heapOomOf(log.skews().get(0).stragglerExecutorId(), log), SETTINGS);

    RemediationPlan plan = new Planner().plan(report, SETTINGS, RemediationPolicy.defaults("p"), 0);

    assertThat(plan.decision()).isEqualTo(RemediationPlan.Decision.RESUBMIT);
    assertThat(plan.changes())
        .extracting(c -> c.path().toString())
        .contains(
            "spec.sparkConf[spark.sql.adaptive.enabled]",
            "spec.sparkConf[spark.sql.adaptive.skewJoin.enabled]",
            "spec.sparkConf[spark.sql.adaptive.skewJoin.skewedPartitionThresholdInBytes]")
        .doesNotContain("spec.executor.memory");
    assertThat(plan.changes().get(0).from()).isEqualTo("false");
    assertThat(plan.changes().get(0).to()).isEqualTo("true");
  }

  @Test
  void aHealthyJobsLogAddsNothingToAnOom() throws Exception {
    DiagnosisReport report =
        new Diagnoser()
            .diagnose(heapOomOf("1", analysis("healthy__app-20261121073059-0000")), SETTINGS);

    assertThat(report.diagnoses())
        .extracting(Diagnosis::category)
        .containsExactly(DiagnosisCategory.EXECUTOR_HEAP_OOM);
  }

  @Test
  void skewOnAnotherExecutorThanTheOneThatDiedIsOnlySecondary() throws Exception {
    EventLogAnalysis log = analysis("skewed-agg__app-20261121075442-0000");
    String elsewhere = "1".equals(log.skews().get(0).stragglerExecutorId()) ? "0" : "1";

    DiagnosisReport report = new Diagnoser().diagnose(heapOomOf(elsewhere, log), SETTINGS);

    assertThat(report.primary().category()).isEqualTo(DiagnosisCategory.EXECUTOR_HEAP_OOM);
    assertThat(report.diagnoses())
        .extracting(Diagnosis::category)
        .contains(DiagnosisCategory.DATA_SKEW);
  }
}
