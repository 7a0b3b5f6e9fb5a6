package io.sparkmedic.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.sparkmedic.crds.v1alpha1.TuningPolicy;
import io.sparkmedic.crds.v1alpha1.TuningPolicySpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicySelectorTest {

  private static TuningPolicy policy(String name, int priority, LabelSelector selector) {
    TuningPolicy p = new TuningPolicy();
    p.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace("team-a")
            .withCreationTimestamp("2026-11-01T00:00:00Z")
            .build());
    TuningPolicySpec spec = new TuningPolicySpec();
    spec.setPriority(priority);
    spec.setSelector(selector);
    p.setSpec(spec);
    return p;
  }

  private static LabelSelector labels(Map<String, String> labels) {
    return new LabelSelectorBuilder().withMatchLabels(labels).build();
  }

  @Test
  void theHighestPriorityOfTheMatchingPoliciesWins() {
    List<TuningPolicy> policies =
        List.of(
            policy("everyone", 0, new LabelSelector()),
            policy("data-team", 10, labels(Map.of("team", "data"))),
            policy("ml-team", 20, labels(Map.of("team", "ml"))));

    assertThat(PolicySelector.select(policies, Map.of("team", "data")))
        .map(p -> p.getMetadata().getName())
        .hasValue("data-team");
    assertThat(PolicySelector.select(policies, Map.of("team", "finance")))
        .map(p -> p.getMetadata().getName())
        .hasValue("everyone");
  }

  @Test
  void noMatchingPolicyMeansNoPolicy() {
    assertThat(
            PolicySelector.select(List.of(policy("ml", 0, labels(Map.of("team", "ml")))), Map.of()))
        .isEmpty();
  }

  @Test
  void setBasedExpressionsAreEvaluatedFully() {
    LabelSelector selector =
        new LabelSelectorBuilder()
            .addNewMatchExpression()
            .withKey("tier")
            .withOperator("In")
            .withValues("batch", "etl")
            .endMatchExpression()
            .addNewMatchExpression()
            .withKey("sparkmedic.io/opt-out")
            .withOperator("DoesNotExist")
            .endMatchExpression()
            .build();

    assertThat(PolicySelector.matches(selector, Map.of("tier", "etl"))).isTrue();
    assertThat(PolicySelector.matches(selector, Map.of("tier", "streaming"))).isFalse();
    assertThat(
            PolicySelector.matches(
                selector, Map.of("tier", "etl", "sparkmedic.io/opt-out", "true")))
        .isFalse();
  }

  @Test
  void tiesGoToTheOlderPolicyThenTheName() {
    TuningPolicy b = policy("b", 5, new LabelSelector());
    TuningPolicy a = policy("a", 5, new LabelSelector());
    TuningPolicy older = policy("z-older", 5, new LabelSelector());
    older.getMetadata().setCreationTimestamp("2026-10-01T00:00:00Z");

    assertThat(PolicySelector.select(List.of(b, a), Map.of()).orElseThrow().getMetadata().getName())
        .isEqualTo("a");
    assertThat(
            PolicySelector.select(List.of(b, a, older), Map.of())
                .orElseThrow()
                .getMetadata()
                .getName())
        .isEqualTo("z-older");
  }
}
