package io.sparkmedic.operator.cli.plugin;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Label selectors written the way {@code kubectl get -l} takes them. */
final class Selectors {

  private Selectors() {}

  /** {@code sla=critical,tier in (batch,backfill),!legacy}; empty for a select-all selector. */
  static String of(LabelSelector selector) {
    if (selector == null) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    if (selector.getMatchLabels() != null) {
      for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
        parts.add(e.getKey() + "=" + e.getValue());
      }
    }
    if (selector.getMatchExpressions() != null) {
      for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
        parts.add(requirement(r.getKey(), r.getOperator(), r.getValues()));
      }
    }
    return String.join(",", parts);
  }

  static String requirement(String key, String operator, List<String> values) {
    String list = "(" + String.join(",", values == null ? List.of() : values) + ")";
    return switch (String.valueOf(operator)) {
      case "In" -> key + " in " + list;
      case "NotIn" -> key + " notin " + list;
      case "Exists" -> key;
      case "DoesNotExist" -> "!" + key;
      case "Gt" -> key + ">" + String.join(",", values == null ? List.of() : values);
      case "Lt" -> key + "<" + String.join(",", values == null ? List.of() : values);
      default -> key + " " + operator + " " + list;
    };
  }
}
