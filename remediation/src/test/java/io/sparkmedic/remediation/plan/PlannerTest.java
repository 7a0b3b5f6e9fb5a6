package io.sparkmedic.remediation.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkmedic.remediation.diagnosis.Confidence;
import io.sparkmedic.remediation.diagnosis.Diagnosis;
import io.sparkmedic.remediation.diagnosis.DiagnosisCategory;
import io.sparkmedic.remediation.diagnosis.DiagnosisReport;
import io.sparkmedic.remediation.memory.MemoryAmount;
import io.sparkmedic.remediation.plan.RemediationHistory.Attempt;
import io.sparkmedic.remediation.plan.RemediationPlan.Decision;
import io.sparkmedic.remediation.plan.RemediationPolicy.Backoff;
import io.sparkmedic.remediation.plan.RemediationPolicy.MemorySetting;
import io.sparkmedic.remediation.plan.RemediationPolicy.Mode;
import io.sparkmedic.remediation.plan.RemediationPolicy.OnDemand;
import io.sparkmedic.remediation.plan.RemediationPolicy.Rule;
import io.sparkmedic.remediation.plan.RemediationPolicy.Strategy;
import io.sparkmedic.remediation.spark.SparkSettings;
import io.sparkmedic.remediation.spark.SparkSettings.DynamicAllocation;
import io.sparkmedic.remediation.spark.SparkSettings.PodSettings;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlannerTest {

  private static final ObjectMapper JSON = new ObjectMapper();
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
        Arrays.stream(categories)
            .map(c -> new Diagnosis(c, Confidence.HIGH, "summary", List.of("evidence")))
            .toList());
  }

  private static RemediationPolicy policy(Map<MemorySetting, MemoryAmount> ceilings) {
    return new RemediationPolicy("team-a-default", Mode.REMEDIATE, 3, Map.of(), ceilings);
  }

  private static RemediationPolicy policy(
      Integer maxExecutors, MemoryAmount maxTotal, OnDemand onDemand) {
    return new RemediationPolicy(
        "team-a-default",
        Mode.REMEDIATE,
        Strategy.IN_PLACE,
        3,
        5,
        Backoff.DEFAULT,
        Map.of(),
        Map.of(),
        maxExecutors,
        maxTotal,
        onDemand);
  }

  private static RemediationHistory history(DiagnosisCategory... resubmitted) {
    return new RemediationHistory(
        Arrays.stream(resubmitted).map(c -> new Attempt(c, true)).toList());
  }

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  // --- memory

  @Test
  void aContainerOomRaisesTheOverheadFromItsDefaultByTheFactor() {
    RemediationPlan plan =
        planner.plan(
            report(DiagnosisCategory.EXECUTOR_CONTAINER_OOM), SETTINGS, policy(Map.of()), 0);

    assertThat(plan.decision()).isEqualTo(Decision.RESUBMIT);
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
  void anExecutorOomAtTheMemoryCeilingGetsMorePartitionsInstead() {
    RemediationPlan plan =
        planner.plan(
            report(DiagnosisCategory.EXECUTOR_HEAP_OOM),
            SETTINGS,
            policy(Map.of(MemorySetting.EXECUTOR_MEMORY, MemoryAmount.parse("8g"))),
            1);

    assertThat(plan.decision()).isEqualTo(Decision.RESUBMIT);
    assertThat(plan.changes())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.path().toString())
                  .isEqualTo("spec.sparkConf[spark.sql.shuffle.partitions]");
              assertThat(c.from()).isNull();
              assertThat(c.to()).isEqualTo("300");
              assertThat(c.reason()).contains("as executor memory cannot grow");
            });
    assertThat(plan.reason())
        .contains("Executor memory is already 8g, at or above the policy's ceiling of 8g");
  }

  @Test
  void aContainerOomAtTheOverheadCeilingIsCapReached() {
    RemediationPlan plan =
        planner.plan(
            report(DiagnosisCategory.EXECUTOR_CONTAINER_OOM),
            SETTINGS,
            policy(Map.of(MemorySetting.EXECUTOR_MEMORY_OVERHEAD, MemoryAmount.parse("800m"))),
            1);

    assertThat(plan.decision()).isEqualTo(Decision.CAP_REACHED);
    assertThat(plan.changes()).isEmpty();
    assertThat(plan.reason())
        .isEqualTo(
            "Executor memoryOverhead is already 819m, at or above the policy's ceiling of 800m.");
  }

  @Test
  void aDriverOomAtItsCeilingIsCapReachedAndChangesNothing() {
    RemediationPlan plan =
        planner.plan(
            report(DiagnosisCategory.DRIVER_HEAP_OOM),
            SETTINGS,
            policy(Map.of(MemorySetting.DRIVER_MEMORY, MemoryAmount.parse("4g"))),
            0);

    assertThat(plan.decision()).isEqualTo(Decision.CAP_REACHED);
    assertThat(plan.changes()).isEmpty();
    assertThat(plan.reason())
        .isEqualTo("Driver memory is already 4g, at or above the policy's ceiling of 4g.");
  }

  @Test
  void theTotalMemoryCeilingCutsARaiseSpreadOverAllExecutors() {
    // 10 executors × (8g + 819m) + driver (4g + 1g) = 95230m now; 100000m allows 477m more per
    // executor container, heap plus the 10% overhead Spark derives from it: 8626m + 862m.
    RemediationPlan plan =
        planner.plan(
            report(DiagnosisCategory.EXECUTOR_HEAP_OOM),
            SETTINGS,
            policy(null, MemoryAmount.ofMebibytes(100_000), OnDemand.KARPENTER),
            RemediationHistory.NONE);

    assertThat(plan.changes().get(0).to()).isEqualTo("8626m");
    assertThat(plan.changes().get(0).reason())
        .contains("so the run stays within the total ceiling of 100000m");
  }

  // --- budgets

  @Test
  void theApplicationBudgetStopsFurtherMemoryRemediation() {
    RemediationPlan plan =
        planner.plan(report(DiagnosisCategory.EXECUTOR_HEAP_OOM), SETTINGS, policy(Map.of()), 3);

    assertThat(plan.decision()).isEqualTo(Decision.EXHAUSTED);
    assertThat(plan.reason())
        .isEqualTo(
            "Policy team-a-default allows 3 resubmissions for application causes and 3 were made.");
  }

  @Test
  void infrastructureCausesSpendTheirOwnBudget() {
    RemediationHistory threeOoms =
        history(
            DiagnosisCategory.EXECUTOR_HEAP_OOM,
            DiagnosisCategory.EXECUTOR_HEAP_OOM,
            DiagnosisCategory.EXECUTOR_HEAP_OOM);

    RemediationPlan plan =
        planner.plan(
            report(DiagnosisCategory.TRANSIENT_EXTERNAL), SETTINGS, policy(Map.of()), threeOoms);

    assertThat(plan.decision()).isEqualTo(Decision.RETRY);
    RemediationPlan spent =
        planner.plan(
            report(DiagnosisCategory.TRANSIENT_EXTERNAL),
            SETTINGS,
            policy(Map.of()),
            history(
                DiagnosisCategory.NODE_LOSS,
                DiagnosisCategory.TRANSIENT_EXTERNAL,
                DiagnosisCategory.STUCK,
                DiagnosisCategory.UNKNOWN,
                DiagnosisCategory.TRANSIENT_EXTERNAL));
    assertThat(spent.decision()).isEqualTo(Decision.EXHAUSTED);
    assertThat(spent.reason()).contains("5 resubmissions for infrastructure causes");
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
    assertThat(ignored.decision()).isEqualTo(Decision.NO_ACTION);
    assertThat(ignored.reason()).isEqualTo("Policy p ignores EXECUTOR_CONTAINER_OOM.");
  }

  // --- infrastructure

  @Test
  void aSpotLossMovesDriverAndExecutorsToOnDemandThroughThePodTemplate() throws Exception {
    RemediationPlan plan =
        planner.plan(report(DiagnosisCategory.SPOT_INTERRUPTION), SETTINGS, policy(Map.of()), 0);

    assertThat(plan.decision()).isEqualTo(Decision.RESUBMIT);
    assertThat(plan.changes())
        .extracting(c -> c.path().toString())
        .containsExactly(
            "spec.driver.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution",
            "spec.executor.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution");
    assertThat(plan.changes()).allSatisfy(c -> assertThat(c.json()).isTrue());
    assertThat(json(plan.changes().get(1).to()))
        .isEqualTo(
            json(
                "{\"nodeSelectorTerms\":[{\"matchExpressions\":[{\"key\":\"karpenter.sh/capacity-type\",\"operator\":\"In\",\"values\":[\"on-demand\"]}]}]}"));
    assertThat(plan.advice())
        .singleElement()
        .asString()
        .contains("spark.decommission.enabled=true");
  }

  @Test
  void aSpotLossReplacesTheCapacityRequirementAndKeepsTheOthers() throws Exception {
    JsonNode existing =
        json(
            "{\"nodeSelectorTerms\":[{\"matchExpressions\":["
                + "{\"key\":\"karpenter.sh/capacity-type\",\"operator\":\"In\",\"values\":[\"spot\",\"on-demand\"]},"
                + "{\"key\":\"topology.kubernetes.io/zone\",\"operator\":\"In\",\"values\":[\"us-east-1b\"]}]}]}");
    SparkSettings settings =
        new SparkSettings(
            "Scala",
            null,
            Map.of(),
            PodSettings.EMPTY,
            new PodSettings("8g", null, 4, 10, existing, existing));
    OnDemand executorsOnly =
        new OnDemand(
            "karpenter.sh/capacity-type", List.of("on-demand"), OnDemand.Scope.EXECUTORS, 1);

    RemediationPlan plan =
        planner.plan(
            report(DiagnosisCategory.SPOT_INTERRUPTION),
            settings,
            policy(null, null, executorsOnly),
            RemediationHistory.NONE);

    assertThat(plan.changes())
        .extracting(c -> c.path().toString())
        .containsExactly(
            "spec.executor.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution",
            "spec.executor.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution");
    assertThat(plan.changes().get(0).from()).isEqualTo(existing.toString());
    assertThat(json(plan.changes().get(0).to()))
        .isEqualTo(
            json(
                "{\"nodeSelectorTerms\":[{\"matchExpressions\":["
                    + "{\"key\":\"topology.kubernetes.io/zone\",\"operator\":\"In\",\"values\":[\"us-east-1b\"]},"
                    + "{\"key\":\"karpenter.sh/capacity-type\",\"operator\":\"In\",\"values\":[\"on-demand\"]}]}]}"));
  }

  @Test
  void aSpotLossOnPodsAlreadyOnDemandIsRetriedUnchanged() throws Exception {
    JsonNode onDemand =
        json(
            "{\"nodeSelectorTerms\":[{\"matchExpressions\":[{\"key\":\"karpenter.sh/capacity-type\",\"operator\":\"In\",\"values\":[\"on-demand\"]}]}]}");
    SparkSettings settings =
        new SparkSettings(
            "Scala",
            null,
            Map.of(),
            new PodSettings("4g", null, 1, null, onDemand, null),
            new PodSettings("8g", null, 4, 10, onDemand, null));

    RemediationPlan plan =
        planner.plan(report(DiagnosisCategory.SPOT_INTERRUPTION), settings, policy(Map.of()), 0);

    assertThat(plan.decision()).isEqualTo(Decision.RETRY);
    assertThat(plan.reason()).contains("already require on-demand capacity");
  }

  @Test
  void thePolicyCanWaitForSeveralSpotLossesBeforeMovingToOnDemand() {
    OnDemand afterTwo =
        new OnDemand("eks.amazonaws.com/capacityType", List.of("ON_DEMAND"), OnDemand.Scope.ALL, 2);
    RemediationPolicy policy = policy(null, null, afterTwo);

    RemediationPlan first =
        planner.plan(
            report(DiagnosisCategory.SPOT_INTERRUPTION), SETTINGS, policy, RemediationHistory.NONE);
    RemediationPlan second =
        planner.plan(
            report(DiagnosisCategory.SPOT_INTERRUPTION),
            SETTINGS,
            policy,
            history(DiagnosisCategory.SPOT_INTERRUPTION));

    assertThat(first.decision()).isEqualTo(Decision.RETRY);
    assertThat(first.reason()).contains("moves to on-demand after 2 spot losses");
    assertThat(second.decision()).isEqualTo(Decision.RESUBMIT);
    assertThat(second.changes().get(0).to())
        .contains("eks.amazonaws.com/capacityType")
        .contains("ON_DEMAND");
  }

  @Test
  void lostNodesTransientErrorsAndTimeoutsAreRetriedUnchanged() {
    for (DiagnosisCategory c :
        List.of(
            DiagnosisCategory.NODE_LOSS,
            DiagnosisCategory.TRANSIENT_EXTERNAL,
            DiagnosisCategory.STUCK,
            DiagnosisCategory.SHUFFLE_FETCH_FAILURE,
            DiagnosisCategory.SUBMISSION_FAILURE)) {
      RemediationPlan plan =
          planner.plan(report(c), SETTINGS, policy(Map.of()), RemediationHistory.NONE);
      assertThat(plan.decision()).as(c.name()).isEqualTo(Decision.RETRY);
      assertThat(plan.changes()).as(c.name()).isEmpty();
    }
  }

  @Test
  void aThirdNodeLossInARowMovesToOnDemand() {
    RemediationPlan plan =
        planner.plan(
            report(DiagnosisCategory.NODE_LOSS),
            SETTINGS,
            policy(Map.of()),
            history(DiagnosisCategory.NODE_LOSS, DiagnosisCategory.NODE_LOSS));

    assertThat(plan.decision()).isEqualTo(Decision.RESUBMIT);
    assertThat(plan.changes().get(0).reason()).contains("after 3 node losses in a row");
  }

  // --- parallelism

  @Test
  void tooLittleParallelismGetsMoreExecutorsAndPartitionsUpToTheCeiling() {
    RemediationPlan plan =
        planner.plan(
            report(DiagnosisCategory.INSUFFICIENT_PARALLELISM),
            SETTINGS,
            policy(12, null, OnDemand.KARPENTER),
            RemediationHistory.NONE);

    assertThat(plan.changes())
        .extracting(c -> c.path() + "=" + c.from() + "→" + c.to())
        .containsExactly(
            "spec.executor.instances=10→12",
            "spec.sparkConf[spark.sql.shuffle.partitions]=null→300");
    assertThat(plan.changes().get(0).json()).isTrue();
    assertThat(plan.changes().get(0).reason())
        .contains("×1.5 gives 15, cut to the policy's ceiling of 12");
  }

  @Test
  void withDynamicAllocationMaxExecutorsIsRaised() {
    SparkSettings dynamic =
        new SparkSettings(
            "Scala",
            null,
            Map.of("spark.sql.shuffle.partitions", "400"),
            PodSettings.EMPTY,
            new PodSettings("8g", null, 4, null),
            new DynamicAllocation(true, 2, 20));

    RemediationPlan plan =
        planner.plan(
            report(DiagnosisCategory.INSUFFICIENT_PARALLELISM), dynamic, policy(Map.of()), 0);

    assertThat(plan.changes())
        .extracting(c -> c.path() + "=" + c.from() + "→" + c.to())
        .containsExactly(
            "spec.dynamicAllocation.maxExecutors=20→30",
            "spec.sparkConf[spark.sql.shuffle.partitions]=400→600");
  }

  // --- combined, unknown, not retryable

  @Test
  void combinedCausesGiveOnePlanAndEachSettingChangesOnce() {
    RemediationPlan plan =
        planner.plan(
            report(
                DiagnosisCategory.EXECUTOR_CONTAINER_OOM,
                DiagnosisCategory.SPOT_INTERRUPTION,
                DiagnosisCategory.EXECUTOR_CONTAINER_OOM),
            SETTINGS,
            policy(Map.of()),
            0);

    assertThat(plan.changes())
        .extracting(c -> c.path().toString())
        .containsExactly(
            "spec.executor.memoryOverhead",
            "spec.driver.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution",
            "spec.executor.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution");
  }

  @Test
  void aWeakSecondaryCauseAddsNoRemedy() {
    DiagnosisReport report =
        new DiagnosisReport(
            List.of(
                new Diagnosis(
                    DiagnosisCategory.EXECUTOR_CONTAINER_OOM, Confidence.HIGH, "s", List.of()),
                new Diagnosis(
                    DiagnosisCategory.SPOT_INTERRUPTION, Confidence.MEDIUM, "s", List.of())));

    assertThat(planner.plan(report, SETTINGS, policy(Map.of()), 0).changes())
        .extracting(c -> c.path().toString())
        .containsExactly("spec.executor.memoryOverhead");
  }

  @Test
  void anUnknownCauseIsRetriedUnchangedOnceAtMost() {
    DiagnosisReport unknown =
        new DiagnosisReport(
            List.of(new Diagnosis(DiagnosisCategory.UNKNOWN, Confidence.LOW, "s", List.of())));

    RemediationPlan first =
        planner.plan(unknown, SETTINGS, policy(Map.of()), RemediationHistory.NONE);
    RemediationPlan second =
        planner.plan(unknown, SETTINGS, policy(Map.of()), history(DiagnosisCategory.UNKNOWN));

    assertThat(first.decision()).isEqualTo(Decision.RETRY);
    assertThat(second.decision()).isEqualTo(Decision.NO_ACTION);
  }

  @Test
  void codeErrorsAreNeverRetried() {
    RemediationPlan plan =
        planner.plan(report(DiagnosisCategory.USER_CODE_ERROR), SETTINGS, policy(Map.of()), 0);

    assertThat(plan.decision()).isEqualTo(Decision.NOT_RETRYABLE);
  }

  @Test
  void aPermanentSubmissionFailureIsNotRetried() {
    DiagnosisReport denied =
        new DiagnosisReport(
            List.of(
                new Diagnosis(
                    DiagnosisCategory.SUBMISSION_FAILURE, Confidence.HIGH, false, "s", List.of())));

    assertThat(planner.plan(denied, SETTINGS, policy(Map.of()), 0).decision())
        .isEqualTo(Decision.NOT_RETRYABLE);
  }

  @Test
  void backoffGrowsByTheMultiplierUpToTheMaximum() {
    Backoff backoff = new Backoff(Duration.ofSeconds(30), 2.0, Duration.ofMinutes(3));

    assertThat(List.of(1, 2, 3, 4, 5).stream().map(backoff::before).toList())
        .containsExactly(
            Duration.ofSeconds(30),
            Duration.ofSeconds(60),
            Duration.ofSeconds(120),
            Duration.ofSeconds(180),
            Duration.ofSeconds(180));
  }

  @Test
  void sparkConfKeysWithDotsArePrintedInBracketsAndEscapedInPointers() {
    SpecPath path = SpecPath.of("spec", "sparkConf", "spark.sql.shuffle.partitions");
    assertThat(path.toString()).isEqualTo("spec.sparkConf[spark.sql.shuffle.partitions]");
    assertThat(SpecPath.of("metadata", "annotations", "sparkmedic.io/applied").toJsonPointer())
        .isEqualTo("/metadata/annotations/sparkmedic.io~1applied");
  }
}
