package io.sparkmedic.remediation.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkmedic.remediation.diagnosis.Confidence;
import io.sparkmedic.remediation.diagnosis.Diagnosis;
import io.sparkmedic.remediation.diagnosis.DiagnosisCategory;
import io.sparkmedic.remediation.diagnosis.DiagnosisReport;
import io.sparkmedic.remediation.memory.MemoryAmount;
import io.sparkmedic.remediation.plan.RemediationPolicy.MemorySetting;
import io.sparkmedic.remediation.plan.RemediationPolicy.Mode;
import io.sparkmedic.remediation.plan.RemediationPolicy.Rule;
import io.sparkmedic.remediation.spark.SparkSettings;
import io.sparkmedic.remediation.spark.SparkSettings.PodSettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlannerTest {

  private static final SparkSettings SETTINGS =
      new SparkSettings(
          "Scala",
          null,
          Map.of(),
          new PodSettings("4g", "1g", 1, null),
          new PodSettings("8g", null, 4, 10));

  private final Planner planner = new Planner();

  private static DiagnosisReport report(DiagnosisCategory... categories) {
    return new DiagnosisReport(
        java.util.Arrays.stream(categories)
            .map(c -> new Diagnosis(c, Confidence.HIGH, "summary", List.of("evidence")))
            .toList());
  }

  private static RemediationPolicy policy(Map<MemorySetting, MemoryAmount> ceilings) {
    return new RemediationPolicy("team-a-default", Mode.REMEDIATE, 3, Map.of(), ceilings);
  }

  @Test
  void aContainerOomRaisesTheOverheadFromItsDefaultByTheFactor() {
    RemediationPlan plan =
        planner.plan(
            report(DiagnosisCategory.EXECUTOR_CONTAINER_OOM), SETTINGS, policy(Map.of()), 0);

    assertThat(plan.decision()).isEqualTo(RemediationPlan.Decision.RESUBMIT);
    SpecChange change = plan.changes().get(0);
    assertThat(change.path().toString()).isEqualTo("spec.executor.memoryOverhead");
    assertThat(change.from()).isNull();
    assertThat(change.to()).isEqualTo("1229m");
    assertThat(change.reason())
        .isEqualTo(
            "EXECUTOR_CONTAINER_OOM: Executor memoryOverhead was 819m (Spark's default max(0.10 ×"
                + " 8g, 384m)); ×1.5 gives 1229m, so each executor container gets 9421m (heap 8g"
                + " + overhead 1229m).");
  }

  @Test
  void aHeapOomRaisesTheHeap() {
    RemediationPlan plan =
        planner.plan(report(DiagnosisCategory.EXECUTOR_HEAP_OOM), SETTINGS, policy(Map.of()), 0);

    assertThat(plan.changes())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.path().toJsonPointer()).isEqualTo("/spec/executor/memory");
              assertThat(c.from()).isEqualTo("8g");
              assertThat(c.to()).isEqualTo("12g");
            });
  }

  @Test
  void theDriversSettingsAreRaisedForDriverCauses() {
    RemediationPlan plan =
        planner.plan(
            report(DiagnosisCategory.DRIVER_CONTAINER_OOM, DiagnosisCategory.DRIVER_HEAP_OOM),
            SETTINGS,
            policy(Map.of()),
            0);

    assertThat(plan.changes())
        .extracting(c -> c.path() + "=" + c.from() + "→" + c.to())
        .containsExactly("spec.driver.memoryOverhead=1g→1536m", "spec.driver.memory=4g→6g");
  }

  @Test
  void aCeilingCutsTheRaise() {
    RemediationPlan plan =
        planner.plan(
            report(DiagnosisCategory.EXECUTOR_HEAP_OOM),
            SETTINGS,
            policy(Map.of(MemorySetting.EXECUTOR_MEMORY, MemoryAmount.parse("10g"))),
            0);

    assertThat(plan.changes().get(0).to()).isEqualTo("10g");
    assertThat(plan.changes().get(0).reason()).contains("cut to the policy's ceiling of 10g");
  }

  @Test
  void atTheCeilingNothingIsChangedAndThePlanSaysCapReached() {
    RemediationPlan plan =
        planner.plan(
            report(DiagnosisCategory.EXECUTOR_HEAP_OOM),
            SETTINGS,
            policy(Map.of(MemorySetting.EXECUTOR_MEMORY, MemoryAmount.parse("8g"))),
            0);

    assertThat(plan.decision()).isEqualTo(RemediationPlan.Decision.CAP_REACHED);
    assertThat(plan.changes()).isEmpty();
    assertThat(plan.reason())
        .isEqualTo("Executor memory is already 8g, at or above the policy's ceiling of 8g.");
  }

  @Test
  void theBudgetStopsFurtherRemediation() {
    RemediationPlan plan =
        planner.plan(report(DiagnosisCategory.EXECUTOR_HEAP_OOM), SETTINGS, policy(Map.of()), 3);

    assertThat(plan.decision()).isEqualTo(RemediationPlan.Decision.EXHAUSTED);
    assertThat(plan.reason())
        .isEqualTo("Policy team-a-default allows 3 remediations per application and 3 were made.");
  }

  @Test
  void aRuleCanSetItsOwnFactorOrIgnoreACategory() {
    RemediationPolicy custom =
        new RemediationPolicy(
            "p",
            Mode.REMEDIATE,
            3,
            Map.of(
                DiagnosisCategory.EXECUTOR_HEAP_OOM, new Rule(true, 2.0),
                DiagnosisCategory.EXECUTOR_CONTAINER_OOM, new Rule(false, 1.5)),
            Map.of());

    assertThat(
            planner
                .plan(report(DiagnosisCategory.EXECUTOR_HEAP_OOM), SETTINGS, custom, 0)
                .changes()
                .get(0)
                .to())
        .isEqualTo("16g");
    RemediationPlan ignored =
        planner.plan(report(DiagnosisCategory.EXECUTOR_CONTAINER_OOM), SETTINGS, custom, 0);
    assertThat(ignored.decision()).isEqualTo(RemediationPlan.Decision.NO_ACTION);
    assertThat(ignored.reason()).isEqualTo("Policy p ignores EXECUTOR_CONTAINER_OOM.");
  }

  @Test
  void unknownCausesChangeNothing() {
    DiagnosisReport unknown =
        new DiagnosisReport(
            List.of(new Diagnosis(DiagnosisCategory.UNKNOWN, Confidence.LOW, "s", List.of())));

    RemediationPlan plan = planner.plan(unknown, SETTINGS, policy(Map.of()), 0);

    assertThat(plan.decision()).isEqualTo(RemediationPlan.Decision.NO_ACTION);
  }

  @Test
  void codeErrorsAreNeverRetried() {
    RemediationPlan plan =
        planner.plan(report(DiagnosisCategory.USER_CODE_ERROR), SETTINGS, policy(Map.of()), 0);

    assertThat(plan.decision()).isEqualTo(RemediationPlan.Decision.NOT_RETRYABLE);
  }

  @Test
  void sparkConfKeysWithDotsArePrintedInBracketsAndEscapedInPointers() {
    SpecPath path = SpecPath.of("spec", "sparkConf", "spark.sql.shuffle.partitions");
    assertThat(path.toString()).isEqualTo("spec.sparkConf[spark.sql.shuffle.partitions]");
    assertThat(SpecPath.of("metadata", "annotations", "sparkmedic.io/applied").toJsonPointer())
        .isEqualTo("/metadata/annotations/sparkmedic.io~1applied");
  }
}
