package io.sparkmedic.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.sparkmedic.crds.spark.ApplicationStates;
import io.sparkmedic.crds.spark.SparkApplication;
import io.sparkmedic.crds.v1alpha1.SparkRemediation;
import io.sparkmedic.crds.v1alpha1.TuningPolicy;
import io.sparkmedic.operator.SparkmedicOperator;
import io.sparkmedic.simulator.JobTruth;
import io.sparkmedic.simulator.SimulatorOptions;
import io.sparkmedic.simulator.SparkOperatorSimulator;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * One operator watching two namespaces: each namespace has its own pod informer and label-only
 * caches (a shared item store would lose one namespace's objects to the other's relist), and a
 * failure in each is diagnosed from its own pods, remediated, and counted by its own policy.
 */
class MultiNamespaceE2eTest extends E2eTestBase {

  @Test
  void eachWatchedNamespaceIsDiagnosedFromItsOwnPodsAndCountedByItsOwnPolicy() throws Exception {
    String other = ns + "-b";
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(other).endMetadata().build())
        .create();
    try (SparkOperatorSimulator otherSimulator =
        new SparkOperatorSimulator(
            client, new SimulatorOptions(other, Duration.ofMillis(50), 20.0))) {
      otherSimulator.start();
      SparkmedicOperator operator =
          new SparkmedicOperator(
              client,
              new SparkmedicOperator.Options(Set.of(ns, other), -1, "replica-a"),
              Clock.systemUTC());
      operator.start();
      replicas.add(operator);

      JobTruth overheadShort = new JobTruth(1536, 500, 512, 200, Duration.ofSeconds(60));
      for (String namespace : List.of(ns, other)) {
        TuningPolicy policy = policy();
        policy.getMetadata().setNamespace(namespace);
        client.resource(policy).create();
        (namespace.equals(ns) ? simulator : otherSimulator).expect(namespace, APP, overheadShort);
        SparkApplication app = application();
        app.getMetadata().setNamespace(namespace);
        client.resource(app).create();
      }

      for (String namespace : List.of(ns, other)) {
        SparkApplication done =
            client
                .resources(SparkApplication.class)
                .inNamespace(namespace)
                .withName(APP)
                .waitUntilCondition(
                    a ->
                        a != null
                            && state(a).equals(ApplicationStates.COMPLETED)
                            && applied(a) != null,
                    90,
                    TimeUnit.SECONDS);
        assertThat(done.getSpec().getExecutor().getMemoryOverhead()).isEqualTo("576m");
        List<SparkRemediation> records =
            client.resources(SparkRemediation.class).inNamespace(namespace).list().getItems();
        assertThat(records)
            .as(namespace)
            .singleElement()
            .satisfies(
                r -> {
                  assertThat(r.getSpec().getDiagnosis().getCategory())
                      .isEqualTo("EXECUTOR_CONTAINER_OOM");
                  assertThat(r.getSpec().getDiagnosis().getEvidence())
                      .anySatisfy(e -> assertThat(e).contains("had reason OOMKilled"));
                });
        TuningPolicy counted =
            client
                .resources(TuningPolicy.class)
                .inNamespace(namespace)
                .withName("team-data")
                .waitUntilCondition(
                    p ->
                        p != null
                            && p.getStatus() != null
                            && Integer.valueOf(1).equals(p.getStatus().getSelectedApplications())
                            && Integer.valueOf(1).equals(p.getStatus().getRemediations()),
                    60,
                    TimeUnit.SECONDS);
        assertThat(counted.getStatus().getSelectedApplications()).isEqualTo(1);
      }
    }
  }
}
