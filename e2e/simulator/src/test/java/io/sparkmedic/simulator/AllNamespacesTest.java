package io.sparkmedic.simulator;

import static io.sparkmedic.simulator.Await.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.sparkmedic.crds.spark.ApplicationStates;
import io.sparkmedic.crds.spark.SparkApplication;
import io.sparkmedic.crds.spark.SparkApplicationSpec;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A simulator without a namespace simulates every namespace (its own mock server). */
@EnableKubernetesMockClient(crud = true)
class AllNamespacesTest {

  static KubernetesClient client;

  @Test
  void simulatesApplicationsInEveryNamespace() {
    try (SparkOperatorSimulator simulator =
        new SparkOperatorSimulator(
            client,
            SimulatorOptions.defaults().withTick(Duration.ofMillis(20)).withTimeScale(600))) {
      simulator.start();
      simulator.start(); // idempotent
      create("team-a", "job");
      create("team-b", "job");

      for (String ns : new String[] {"team-a", "team-b"}) {
        awaitUntil(
            () -> {
              SparkApplication app =
                  client.resources(SparkApplication.class).inNamespace(ns).withName("job").get();
              return app.getStatus() != null
                  && ApplicationStates.COMPLETED.equals(app.getStatus().state());
            },
            () -> String.join("\n", simulator.history(ns, "job")));
        // The history line follows the status write.
        awaitUntil(
            () -> simulator.history(ns, "job").contains("COMPLETED"),
            () -> String.join("\n", simulator.history(ns, "job")));
        assertThat(simulator.history(ns, "job")).last().isEqualTo("COMPLETED");
      }
      assertThat(client.apiextensions().v1().customResourceDefinitions().list().getItems())
          .extracting(crd -> crd.getMetadata().getName())
          .containsExactly(SparkApplicationCrd.NAME);
    }
  }

  private static void create(String namespace, String name) {
    SparkApplication app = new SparkApplication();
    app.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    app.setSpec(new SparkApplicationSpec());
    client.resources(SparkApplication.class).inNamespace(namespace).resource(app).create();
  }
}
