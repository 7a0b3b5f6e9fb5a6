package io.sparkmedic.operator.cli.plugin;

import io.fabric8.kubernetes.api.model.Condition;
import io.sparkmedic.crds.spark.SparkApplication;
import io.sparkmedic.crds.v1alpha1.TuningPolicy;
import io.sparkmedic.operator.policy.PolicySelector;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@link TuningPolicy}s of a namespace in the order they win, each with whether it is valid,
 * how it acts, and the applications it governs now, the selection evaluated here exactly as the
 * operator does ({@link PolicySelector}); then the applications no policy selects.
 */
final class PolicyOverview {

  /** Longer lists of names are cut, with a count of the rest. */
  static final int MAX_NAMES = 20;

  private PolicyOverview() {}

  static String render(
      String namespace, List<TuningPolicy> policies, List<SparkApplication> applications) {
    if (policies.isEmpty()) {
      return "No TuningPolicy in "
          + namespace
          + ": Sparkmedic leaves its "
          + applications.size()
          + " SparkApplication(s) alone.\n";
    }
    List<TuningPolicy> ordered =
        policies.stream()
            .sorted(
                Comparator.comparingInt((TuningPolicy p) -> -priority(p))
                    .thenComparing(
                        p -> Objects.toString(p.getMetadata().getCreationTimestamp(), ""))
                    .thenComparing(p -> p.getMetadata().getName()))
            .toList();
    Map<String, List<String>> governed = new LinkedHashMap<>();
    Map<String, List<String>> outranked = new LinkedHashMap<>();
    ordered.forEach(p -> governed.put(p.getMetadata().getName(), new ArrayList<>()));
    ordered.forEach(p -> outranked.put(p.getMetadata().getName(), new ArrayList<>()));
    List<String> unselected = new ArrayList<>();
    List<SparkApplication> byName =
        applications.stream()
            .sorted(Comparator.comparing((SparkApplication a) -> a.getMetadata().getName()))
            .toList();
    for (SparkApplication app : byName) {
      Map<String, String> labels = app.getMetadata().getLabels();
      Optional<TuningPolicy> winner = PolicySelector.select(policies, labels);
      if (winner.isEmpty()) {
        unselected.add(app.getMetadata().getName());
        continue;
      }
      String winnerName = winner.get().getMetadata().getName();
      governed.get(winnerName).add(app.getMetadata().getName());
      for (TuningPolicy p : ordered) {
        String name = p.getMetadata().getName();
        if (!name.equals(winnerName)
            && p.getSpec() != null
            && PolicySelector.matches(
                p.getSpec().getSelector(), labels == null ? Map.of() : labels)) {
          outranked.get(name).add(app.getMetadata().getName() + " (→ " + winnerName + ")");
        }
      }
    }

    StringBuilder out = new StringBuilder();
    out.append("TuningPolicies in ")
        .append(namespace)
        .append(", in the order they win (highest priority, then oldest):\n");
    for (TuningPolicy p : ordered) {
      String name = p.getMetadata().getName();
      Optional<Condition> ready = ready(p);
      out.append('\n')
          .append(name)
          .append(" — Ready: ")
          .append(ready.map(Condition::getStatus).orElse("Unknown"))
          .append(", mode ")
          .append(
              p.getSpec() == null || p.getSpec().getMode() == null
                  ? "Remediate"
                  : p.getSpec().getMode())
          .append(", strategy ")
          .append(
              p.getSpec() == null || p.getSpec().getStrategy() == null
                  ? "InPlace"
                  : p.getSpec().getStrategy())
          .append(", priority ")
          .append(priority(p));
      if (p.getMetadata().getDeletionTimestamp() != null) {
        out.append(" (being deleted)");
      }
      out.append('\n');
      if (ready.isEmpty()) {
        out.append("  no status yet: is Sparkmedic running and watching ")
            .append(namespace)
            .append("?\n");
      } else if (!"True".equals(ready.get().getStatus())) {
        out.append("  not ready")
            .append(ready.get().getReason() == null ? "" : " (" + ready.get().getReason() + ")")
            .append(ready.get().getMessage() == null ? "" : ": " + ready.get().getMessage())
            .append('\n');
      }
      String selector = p.getSpec() == null ? "" : Selectors.of(p.getSpec().getSelector());
      out.append("  selector: ")
          .append(selector.isEmpty() ? "(empty: every application)" : selector)
          .append('\n');
      out.append("  selects").append(names(governed.get(name))).append('\n');
      if (!outranked.get(name).isEmpty()) {
        out.append("  also matches")
            .append(names(outranked.get(name), ", but a policy above wins"))
            .append('\n');
      }
    }
    out.append("\nSelected by no policy, left alone").append(names(unselected)).append('\n');
    return out.toString();
  }

  private static int priority(TuningPolicy p) {
    return p.getSpec() == null || p.getSpec().getPriority() == null ? 0 : p.getSpec().getPriority();
  }

  /** The Ready condition as the operator wrote it; empty before it wrote any. */
  private static Optional<Condition> ready(TuningPolicy p) {
    return p.getStatus() == null || p.getStatus().getConditions() == null
        ? Optional.empty()
        : p.getStatus().getConditions().stream()
            .filter(c -> "Ready".equals(c.getType()))
            .findFirst();
  }

  /** {@code " (2): a, b"} or {@code ": none"}. */
  private static String names(List<String> names) {
    return names(names, "");
  }

  /** {@code " (2)<note>: a, b"}, at most {@link #MAX_NAMES} of them, or {@code ": none"}. */
  private static String names(List<String> names, String note) {
    if (names.isEmpty()) {
      return ": none";
    }
    String shown = String.join(", ", names.subList(0, Math.min(MAX_NAMES, names.size())));
    return " ("
        + names.size()
        + ")"
        + note
        + ": "
        + shown
        + (names.size() > MAX_NAMES ? ", … and " + (names.size() - MAX_NAMES) + " more" : "");
  }
}
