package io.sparkmedic.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkmedic.crds.spark.ApplicationStates;
import io.sparkmedic.crds.spark.SparkApplication;
import io.sparkmedic.crds.v1alpha1.SparkRemediation;
import io.sparkmedic.crds.v1alpha1.SparkRemediationSpec;
import io.sparkmedic.crds.v1alpha1.SparkRemediationStatus.Outcome;
import io.sparkmedic.crds.v1alpha1.Sparkmedic;
import io.sparkmedic.simulator.JobTruth;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A job that needs more off-heap memory per executor than it asks for: the simulated Spark operator
 * fails it the way Spark does (executors OOMKilled, then the driver exits 1), Sparkmedic raises the
 * executor overhead, and the job completes.
 */
class ExecutorOomRemediationE2eTest extends E2eTestBase {

  @Test
  void anExecutorOomJobIsRemediatedOnceAndCompletes() throws Exception {
    startOperator("replica-a");
    client.resource(policy()).create();
    simulator.expect(ns, APP, new JobTruth(1536, 500, 512, 200, Duration.ofSeconds(60)));
    client.resource(application()).create();

    SparkApplication done =
        awaitApplication(a -> state(a).equals(ApplicationStates.COMPLETED) && applied(a) != null);
    String recordName = applied(done);
    SparkRemediation record =
        client
            .resources(SparkRemediation.class)
            .inNamespace(ns)
            .withName(recordName)
            .waitUntilCondition(
                r ->
                    r != null
                        && r.getStatus() != null
                        && r.getStatus().getOutcome() == Outcome.Succeeded,
                60,
                TimeUnit.SECONDS);

    List<SparkRemediation> history =
        client.resources(SparkRemediation.class).inNamespace(ns).list().getItems();
    assertThat(history).hasSize(1);
    assertThat(record.getSpec().getAttempt()).isEqualTo(1);
    assertThat(record.getSpec().getDiagnosis().getCategory()).isEqualTo("EXECUTOR_CONTAINER_OOM");
    assertThat(record.getSpec().getDiagnosis().getEvidence())
        .anySatisfy(e -> assertThat(e).contains("had reason OOMKilled (exit code 137)"));
    assertThat(record.getSpec().getAction()).isEqualTo(SparkRemediationSpec.Action.Resubmit);
    assertThat(record.getSpec().getChanges())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getPath()).isEqualTo("spec.executor.memoryOverhead");
              assertThat(c.getFrom()).isNull();
              assertThat(c.getTo()).isEqualTo("576m");
            });
    assertThat(record.getMetadata().getLabels()).containsEntry(Sparkmedic.APPLICATION_LABEL, APP);
    assertThat(record.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo(done.getMetadata().getUid()));
    assertThat(record.getStatus().getRetrySubmissionID())
        .isEqualTo(done.getStatus().getSubmissionId());

    // Only the changed field was touched; what the model does not know is still there.
    assertThat(done.getSpec().getExecutor().getMemoryOverhead()).isEqualTo("576m");
    assertThat(done.getSpec().getExecutor().getMemory()).isEqualTo("2g");
    assertThat(done.getSpec().getUnknownFields()).containsEntry("mode", "cluster");
    assertThat(done.getSpec().getDriver().getUnknownFields())
        .containsEntry("serviceAccount", "spark");
    assertThat(done.getMetadata().getGeneration()).isEqualTo(2L);

    // The outcome's Event is written right after the record's status: wait for it, not the record.
    awaitEvent(e -> "RetrySucceeded".equals(e.getReason()));
    assertThat(client.v1().events().inNamespace(ns).list().getItems())
        .anySatisfy(
            e -> {
              assertThat(e.getReason()).isEqualTo("Remediated");
              assertThat(e.getInvolvedObject().getName()).isEqualTo(APP);
              assertThat(e.getMessage()).contains("spec.executor.memoryOverhead (default)→576m");
            })
        .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("RetrySucceeded"));
  }

  @Test
  void twoReplicasSeeingTheSameFailureActOnItOnce() throws Exception {
    startOperator("replica-a");
    startOperator("replica-b");
    client.resource(policy()).create();
    simulator.expect(ns, APP, new JobTruth(1536, 500, 512, 200, Duration.ofSeconds(60)));
    client.resource(application()).create();

    SparkApplication done =
        awaitApplication(a -> state(a).equals(ApplicationStates.COMPLETED) && applied(a) != null);

    assertThat(client.resources(SparkRemediation.class).inNamespace(ns).list().getItems())
        .hasSize(1);
    // One spec change: the Spark operator restarted the application exactly once.
    assertThat(done.getMetadata().getGeneration()).isEqualTo(2L);
    assertThat(done.getSpec().getExecutor().getMemoryOverhead()).isEqualTo("576m");
  }

  @Test
  void anApplicationNoPolicySelectsIsNeverTouched() throws Exception {
    startOperator("replica-a");
    client.resource(policy()).create();
    simulator.expect(ns, APP, new JobTruth(1536, 500, 512, 200, Duration.ofSeconds(60)));
    SparkApplication unselected = application();
    unselected.getMetadata().setLabels(Map.of("team", "finance"));
    client.resource(unselected).create();

    SparkApplication failed = awaitApplication(a -> state(a).equals(ApplicationStates.FAILED));
    // A second application that IS selected fails after the first; once it has been remediated,
    // the operator has certainly reconciled the first one's failure too.
    simulator.expect(ns, "selected", new JobTruth(1536, 500, 512, 200, Duration.ofSeconds(60)));
    SparkApplication selected = application();
    selected.getMetadata().setName("selected");
    client.resource(selected).create();
    client
        .resources(SparkApplication.class)
        .inNamespace(ns)
        .withName("selected")
        .waitUntilCondition(a -> a != null && applied(a) != null, 60, TimeUnit.SECONDS);

    SparkApplication after =
        client.resources(SparkApplication.class).inNamespace(ns).withName(APP).get();
    assertThat(after.getMetadata().getGeneration()).isEqualTo(1L);
    assertThat(after.getSpec().getExecutor().getMemoryOverhead()).isNull();
    assertThat(applied(after)).isNull();
    assertThat(after.getStatus().getSubmissionId()).isEqualTo(failed.getStatus().getSubmissionId());
    assertThat(client.resources(SparkRemediation.class).inNamespace(ns).list().getItems())
        .extracting(r -> r.getSpec().getApplication().getName())
        .containsExactly("selected");
  }
}
