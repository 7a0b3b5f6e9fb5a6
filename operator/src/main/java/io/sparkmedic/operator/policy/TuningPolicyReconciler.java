package io.sparkmedic.operator.policy;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.sparkmedic.crds.v1alpha1.TuningPolicy;
import io.sparkmedic.crds.v1alpha1.TuningPolicyStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Validates each {@link TuningPolicy} and reports the result as a {@code Ready} condition: what the
 * CRD schema cannot reject (an unknown category, a duplicate rule, an unparseable ceiling) shows
 * there, with every problem named. The status is written only when it changes, and {@code
 * lastTransitionTime} moves only when {@code Ready} flips.
 */
@ControllerConfiguration(name = TuningPolicyReconciler.NAME)
public class TuningPolicyReconciler implements Reconciler<TuningPolicy> {

  public static final String NAME = "tuningpolicy";
  public static final String READY = "Ready";

  private final KubernetesClient client;
  private final Clock clock;

  public TuningPolicyReconciler(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  @Override
  public UpdateControl<TuningPolicy> reconcile(TuningPolicy policy, Context<TuningPolicy> context) {
    PolicyTranslator.Result result = PolicyTranslator.translate(policy);
    Condition desired =
        result.valid()
            ? condition("True", "Valid", "The policy is valid and in effect.", policy)
            : condition("False", "Invalid", String.join("; ", result.errors()), policy);
    TuningPolicyStatus current = policy.getStatus();
    Condition existing = current == null ? null : ready(current.getConditions());
    if (existing != null
        && Objects.equals(existing.getStatus(), desired.getStatus())
        && Objects.equals(existing.getReason(), desired.getReason())
        && Objects.equals(existing.getMessage(), desired.getMessage())
        && Objects.equals(current.getObservedGeneration(), policy.getMetadata().getGeneration())) {
      return UpdateControl.noUpdate();
    }
    if (existing != null && Objects.equals(existing.getStatus(), desired.getStatus())) {
      desired.setLastTransitionTime(existing.getLastTransitionTime());
    }
    client
        .resources(TuningPolicy.class)
        .inNamespace(policy.getMetadata().getNamespace())
        .withName(policy.getMetadata().getName())
        .editStatus(
            p -> {
              TuningPolicyStatus status = new TuningPolicyStatus();
              status.setObservedGeneration(policy.getMetadata().getGeneration());
              List<Condition> conditions = new ArrayList<>();
              conditions.add(desired);
              if (p.getStatus() != null && p.getStatus().getConditions() != null) {
                p.getStatus().getConditions().stream()
                    .filter(c -> !READY.equals(c.getType()))
                    .forEach(conditions::add);
              }
              status.setConditions(conditions);
              p.setStatus(status);
              return p;
            });
    return UpdateControl.noUpdate();
  }

  private Condition condition(String status, String reason, String message, TuningPolicy policy) {
    return new ConditionBuilder()
        .withType(READY)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .withObservedGeneration(policy.getMetadata().getGeneration())
        .withLastTransitionTime(Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString())
        .build();
  }

  private static Condition ready(List<Condition> conditions) {
    return conditions == null
        ? null
        : conditions.stream().filter(c -> READY.equals(c.getType())).findFirst().orElse(null);
  }
}
