package io.sparkmedic.bench.effectiveness;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sparkmedic.crds.spark.RestartPolicy;
import io.sparkmedic.crds.spark.SparkApplication;
import io.sparkmedic.crds.spark.SparkApplicationSpec;
import io.sparkmedic.crds.v1alpha1.SparkRemediation;
import io.sparkmedic.crds.v1alpha1.SparkRemediationStatus.Outcome;
import io.sparkmedic.crds.v1alpha1.TuningPolicy;
import io.sparkmedic.crds.v1alpha1.TuningPolicySpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.stream.Collectors;

/**
 * Sparkmedic under one {@link TuningPolicy}, with a backoff of 0: the backoff is a real-time wait
 * that would only stretch the benchmark (reaction beyond it is what the scale benchmark measures).
 * Applications run with {@code restartPolicy: Never}, so every retry is Sparkmedic's.
 */
public final class SparkmedicContender implements Contender {

  /** The cost-first example policy, copied from {@code examples/} into the jar at build time. */
  static final String COST_FIRST = "/policies/cost-first.yaml";

  private final String name;
  private final String description;
  private final String namespace;
  private final TuningPolicy policy;

  private SparkmedicContender(
      String name, String description, String namespace, TuningPolicy policy) {
    this.name = name;
    this.description = description;
    this.namespace = namespace;
    this.policy = policy;
    policy.getMetadata().setNamespace(namespace);
    if (policy.getSpec().getBackoff() == null) {
      policy.getSpec().setBackoff(new TuningPolicySpec.Backoff());
    }
    policy.getSpec().getBackoff().setInitialSeconds(0);
  }

  /** Every field at its default ({@code InPlace}, ×1.5, budgets 3/5, on-demand after 1 loss). */
  public static SparkmedicContender defaultPolicy() {
    TuningPolicy policy = new TuningPolicy();
    ObjectMeta meta = new ObjectMeta();
    meta.setName("default");
    policy.setMetadata(meta);
    TuningPolicySpec spec = new TuningPolicySpec();
    spec.setSelector(new LabelSelector());
    policy.setSpec(spec);
    return new SparkmedicContender(
        "Sparkmedic, default policy",
        "a TuningPolicy with every field at its default (InPlace, ×1.5, budgets 3 application /"
            + " 5 infrastructure, everything to on-demand after 1 spot loss, no ceilings)",
        "sm-default",
        policy);
  }

  /** {@code examples/cost-first.yaml} as it is (it selects {@code tier in (batch, backfill)}). */
  public static SparkmedicContender costFirst() {
    TuningPolicy policy;
    try (InputStream in = SparkmedicContender.class.getResourceAsStream(COST_FIRST)) {
      if (in == null) {
        throw new IllegalStateException(COST_FIRST + " is missing from the classpath");
      }
      policy = Serialization.unmarshal(in, TuningPolicy.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new SparkmedicContender(
        "Sparkmedic, cost-first",
        "`examples/cost-first.yaml` (InPlace, ×1.5, budgets 3 / 6, only the driver to on-demand"
            + " after a spot loss, ceilings 12g heap / 3g overhead / 8g driver / 256g per run)",
        "sm-cost-first",
        policy);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String description() {
    return description + "; backoff 0";
  }

  @Override
  public String namespace() {
    return namespace;
  }

  @Override
  public boolean sparkmedic() {
    return true;
  }

  @Override
  public void start(KubernetesClient client) {
    client.resource(policy).create();
  }

  @Override
  public void shape(SparkApplicationSpec spec) {
    RestartPolicy never = new RestartPolicy();
    never.setType(RestartPolicy.NEVER);
    spec.setRestartPolicy(never);
  }

  /** Settled once the failed run's record has a final outcome (nothing more will happen). */
  @Override
  public boolean settled(SparkApplication failed, Records records) {
    SparkRemediation r =
        records.forRun(
            namespace, failed.getMetadata().getName(), failed.getStatus().getSubmissionId());
    return r != null
        && r.getStatus() != null
        && r.getStatus().getOutcome() != null
        && r.getStatus().getOutcome().isFinal()
        && r.getStatus().getOutcome() != Outcome.Succeeded;
  }

  @Override
  public String decisions(SparkApplication app, Records records) {
    return records.of(namespace, app.getMetadata().getName()).stream()
        .map(
            r ->
                r.getSpec().getDiagnosis().getCategory()
                    + ">"
                    + r.getSpec().getDecision()
                    + "/"
                    + (r.getStatus() == null ? "-" : r.getStatus().getOutcome()))
        .collect(Collectors.joining(" "));
  }
}
