package io.sparkmedic.remediation.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Required node affinity for on-demand capacity, merged into what a pod already requires: every
 * {@code nodeSelectorTerm} (they are ORed) gets the capacity label requirement, replacing any
 * requirement on the same key (say, {@code In [spot, on-demand]}) and keeping the others (zone,
 * instance type).
 */
final class OnDemandPlacement {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private OnDemandPlacement() {}

  /** Whether every term of {@code required} already restricts the key to exactly these values. */
  static boolean alreadyRequires(JsonNode required, String key, List<String> values) {
    if (required == null
        || !required.path("nodeSelectorTerms").isArray()
        || required.path("nodeSelectorTerms").isEmpty()) {
      return false;
    }
    for (JsonNode term : required.get("nodeSelectorTerms")) {
      boolean found = false;
      for (JsonNode expr : term.path("matchExpressions")) {
        if (key.equals(expr.path("key").asText())
            && "In".equals(expr.path("operator").asText())
            && valuesOf(expr).equals(values)) {
          found = true;
        }
      }
      if (!found) {
        return false;
      }
    }
    return true;
  }

  /** {@code required} with the capacity requirement in every term; a new object when absent. */
  static ObjectNode require(JsonNode required, String key, List<String> values) {
    ObjectNode requirement = JSON.objectNode();
    requirement.put("key", key);
    requirement.put("operator", "In");
    ArrayNode vs = requirement.putArray("values");
    values.forEach(vs::add);

    ObjectNode out =
        required != null && required.isObject()
            ? ((ObjectNode) required).deepCopy()
            : JSON.objectNode();
    ArrayNode terms =
        out.path("nodeSelectorTerms").isArray()
            ? (ArrayNode) out.get("nodeSelectorTerms")
            : out.putArray("nodeSelectorTerms");
    if (terms.isEmpty()) {
      terms.addObject();
    }
    for (JsonNode t : terms) {
      ObjectNode term = (ObjectNode) t;
      ArrayNode kept = JSON.arrayNode();
      for (JsonNode expr : term.path("matchExpressions")) {
        if (!key.equals(expr.path("key").asText())) {
          kept.add(expr);
        }
      }
      kept.add(requirement.deepCopy());
      term.set("matchExpressions", kept);
    }
    return out;
  }

  private static List<String> valuesOf(JsonNode expr) {
    return java.util.stream.StreamSupport.stream(expr.path("values").spliterator(), false)
        .map(JsonNode::asText)
        .toList();
  }
}
