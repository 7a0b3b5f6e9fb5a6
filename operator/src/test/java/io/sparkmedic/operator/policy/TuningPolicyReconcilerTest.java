package io.sparkmedic.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sparkmedic.crds.v1alpha1.TuningPolicy;
import io.sparkmedic.operator.cli.EmbeddedApiServer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TuningPolicyReconcilerTest {

  private EmbeddedApiServer api;
  private KubernetesClient client;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T08:00:00Z"));

  /** A clock the test moves. */
  static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advanceSeconds(long s) {
      now = now.plusSeconds(s);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @BeforeEach
  void start() {
    api = EmbeddedApiServer.start();
    client = api.client();
    api.createNamespace("team-a");
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private TuningPolicy create(String yaml) {
    return client.resource(Serialization.unmarshal(yaml, TuningPolicy.class)).create();
  }

  private Condition ready(String name) {
    TuningPolicy p =
        client.resources(TuningPolicy.class).inNamespace("team-a").withName(name).get();
    return p.getStatus().getConditions().stream()
        .filter(c -> c.getType().equals("Ready"))
        .findFirst()
        .orElseThrow();
  }

  private void reconcile(String name) {
    TuningPolicy p =
        client.resources(TuningPolicy.class).inNamespace("team-a").withName(name).get();
    new TuningPolicyReconciler(client, clock).reconcile(p, null);
  }

  @Test
  void aValidPolicyIsReady() {
    create(
        """
        apiVersion: sparkmedic.io/v1alpha1
        kind: TuningPolicy
        metadata: {name: good, namespace: team-a}
        spec:
          selector: {matchLabels: {team: data}}
          ceilings: {executorMemory: 16g}
        """);

    reconcile("good");

    assertThat(ready("good").getStatus()).isEqualTo("True");
    assertThat(ready("good").getReason()).isEqualTo("Valid");
  }

  @Test
  void whatTheSchemaCannotRejectShowsAsReadyFalseWithEveryProblem() {
    create(
        """
        apiVersion: sparkmedic.io/v1alpha1
        kind: TuningPolicy
        metadata: {name: bad, namespace: team-a}
        spec:
          selector: {}
          rules:
          - {category: EXECUTOR_HEAP_OOM, factor: 1.5}
          - {category: EXECUTOR_HEAP_OOM, factor: 2.0}
          ceilings: {driverMemory: 2Gi}
        """);

    reconcile("bad");

    Condition ready = ready("bad");
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo("Invalid");
    assertThat(ready.getMessage())
        .isEqualTo(
            "spec.rules[1].category EXECUTOR_HEAP_OOM is listed twice; spec.ceilings.driverMemory:"
                + " Invalid suffix \"Gi\" in memory value \"2Gi\"");
  }

  @Test
  void theStatusIsNotRewrittenWhenNothingChanged() {
    create(
        """
        apiVersion: sparkmedic.io/v1alpha1
        kind: TuningPolicy
        metadata: {name: good, namespace: team-a}
        spec:
          selector: {}
        """);
    reconcile("good");
    String version =
        client
            .resources(TuningPolicy.class)
            .inNamespace("team-a")
            .withName("good")
            .get()
            .getMetadata()
            .getResourceVersion();

    clock.advanceSeconds(60);
    reconcile("good");

    TuningPolicy after =
        client.resources(TuningPolicy.class).inNamespace("team-a").withName("good").get();
    assertThat(after.getMetadata().getResourceVersion()).isEqualTo(version);
    assertThat(ready("good").getLastTransitionTime()).isEqualTo("2026-11-21T08:00:00Z");
  }
}
