package io.sparkmedic.operator.policy;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.sparkmedic.crds.v1alpha1.TuningPolicy;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Picks the {@link TuningPolicy} that governs an application: among the policies of its namespace
 * whose selector matches its labels, the highest {@code priority}; on a tie, the oldest policy,
 * then the name, so the choice never depends on cache order. Selectors are evaluated here rather
 * than by the API server, with the full Kubernetes semantics ({@code In}, {@code NotIn}, {@code
 * Exists}, {@code DoesNotExist}).
 */
public final class PolicySelector {

  private PolicySelector() {}

  public static Optional<TuningPolicy> select(
      Collection<TuningPolicy> policies, Map<String, String> appLabels) {
    Map<String, String> labels = appLabels == null ? Map.of() : appLabels;
    return policies.stream()
        .filter(p -> p.getSpec() != null && p.getMetadata().getDeletionTimestamp() == null)
        .filter(p -> matches(p.getSpec().getSelector(), labels))
        .min(
            Comparator.comparingInt((TuningPolicy p) -> -priority(p))
                .thenComparing(p -> Objects.toString(p.getMetadata().getCreationTimestamp(), ""))
                .thenComparing(p -> p.getMetadata().getName()));
  }

  private static int priority(TuningPolicy p) {
    return p.getSpec().getPriority() == null ? 0 : p.getSpec().getPriority();
  }

  /** Kubernetes label selector semantics; a null or empty selector matches everything. */
  public static boolean matches(LabelSelector selector, Map<String, String> labels) {
    if (selector == null) {
      return true;
    }
    if (selector.getMatchLabels() != null) {
      for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
        if (!Objects.equals(labels.get(e.getKey()), e.getValue())) {
          return false;
        }
      }
    }
    List<LabelSelectorRequirement> expressions =
        selector.getMatchExpressions() == null ? List.of() : selector.getMatchExpressions();
    for (LabelSelectorRequirement r : expressions) {
      String value = labels.get(r.getKey());
      List<String> values = r.getValues() == null ? List.of() : r.getValues();
      boolean ok =
          switch (String.valueOf(r.getOperator())) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> labels.containsKey(r.getKey());
            case "DoesNotExist" -> !labels.containsKey(r.getKey());
            default -> false;
          };
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
