package io.sparkmedic.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkmedic.crds.spark.ApplicationStates;
import io.sparkmedic.crds.spark.SparkApplication;
import io.sparkmedic.crds.v1alpha1.SparkRemediation;
import io.sparkmedic.crds.v1alpha1.SparkRemediationSpec.Action;
import io.sparkmedic.crds.v1alpha1.SparkRemediationStatus.Outcome;
import io.sparkmedic.crds.v1alpha1.Sparkmedic;
import io.sparkmedic.crds.v1alpha1.TuningPolicySpec;
import io.sparkmedic.simulator.JobTruth;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Failures outside the job: spot capacity reclaimed, storage throttling, and (the opposite case) a
 * bug in the job's own code. Each runs under both strategies.
 */
class InfrastructureCausesE2eTest extends E2eTestBase {

  private static final JobTruth FITS = JobTruth.healthy(Duration.ofSeconds(60));

  private void policyWith(TuningPolicySpec.Strategy strategy) {
    client.resource(policy("team-data", s -> s.setStrategy(strategy))).create();
  }

  /** The application that ran the retry: the same one in place, {@code <name>-r1} otherwise. */
  private String retryName(TuningPolicySpec.Strategy strategy) {
    return strategy == TuningPolicySpec.Strategy.InPlace ? APP : APP + "-r1";
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(TuningPolicySpec.Strategy.class)
  void aSpotInterruptedJobMovesToOnDemandAndCompletes(TuningPolicySpec.Strategy strategy)
      throws Exception {
    startOperator("a");
    policyWith(strategy);
    simulator.expect(ns, APP, FITS.withSpotInterruptions(1));
    simulator.expect(ns, APP + "-r1", FITS.withSpotInterruptions(1));
    client.resource(application()).create();

    SparkRemediation record = awaitRecord(Outcome.Succeeded);
    SparkApplication retry =
        awaitApplication(retryName(strategy), a -> state(a).equals(ApplicationStates.COMPLETED));

    assertThat(record.getSpec().getDiagnosis().getCategory()).isEqualTo("SPOT_INTERRUPTION");
    assertThat(record.getSpec().getDiagnosis().getEvidence())
        .anySatisfy(e -> assertThat(e).contains("on spot capacity ended from outside the job"));
    assertThat(record.getSpec().getChanges())
        .extracting(c -> c.getPath())
        .containsExactly(
            "spec.driver.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution",
            "spec.executor.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution");
    assertThat(record.getSpec().getAdvice())
        .anySatisfy(a -> assertThat(a).contains("spark.decommission.enabled=true"));
    assertThat(retry.getSpec().getExecutor().unknownField("template").toString())
        .contains("karpenter.sh/capacity-type")
        .contains("on-demand");
    assertThat(retry.getSpec().getExecutor().getMemory()).isEqualTo("2g");
    assertThat(records()).hasSize(1);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(TuningPolicySpec.Strategy.class)
  void aTransientStorageFailureIsRetriedUnchangedAndCompletes(TuningPolicySpec.Strategy strategy)
      throws Exception {
    startOperator("a");
    policyWith(strategy);
    simulator.expect(ns, APP, FITS.withTransientFailures(1));
    simulator.expect(ns, APP + "-r1", FITS);
    client.resource(application()).create();

    SparkRemediation record = awaitRecord(Outcome.Succeeded);
    SparkApplication retry =
        awaitApplication(retryName(strategy), a -> state(a).equals(ApplicationStates.COMPLETED));

    assertThat(record.getSpec().getDiagnosis().getCategory()).isEqualTo("TRANSIENT_EXTERNAL");
    assertThat(record.getSpec().getDiagnosis().getEvidence())
        .anySatisfy(e -> assertThat(e).contains("Status Code: 503").contains("SlowDown"));
    assertThat(record.getSpec().getDecision()).isEqualTo("Retry");
    assertThat(record.getSpec().getChanges()).isEmpty();
    // Unchanged but for the run marker, which is what makes the Spark operator run it again.
    assertThat(retry.getSpec().getSparkConf())
        .containsEntry(Sparkmedic.RUN_MARKER_CONF, record.getMetadata().getName());
    assertThat(retry.getSpec().getExecutor().getMemoryOverhead()).isNull();
    assertThat(retry.getSpec().getExecutor().unknownField("template")).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(TuningPolicySpec.Strategy.class)
  void aCodeBugIsNeverRetried(TuningPolicySpec.Strategy strategy) throws Exception {
    startOperator("a");
    policyWith(strategy);
    simulator.expect(
        ns,
        APP,
        FITS.withCodeBug(
            "org.apache.spark.sql.AnalysisException: [TABLE_OR_VIEW_NOT_FOUND] The table or view `sales`.`orders_v2` cannot be found."));
    client.resource(application()).create();

    SparkRemediation record = awaitRecord(Outcome.NotRetryable);

    assertThat(record.getSpec().getDiagnosis().getCategory()).isEqualTo("USER_CODE_ERROR");
    assertThat(record.getSpec().getDiagnosis().getRetryable()).isFalse();
    assertThat(record.getSpec().getAction()).isEqualTo(Action.None);
    SparkApplication app =
        client.resources(SparkApplication.class).inNamespace(ns).withName(APP).get();
    assertThat(state(app)).isEqualTo(ApplicationStates.FAILED);
    assertThat(app.getMetadata().getGeneration()).isEqualTo(1L);
    assertThat(client.resources(SparkApplication.class).inNamespace(ns).withName(APP + "-r1").get())
        .isNull();
    awaitEvent(
        e ->
            e != null
                && "NotRemediated".equals(e.getReason())
                && e.getMessage().contains("USER_CODE_ERROR"));
    assertThat(records()).hasSize(1);
  }
}
