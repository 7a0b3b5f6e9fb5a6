package io.sparkmedic.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparkmedic.crds.spark.ApplicationStates;
import io.sparkmedic.crds.v1alpha1.SparkRemediation;
import io.sparkmedic.crds.v1alpha1.SparkRemediationStatus.Outcome;
import io.sparkmedic.operator.SparkmedicOperator;
import io.sparkmedic.operator.metrics.SparkmedicMetrics;
import io.sparkmedic.simulator.JobTruth;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Metrics, health and leader election of a running operator. */
class ProductionReadinessE2eTest extends E2eTestBase {

  private static final JobTruth NEEDS_500M_OVERHEAD =
      new JobTruth(1536, 500, 512, 200, Duration.ofSeconds(60));

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void metricsHealthAndReadinessAreServedByTheRunningOperator() throws Exception {
    SparkmedicMetrics metrics = new SparkmedicMetrics();
    KubernetesClient instrumented =
        cluster.clientWith(
            b ->
                b.withHttpClientBuilderConsumer(
                    h ->
                        h.addOrReplaceInterceptor("sparkmedic-metrics", metrics.apiInterceptor())));
    SparkmedicOperator operator =
        new SparkmedicOperator(
            instrumented,
            new SparkmedicOperator.Options(Set.of(ns), 0, "metrics"),
            Clock.systemUTC(),
            metrics);
    operator.start();
    replicas.add(operator);
    client.resource(policy()).create();
    simulator.expect(ns, APP, NEEDS_500M_OVERHEAD);
    client.resource(application()).create();
    awaitRecord(Outcome.Succeeded);

    assertThat(get(operator.healthPort(), "/healthz").statusCode()).isEqualTo(200);
    assertThat(get(operator.healthPort(), "/readyz").statusCode()).isEqualTo(200);
    // The outcome is counted right after it is written: wait for the count, not just the record.
    String succeeded =
        "sparkmedic_remediations_total{action=\"Resubmit\",category=\"EXECUTOR_CONTAINER_OOM\",namespace=\""
            + ns
            + "\",outcome=\"Succeeded\"} 1.0";
    String scraped = get(operator.healthPort(), "/metrics").body();
    for (int i = 0; i < 100 && !scraped.contains(succeeded); i++) {
      java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
      scraped = get(operator.healthPort(), "/metrics").body();
    }

    assertThat(scraped)
        .contains(
            "sparkmedic_failures_total{category=\"EXECUTOR_CONTAINER_OOM\",namespace=\""
                + ns
                + "\"} 1.0")
        .contains(
            "sparkmedic_remediations_total{action=\"Resubmit\",category=\"EXECUTOR_CONTAINER_OOM\",namespace=\""
                + ns
                + "\",outcome=\"Resubmitted\"} 1.0")
        .contains(
            "sparkmedic_remediations_total{action=\"Resubmit\",category=\"EXECUTOR_CONTAINER_OOM\",namespace=\""
                + ns
                + "\",outcome=\"Succeeded\"} 1.0")
        .contains(
            "sparkmedic_retries_succeeded_total{category=\"EXECUTOR_CONTAINER_OOM\",namespace=\""
                + ns
                + "\"} 1.0")
        .contains("sparkmedic_reaction_seconds_count{namespace=\"" + ns + "\"} 1")
        .contains("sparkmedic_reaction_seconds_bucket")
        .containsPattern("sparkmedic_api_requests_total\\{code=\"201\",verb=\"create\"\\} \\d")
        .containsPattern("sparkmedic_api_requests_total\\{code=\"20[02]\",verb=\"patch\"\\} \\d")
        .contains("operator_sdk_")
        .contains("jvm_memory_used_bytes");
    // No series per application: its name appears nowhere in the metrics.
    assertThat(scraped).doesNotContain(APP);
    instrumented.close();
  }

  @Test
  void aStandbyReplicaTakesOverWithoutRepeatingTheLeadersRemediations() throws Exception {
    SparkmedicOperator leader = startReplica("replica-a");
    SparkmedicOperator standby = startReplica("replica-b");
    client.resource(policy()).create();
    simulator.expect(ns, APP, NEEDS_500M_OVERHEAD);
    client.resource(application()).create();
    awaitApplication(a -> state(a).equals(ApplicationStates.COMPLETED) && applied(a) != null);
    awaitRecord(Outcome.Succeeded);
    String firstHolder = holder();

    stop(firstHolder.equals("replica-a") ? leader : standby);
    client
        .resources(Lease.class)
        .inNamespace(ns)
        .withName("sparkmedic-leader")
        .waitUntilCondition(
            l -> l != null && !firstHolder.equals(l.getSpec().getHolderIdentity()),
            60,
            TimeUnit.SECONDS);

    simulator.expect(ns, "second-job", NEEDS_500M_OVERHEAD);
    client.resource(application("second-job")).create();
    awaitApplication(
        "second-job", a -> state(a).equals(ApplicationStates.COMPLETED) && applied(a) != null);
    awaitRecord(
        r -> r.getSpec().getApplication().getName().equals("second-job"), Outcome.Succeeded);

    List<SparkRemediation> history = records();
    assertThat(history)
        .extracting(r -> r.getSpec().getApplication().getName() + ":" + r.getStatus().getOutcome())
        .containsExactlyInAnyOrder(APP + ":Succeeded", "second-job:Succeeded");
    assertThat(
            client
                .resources(io.sparkmedic.crds.spark.SparkApplication.class)
                .inNamespace(ns)
                .withName(APP)
                .get()
                .getMetadata()
                .getGeneration())
        .isEqualTo(2L);
  }

  private SparkmedicOperator startReplica(String identity) throws Exception {
    SparkmedicOperator operator =
        new SparkmedicOperator(
            client,
            new SparkmedicOperator.Options(Set.of(ns), -1, identity)
                .withLeaderElection(
                    new SparkmedicOperator.LeaderElection(
                        "sparkmedic-leader",
                        ns,
                        identity,
                        Duration.ofSeconds(3),
                        Duration.ofSeconds(2),
                        Duration.ofMillis(250),
                        false)),
            Clock.systemUTC());
    operator.start();
    replicas.add(operator);
    return operator;
  }

  private String holder() {
    return client
        .resources(Lease.class)
        .inNamespace(ns)
        .withName("sparkmedic-leader")
        .waitUntilCondition(
            l -> l != null && l.getSpec().getHolderIdentity() != null, 30, TimeUnit.SECONDS)
        .getSpec()
        .getHolderIdentity();
  }
}
