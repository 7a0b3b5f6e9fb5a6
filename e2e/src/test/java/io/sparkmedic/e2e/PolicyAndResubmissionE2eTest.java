package io.sparkmedic.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.sparkmedic.crds.spark.ApplicationStates;
import io.sparkmedic.crds.spark.SparkApplication;
import io.sparkmedic.crds.v1alpha1.SparkRemediation;
import io.sparkmedic.crds.v1alpha1.SparkRemediationSpec.Action;
import io.sparkmedic.crds.v1alpha1.SparkRemediationStatus.Outcome;
import io.sparkmedic.crds.v1alpha1.Sparkmedic;
import io.sparkmedic.crds.v1alpha1.TuningPolicy;
import io.sparkmedic.crds.v1alpha1.TuningPolicySpec;
import io.sparkmedic.operator.SparkmedicOperator;
import io.sparkmedic.simulator.JobTruth;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** TuningPolicy semantics and resubmission against the simulated Spark operator. */
class PolicyAndResubmissionE2eTest extends E2eTestBase {

  /** Executors need 500m off-heap; Spark's default overhead for 2g is 384m; ×1.5 gives 576m. */
  private static final JobTruth NEEDS_500M_OVERHEAD =
      new JobTruth(1536, 500, 512, 200, Duration.ofSeconds(60));

  @Test
  void newApplicationStrategyRunsTheRetryAsNameR1AndLeavesTheFailedOneAsItWas() throws Exception {
    startOperator("a");
    client
        .resource(policy("team-data", s -> s.setStrategy(TuningPolicySpec.Strategy.NewApplication)))
        .create();
    simulator.expect(ns, APP, NEEDS_500M_OVERHEAD);
    simulator.expect(ns, APP + "-r1", NEEDS_500M_OVERHEAD);
    client.resource(application()).create();

    SparkApplication retry =
        awaitApplication(APP + "-r1", a -> state(a).equals(ApplicationStates.COMPLETED));
    SparkRemediation record = awaitRecord(Outcome.Succeeded);

    SparkApplication original =
        client.resources(SparkApplication.class).inNamespace(ns).withName(APP).get();
    assertThat(state(original)).isEqualTo(ApplicationStates.FAILED);
    assertThat(original.getMetadata().getGeneration()).isEqualTo(1L);
    assertThat(original.getSpec().getExecutor().getMemoryOverhead()).isNull();
    assertThat(retry.getSpec().getExecutor().getMemoryOverhead()).isEqualTo("576m");
    assertThat(retry.getSpec().getRestartPolicy().getType()).isEqualTo("Never");
    assertThat(retry.getSpec().getUnknownFields()).containsEntry("mode", "cluster");
    assertThat(retry.getSpec().getDriver().getUnknownFields())
        .containsEntry("serviceAccount", "spark");
    assertThat(retry.getMetadata().getLabels())
        .containsEntry("team", "data")
        .containsEntry(Sparkmedic.LINEAGE_LABEL, original.getMetadata().getUid());
    assertThat(retry.getMetadata().getAnnotations())
        .containsEntry(Sparkmedic.RETRY_OF_ANNOTATION, APP);
    assertThat(record.getSpec().getStrategy()).isEqualTo("NewApplication");
    assertThat(record.getStatus().getRetryApplication()).isEqualTo(APP + "-r1");
    assertThat(records()).hasSize(1);
  }

  @Test
  void adviseModeRecordsThePlanAndChangesNothing() throws Exception {
    startOperator("a");
    client
        .resource(policy("team-data", s -> s.setMode(TuningPolicySpec.PolicyMode.Advise)))
        .create();
    simulator.expect(ns, APP, NEEDS_500M_OVERHEAD);
    client.resource(application()).create();

    SparkRemediation record = awaitRecord(Outcome.Advised);

    assertThat(record.getSpec().getAction()).isEqualTo(Action.Advise);
    assertThat(record.getSpec().getChanges())
        .singleElement()
        .satisfies(c -> assertThat(c.getTo()).isEqualTo("576m"));
    SparkApplication app =
        client.resources(SparkApplication.class).inNamespace(ns).withName(APP).get();
    assertThat(state(app)).isEqualTo(ApplicationStates.FAILED);
    assertThat(app.getMetadata().getGeneration()).isEqualTo(1L);
    assertThat(applied(app)).isNull();
    assertThat(client.v1().events().inNamespace(ns).list().getItems())
        .anySatisfy(
            e -> {
              assertThat(e.getReason()).isEqualTo("RemediationAdvised");
              assertThat(e.getMessage())
                  .contains("Would change: spec.executor.memoryOverhead→576m");
            });
  }

  @Test
  void aNeedBeyondTheCeilingEndsCapReachedWithoutExceedingIt() throws Exception {
    startOperator("a");
    client
        .resource(policy("team-data", s -> s.getCeilings().setExecutorMemoryOverhead("700m")))
        .create();
    simulator.expect(ns, APP, new JobTruth(1536, 2000, 512, 200, Duration.ofSeconds(60)));
    client.resource(application()).create();

    SparkRemediation capped = awaitRecord(Outcome.CapReached);

    List<SparkRemediation> history = records();
    assertThat(history)
        .extracting(r -> r.getSpec().getDecision() + "/" + r.getStatus().getOutcome())
        .containsExactly("Resubmit/Failed", "Resubmit/Failed", "CapReached/CapReached");
    assertThat(history.get(0).getSpec().getChanges().get(0).getTo()).isEqualTo("576m");
    assertThat(history.get(1).getSpec().getChanges().get(0).getTo()).isEqualTo("700m");
    assertThat(history.get(1).getSpec().getChanges().get(0).getReason())
        .contains("cut to the policy's ceiling of 700m");
    assertThat(capped.getSpec().getReason())
        .contains("already 700m, at or above the policy's ceiling of 700m");
    SparkApplication app =
        client.resources(SparkApplication.class).inNamespace(ns).withName(APP).get();
    assertThat(app.getSpec().getExecutor().getMemoryOverhead()).isEqualTo("700m");
  }

  @Test
  void anOperatorRestartBetweenDecidingAndActingResubmitsOnce() throws Exception {
    SparkmedicOperator first = startOperator("first");
    client.resource(policy("team-data", s -> s.getBackoff().setInitialSeconds(3))).create();
    simulator.expect(ns, APP, NEEDS_500M_OVERHEAD);
    client.resource(application()).create();

    // The first operator decides (the record is written), then stops during the backoff.
    awaitRecord(Outcome.Pending);
    stop(first);
    SparkApplication untouched =
        client.resources(SparkApplication.class).inNamespace(ns).withName(APP).get();
    assertThat(untouched.getMetadata().getGeneration()).isEqualTo(1L);

    startOperator("second");
    SparkApplication done =
        awaitApplication(a -> state(a).equals(ApplicationStates.COMPLETED) && applied(a) != null);
    awaitRecord(Outcome.Succeeded);

    assertThat(records()).hasSize(1);
    assertThat(done.getMetadata().getGeneration()).isEqualTo(2L);
  }

  @Test
  void anEditMadeBeforeSparkmedicActsWinsAndTheRecordSaysSuperseded() throws Exception {
    startOperator("a");
    client.resource(policy("team-data", s -> s.getBackoff().setInitialSeconds(4))).create();
    simulator.expect(ns, APP, NEEDS_500M_OVERHEAD);
    client.resource(application()).create();
    awaitRecord(Outcome.Pending);

    // A person fixes it by hand while Sparkmedic waits out its backoff.
    client
        .resources(SparkApplication.class)
        .inNamespace(ns)
        .withName(APP)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"spec\":{\"executor\":{\"memoryOverhead\":\"1g\"}}}");

    SparkRemediation superseded = awaitRecord(Outcome.Superseded);
    SparkApplication done = awaitApplication(a -> state(a).equals(ApplicationStates.COMPLETED));

    assertThat(done.getSpec().getExecutor().getMemoryOverhead()).isEqualTo("1g");
    assertThat(applied(done)).isNull();
    assertThat(superseded.getStatus().getMessage())
        .contains("changed or resubmitted before Sparkmedic applied its plan");
    assertThat(done.getMetadata().getGeneration()).isEqualTo(2L);
  }

  @Test
  void theHigherPriorityPolicyWinsWhenTwoSelectAnApplication() throws Exception {
    startOperator("a");
    client.resource(policy("everyone", s -> s.setPriority(0))).create();
    client
        .resource(
            policy(
                "data-team",
                s -> {
                  s.setPriority(10);
                  TuningPolicySpec.CategoryRule rule = new TuningPolicySpec.CategoryRule();
                  rule.setCategory("EXECUTOR_CONTAINER_OOM");
                  rule.setFactor(2.0);
                  s.setRules(List.of(rule));
                }))
        .create();
    simulator.expect(ns, APP, NEEDS_500M_OVERHEAD);
    client.resource(application()).create();

    SparkRemediation record = awaitRecord(Outcome.Succeeded);

    assertThat(record.getSpec().getPolicy()).isEqualTo("data-team");
    assertThat(record.getSpec().getChanges().get(0).getTo()).isEqualTo("768m");
  }

  @Test
  void anInvalidPolicyIsReportedAndDoesNothing() throws Exception {
    startOperator("a");
    // The mock server does not validate against the schema, as a real one would for this value.
    client.resource(policy("team-data", s -> s.getCeilings().setExecutorMemory("2Gi"))).create();
    simulator.expect(ns, APP, NEEDS_500M_OVERHEAD);
    client.resource(application()).create();

    TuningPolicy reported =
        client
            .resources(TuningPolicy.class)
            .inNamespace(ns)
            .withName("team-data")
            .waitUntilCondition(
                p -> p != null && p.getStatus() != null && !p.getStatus().getConditions().isEmpty(),
                60,
                TimeUnit.SECONDS);
    Condition ready = reported.getStatus().getConditions().get(0);
    assertThat(ready.getType()).isEqualTo("Ready");
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getMessage()).contains("spec.ceilings.executorMemory: Invalid suffix");

    awaitApplication(a -> state(a).equals(ApplicationStates.FAILED));
    awaitEvent(e -> e != null && "InvalidPolicy".equals(e.getReason()));
    assertThat(records()).isEmpty();
    SparkApplication app =
        client.resources(SparkApplication.class).inNamespace(ns).withName(APP).get();
    assertThat(app.getMetadata().getGeneration()).isEqualTo(1L);
  }
}
