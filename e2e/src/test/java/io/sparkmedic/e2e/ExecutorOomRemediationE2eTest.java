package io.sparkmedic.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparkmedic.crds.spark.ApplicationStates;
import io.sparkmedic.crds.spark.DriverSpec;
import io.sparkmedic.crds.spark.ExecutorSpec;
import io.sparkmedic.crds.spark.RestartPolicy;
import io.sparkmedic.crds.spark.SparkApplication;
import io.sparkmedic.crds.spark.SparkApplicationSpec;
import io.sparkmedic.crds.v1alpha1.SparkRemediation;
import io.sparkmedic.crds.v1alpha1.SparkRemediationSpec;
import io.sparkmedic.crds.v1alpha1.SparkRemediationStatus.Outcome;
import io.sparkmedic.crds.v1alpha1.Sparkmedic;
import io.sparkmedic.crds.v1alpha1.TuningPolicy;
import io.sparkmedic.crds.v1alpha1.TuningPolicySpec;
import io.sparkmedic.operator.SparkmedicOperator;
import io.sparkmedic.simulator.JobTruth;
import io.sparkmedic.simulator.SimulatorOptions;
import io.sparkmedic.simulator.SparkOperatorSimulator;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A job that needs more off-heap memory per executor than it asks for: the simulated Spark operator
 * fails it the way Spark does (executors OOMKilled, then the driver exits 1), Sparkmedic raises the
 * executor overhead, and the job completes.
 */
class ExecutorOomRemediationE2eTest {

  private static final String APP = "nightly-etl";

  private E2eCluster cluster;
  private KubernetesClient client;
  private String ns;
  private SparkOperatorSimulator simulator;
  private SparkmedicOperator replicaA;
  private SparkmedicOperator replicaB;

  @BeforeEach
  void start() throws Exception {
    cluster = new E2eCluster();
    client = cluster.client();
    ns = cluster.namespace();
    simulator =
        new SparkOperatorSimulator(client, new SimulatorOptions(ns, Duration.ofMillis(50), 20.0));
    simulator.start();
  }

  @AfterEach
  void stop() {
    for (AutoCloseable c : new AutoCloseable[] {replicaA, replicaB, simulator, cluster}) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception ignored) {
          // best effort: the next test uses a fresh server and namespace
        }
      }
    }
  }

  private SparkmedicOperator operator(String instance) throws Exception {
    SparkmedicOperator operator =
        new SparkmedicOperator(
            client, new SparkmedicOperator.Options(Set.of(ns), -1, instance), Clock.systemUTC());
    operator.start();
    return operator;
  }

  @Test
  void anExecutorOomJobIsRemediatedOnceAndCompletes() throws Exception {
    replicaA = operator("replica-a");
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
    replicaA = operator("replica-a");
    replicaB = operator("replica-b");
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
    replicaA = operator("replica-a");
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

  private SparkApplication awaitApplication(
      java.util.function.Predicate<SparkApplication> condition) {
    return client
        .resources(SparkApplication.class)
        .inNamespace(ns)
        .withName(APP)
        .waitUntilCondition(a -> a != null && condition.test(a), 90, TimeUnit.SECONDS);
  }

  private static String state(SparkApplication app) {
    return app.getStatus() == null ? "" : app.getStatus().state();
  }

  private static String applied(SparkApplication app) {
    return app.getMetadata().getAnnotations() == null
        ? null
        : app.getMetadata().getAnnotations().get(Sparkmedic.APPLIED_REMEDIATION_ANNOTATION);
  }

  private TuningPolicy policy() {
    TuningPolicy policy = new TuningPolicy();
    policy.setMetadata(new ObjectMetaBuilder().withName("team-data").withNamespace(ns).build());
    TuningPolicySpec spec = new TuningPolicySpec();
    spec.setSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("team", "data")).build());
    TuningPolicySpec.Backoff backoff = new TuningPolicySpec.Backoff();
    backoff.setInitialSeconds(0);
    spec.setBackoff(backoff);
    TuningPolicySpec.Ceilings ceilings = new TuningPolicySpec.Ceilings();
    ceilings.setExecutorMemoryOverhead("4g");
    spec.setCeilings(ceilings);
    policy.setSpec(spec);
    return policy;
  }

  /** 2 executors × 2g heap, overhead unset: Spark's default 384m, short of the 500m needed. */
  private SparkApplication application() {
    SparkApplication app = new SparkApplication();
    app.setMetadata(
        new ObjectMetaBuilder()
            .withName(APP)
            .withNamespace(ns)
            .withLabels(Map.of("team", "data"))
            .build());
    SparkApplicationSpec spec = new SparkApplicationSpec();
    spec.setType("Scala");
    spec.setSparkVersion("3.5.5");
    spec.setImage("apache/spark:3.5.5");
    spec.setMainClass("com.example.etl.DailyRollup");
    spec.setMainApplicationFile("local:///opt/spark/jars/etl-assembly.jar");
    spec.setUnknownField("mode", "cluster");
    RestartPolicy restart = new RestartPolicy();
    restart.setType(RestartPolicy.NEVER);
    spec.setRestartPolicy(restart);
    DriverSpec driver = new DriverSpec();
    driver.setCores(1);
    driver.setMemory("1g");
    driver.setUnknownField("serviceAccount", "spark");
    spec.setDriver(driver);
    ExecutorSpec executor = new ExecutorSpec();
    executor.setCores(2);
    executor.setInstances(2);
    executor.setMemory("2g");
    spec.setExecutor(executor);
    app.setSpec(spec);
    return app;
  }
}
