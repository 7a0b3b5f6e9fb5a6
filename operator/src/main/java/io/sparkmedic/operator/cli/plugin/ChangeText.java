package io.sparkmedic.operator.cli.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkmedic.crds.v1alpha1.SparkRemediationSpec.Change;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A recorded spec change in one line: {@code spec.executor.memoryOverhead: (unset) → 576m}. JSON
 * values are shortened; a node affinity reads as its terms ({@code karpenter.sh/capacity-type in
 * (on-demand)}), the way on-demand placement is recorded.
 */
final class ChangeText {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_JSON = 80;

  private ChangeText() {}

  static String of(Change change) {
    return change.getPath()
        + ": "
        + value(change, change.getFrom())
        + " → "
        + value(change, change.getTo());
  }

  private static String value(Change change, String value) {
    if (value == null) {
      return "(unset)";
    }
    if (!change.json()) {
      return value;
    }
    try {
      JsonNode node = JSON.readTree(value);
      if (node.has("nodeSelectorTerms")) {
        return nodeSelector(node.get("nodeSelectorTerms"));
      }
    } catch (IOException e) {
      // Not JSON after all: show it as it is.
    }
    return value.length() <= MAX_JSON ? value : value.substring(0, MAX_JSON - 1) + "…";
  }

  /** Node selector terms as kubectl writes selectors; terms are ORed. */
  private static String nodeSelector(JsonNode terms) {
    List<String> out = new ArrayList<>();
    for (JsonNode term : terms) {
      List<String> requirements = new ArrayList<>();
      for (JsonNode e : term.path("matchExpressions")) {
        requirements.add(
            Selectors.requirement(
                e.path("key").asText(), e.path("operator").asText(), texts(e.path("values"))));
      }
      out.add(String.join(",", requirements));
    }
    return "nodes with " + String.join(" or ", out);
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asText()));
    return out;
  }
}
